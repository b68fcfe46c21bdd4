package io.techopt.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Per-entry similarity thresholds learned from verified outcomes, serving under a user-set error bound (the idea of
 * vCache, arXiv 2502.03771, written here from the paper's description).
 *
 * <p>P(correct | similarity s) for entry e is logistic: logit = a + b*s + u_e. The slope and intercept (a, b) are
 * shared, fitted on every entry's outcomes; u_e is the entry's own shift of its threshold, with a normal prior around 0
 * so that an entry with few outcomes leans on the shared fit. A candidate's risk is the error probability at the lower
 * confidence bound of its logit (the entry's uncertainty counts against it).
 *
 * <p>The promise is kept by measurement, not by trusting the fit: candidates whose risk is at most the cut-off are
 * served, except a random {@link #AUDIT} share of them that is verified instead (an audit); riskier plausible ones are
 * all verified. From these verified outcomes, weighted by the inverse of their chance of being verified, the cut-off is
 * set to the highest risk whose measured error rate among candidates at or under it has its 95% upper bound within
 * the user's bound. A verification is an exploration: the model is called (the hit is not taken) and its answer
 * compared with the entry's; in a labelled replay the labels say it.
 */
public final class AdaptiveThresholds {
    public enum Decision { SERVE, EXPLORE, MISS }

    /** A verified lookup that reached an entry: the similarity and whether the entry's answer was right for it. */
    public record Outcome(double similarity, boolean correct) {
    }

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
    /** Share of servable candidates verified instead of served, so the served error rate stays measured. */
    static final double AUDIT = 0.05;
    /** Outcomes kept per entry (the newest): enough to place its threshold, bounded in the payload. */
    public static final int MAX_OUTCOMES = 64;
    /** Similarities are centred for the fit's conditioning. */
    private static final double CENTRE = 0.85;

    private final double maxError;
    private final SplittableRandom random;
    private final List<double[]> shared = new ArrayList<>();
    /** Verified candidates: {risk at the time, weight (1 / chance of being verified), 1 when wrong}. */
    private final List<double[]> audits = new ArrayList<>();
    private int sinceFit, sinceCut, correctSeen;
    private double a, b;
    /** Covariance of (a, b): the shared fit's uncertainty. */
    private double caa, cab, cbb;
    private boolean fitted;
    /** Candidates at or under this risk are served (but for audits). */
    private double cutoff;

    public AdaptiveThresholds(double maxError, long seed) {
        if (!(maxError > 0 && maxError < 1)) {
            throw new IllegalArgumentException("--max-error must be within (0, 1), not " + maxError);
        }
        this.maxError = maxError;
        this.random = new SplittableRandom(seed);
    }

    public double maxError() {
        return maxError;
    }

    /** The risk at or under which candidates are served now. */
    public double cutoff() {
        return cutoff;
    }

    /** A decision and the risk it was taken at (what {@link #verified} needs back). */
    public record Choice(Decision decision, double risk, double weight) {
    }

    /** What to do with a candidate entry (its outcomes so far) at similarity s. */
    public Choice decide(List<Outcome> entry, double s) {
        if (!fitted) {
            return new Choice(Decision.EXPLORE, 1, 1);
        }
        double[] u = entryShift(entry);
        double x = s - CENTRE;
        double logit = a + b * x + u[0];
        double risk = 1 - sigmoid(logit - Z * Math.sqrt(caa + 2 * x * cab + x * x * cbb + u[1]));
        if (risk <= cutoff) {
            return random.nextDouble() < AUDIT ? new Choice(Decision.EXPLORE, risk, 1 / AUDIT) : new Choice(Decision.SERVE, risk, 0);
        }
        return sigmoid(logit) >= EXPLORE_FLOOR ? new Choice(Decision.EXPLORE, risk, 1) : new Choice(Decision.MISS, risk, 0);
    }

    /**
     * A verified candidate: its outcome goes to the entry (kept to its newest {@link #MAX_OUTCOMES}), to the shared fit,
     * and to the audits that set the cut-off.
     */
    public void verified(Choice c, List<Outcome> entry, double s, boolean correct) {
        record(entry, s, correct);
        learnShared(s, correct);
        if (c.risk() < 1) {
            audits.add(new double[]{c.risk(), c.weight(), correct ? 0 : 1});
            if (++sinceCut >= Math.max(8, audits.size() / 16)) {
                setCutoff();
            }
        }
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
        if (Math.min(correctSeen, shared.size() - correctSeen) >= WARMUP && sinceFit >= Math.max(16, shared.size() / 8)) {
            fitShared();
        }
    }

    /** The highest risk whose weighted error rate among the verified at or under it stays within the bound at 95%. */
    void setCutoff() {
        sinceCut = 0;
        List<double[]> byRisk = new ArrayList<>(audits);
        byRisk.sort(java.util.Comparator.comparingDouble(o -> o[0]));
        double w = 0, w2 = 0, wrong = 0, best = 0;
        for (double[] o : byRisk) {
            w += o[1];
            w2 += o[1] * o[1];
            wrong += o[1] * o[2];
            double n = w * w / w2; // Kish's effective sample size: weights from audits count for fewer
            double p = (wrong / w * n + Z * Z / 2) / (n + Z * Z);
            double upper = p + Z * Math.sqrt(p * (1 - p) / (n + Z * Z));
            if (upper <= maxError) {
                best = o[0];
            }
        }
        cutoff = best;
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
