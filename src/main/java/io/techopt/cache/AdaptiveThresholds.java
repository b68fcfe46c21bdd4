package io.techopt.cache;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-entry similarity thresholds learned from verified outcomes, serving under a user-set error bound (the idea of
 * vCache, arXiv 2502.03771, written here from the paper's description).
 *
 * <p>P(correct | similarity s) for entry e is logistic: logit = a + b*s + u_e. The slope and intercept (a, b) are
 * shared, fitted on every entry's outcomes; u_e is the entry's own shift of its threshold, with a normal prior around 0
 * so that an entry with few outcomes leans on the shared fit. A candidate is served only when its error probability at
 * the 95% lower confidence bound of its logit (the shared fit's and the entry's uncertainty both count against it) is
 * at most the bound; otherwise it is verified (an exploration: the model is called and its answer compared with the
 * entry's; in a labelled replay the labels say it) when a hit is plausible, else a plain miss.
 */
public final class AdaptiveThresholds {
    public enum Decision { SERVE, EXPLORE, MISS }

    /** A verified lookup that reached an entry: the similarity and whether the entry's answer was right for it. */
    public record Outcome(double similarity, boolean correct) {
    }

    /** The bound a lookup serves under unless the user sets one (--max-error's default); a warm only learns. */
    public static final double DEFAULT_MAX_ERROR = 0.02;
    /** One-sided 95%. */
    static final double Z = 1.645;
    /** Prior standard deviation of an entry's shift, in logits: how far entries may differ before their data shows it. */
    static final double ENTRY_SD = 1.0;
    /**
     * Correct and wrong outcomes each before the shared fit is trusted: until then every candidate is explored (with one
     * kind only the fit would push the other's probability to 0 and stop exploring for good).
     */
    static final int WARMUP = 25;
    /** Plausible: the estimated P(correct) is at least this; below it verifying is wasted work, a plain miss. */
    static final double EXPLORE_FLOOR = 0.05;
    /** Outcomes kept per entry (the newest): enough to place its threshold, bounded in the payload. */
    public static final int MAX_OUTCOMES = 64;
    /** Outcomes kept for the shared fit (the newest): bounds the state persisted with an index (about 1 MB as JSON). */
    public static final int MAX_SHARED = 50_000;
    /** Similarities are centred for the fit's conditioning. */
    private static final double CENTRE = 0.85;

    private final double maxError;
    private final List<double[]> shared = new ArrayList<>();
    private int sinceFit, correctSeen;
    private double a, b;
    /** Covariance of (a, b): the shared fit's uncertainty. */
    private double caa, cab, cbb;
    private boolean fitted;

    public AdaptiveThresholds(double maxError) {
        if (!(maxError > 0 && maxError < 1)) {
            throw new IllegalArgumentException("--max-error must be within (0, 1), not " + maxError);
        }
        this.maxError = maxError;
    }

    public double maxError() {
        return maxError;
    }

    /** What to do with a candidate entry (its outcomes so far) at similarity s. */
    public Decision decide(List<Outcome> entry, double s) {
        if (!fitted) {
            return Decision.EXPLORE;
        }
        double[] u = entryShift(entry);
        double x = s - CENTRE;
        if (risk(x, u[0], u[1]) <= maxError) {
            return Decision.SERVE;
        }
        return sigmoid(a + b * x + u[0]) >= EXPLORE_FLOOR ? Decision.EXPLORE : Decision.MISS;
    }

    /** A verified outcome: to the entry (kept to its newest {@link #MAX_OUTCOMES}) and to the shared fit. */
    public void verified(List<Outcome> entry, double s, boolean correct) {
        record(entry, s, correct);
        learnShared(s, correct);
    }

    /** Adds an outcome to an entry's own list, keeping the newest {@link #MAX_OUTCOMES}. */
    public static void record(List<Outcome> entry, double s, boolean correct) {
        entry.add(new Outcome(s, correct));
        if (entry.size() > MAX_OUTCOMES) {
            entry.remove(0);
        }
    }

    /** An outcome for the shared fit. */
    public void learnShared(double s, boolean correct) {
        shared.add(new double[]{s - CENTRE, correct ? 1 : 0});
        sinceFit++;
        correctSeen += correct ? 1 : 0;
        if (shared.size() > MAX_SHARED) {
            correctSeen -= (int) shared.remove(0)[1];
        }
        if (Math.min(correctSeen, shared.size() - correctSeen) >= WARMUP && sinceFit >= Math.max(16, shared.size() / 8)) {
            fitShared();
        }
    }

    /** The outcomes behind the shared fit, oldest first: what is persisted to rebuild it. */
    public List<Outcome> sharedOutcomes() {
        List<Outcome> out = new ArrayList<>(shared.size());
        for (double[] o : shared) {
            out.add(new Outcome(o[0] + CENTRE, o[1] == 1));
        }
        return out;
    }

    /** The shared fit (a, b and their covariance), null before it exists, and the outcomes since: persisted with the outcomes. */
    public double[] fit() {
        return fitted ? new double[]{a, b, caa, cab, cbb} : null;
    }

    public int sinceFit() {
        return sinceFit;
    }

    /**
     * Restores persisted state: the outcomes (oldest first), the fit as it stood (null: none yet) and the outcomes
     * since it, so that a restarted lookup decides exactly as the run that learned them would have.
     */
    public void restore(List<Outcome> outcomes, double[] fit, int sinceFit) {
        shared.clear();
        correctSeen = 0;
        for (Outcome o : outcomes) {
            shared.add(new double[]{o.similarity() - CENTRE, o.correct() ? 1 : 0});
            correctSeen += o.correct() ? 1 : 0;
        }
        while (shared.size() > MAX_SHARED) {
            correctSeen -= (int) shared.remove(0)[1];
        }
        this.sinceFit = sinceFit;
        fitted = fit != null;
        if (fitted) {
            if (fit.length != 5) {
                throw new IllegalArgumentException("a fit is 5 numbers (a, b and their covariance), not " + fit.length);
            }
            a = fit[0];
            b = fit[1];
            caa = fit[2];
            cab = fit[3];
            cbb = fit[4];
        }
    }

    /** Whether the shared fit exists (before it, every candidate is explored). */
    public boolean fitted() {
        return fitted;
    }

    /** Error probability at the 95% lower bound of the logit: centred similarity x, entry shift u with variance v. */
    private double risk(double x, double u, double v) {
        return 1 - sigmoid(a + b * x + u - Z * Math.sqrt(caa + 2 * x * cab + x * x * cbb + v));
    }

    /** Newton's method on the shared logistic fit, with a weak ridge so that separable data stays finite. */
    void fitShared() {
        sinceFit = 0;
        double na = a, nb = b, haa = 0, hab = 0, hbb = 0;
        for (int it = 0; it < 25; it++) {
            double ga = -1e-3 * na, gb = -1e-3 * nb;
            haa = 1e-3;
            hab = 0;
            hbb = 1e-3;
            for (double[] o : shared) {
                double p = sigmoid(na + nb * o[0]), w = p * (1 - p);
                ga += o[1] - p;
                gb += (o[1] - p) * o[0];
                haa += w;
                hab += w * o[0];
                hbb += w * o[0] * o[0];
            }
            double det = haa * hbb - hab * hab;
            double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
            na += da;
            nb += db;
            if (Math.abs(da) + Math.abs(db) < 1e-8) {
                break;
            }
        }
        double det = haa * hbb - hab * hab;
        a = na;
        b = nb;
        caa = hbb / det;
        cab = -hab / det;
        cbb = haa / det;
        fitted = true;
    }

    /** The entry's shift (MAP under its prior) and the shift's posterior variance, given the shared fit. */
    double[] entryShift(List<Outcome> entry) {
        double u = 0, h = 1 / (ENTRY_SD * ENTRY_SD);
        for (int it = 0; it < 20 && !entry.isEmpty(); it++) {
            double g = -u / (ENTRY_SD * ENTRY_SD);
            h = 1 / (ENTRY_SD * ENTRY_SD);
            for (Outcome o : entry) {
                double p = sigmoid(a + b * (o.similarity() - CENTRE) + u);
                g += (o.correct() ? 1 : 0) - p;
                h += p * (1 - p);
            }
            double step = g / h;
            u += step;
            if (Math.abs(step) < 1e-9) {
                break;
            }
        }
        return new double[]{u, 1 / h};
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
