package io.techopt.cache;

import io.techopt.core.Progress;
import io.techopt.embed.Embedder;

import java.util.ArrayList;
import java.util.List;

import static io.techopt.stats.Measured.nullIfNaN;

/**
 * Precision, recall and F1 of a semantic cache over labelled pairs, per similarity threshold, with or without the
 * false-hit guards; the recommended threshold is the one with the highest recall whose precision reaches the bar.
 */
public final class Calibration {
    /** A labelled pair scored by cosine; {@code guarded}: the guards let it through. */
    public record Scored(double cosine, boolean duplicate, boolean guarded) {
    }

    public record Row(double threshold, double precision, double recall, double f1) {
    }

    private Calibration() {
    }

    public static List<Row> sweep(List<Scored> pairs, boolean useGuards, double from, double to, double step) {
        long positives = pairs.stream().filter(Scored::duplicate).count();
        List<Row> out = new ArrayList<>();
        int steps = (int) Math.round((to - from) / step);
        for (int k = 0; k <= steps; k++) {
            double t = Math.round((from + k * step) * 1e6) / 1e6; // summing steps drifts: 0.80 + 13 x 0.01 > 0.93
            long tp = 0, fp = 0;
            for (Scored p : pairs) {
                if (p.cosine() >= t && (!useGuards || p.guarded())) {
                    if (p.duplicate()) {
                        tp++;
                    } else {
                        fp++;
                    }
                }
            }
            // no hit at this threshold: precision is 0/0, not 1 (NaN here, null in the report)
            double precision = tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
            double recall = positives == 0 ? 0 : (double) tp / positives;
            long fn = positives - tp;
            double f1 = 2 * tp + fp + fn == 0 ? Double.NaN : 2.0 * tp / (2 * tp + fp + fn);
            out.add(new Row(t, precision, recall, f1));
        }
        return out;
    }

    /** The highest-recall threshold with precision at least {@code minPrecision}; null when none reaches it. */
    public static Row recommend(List<Row> rows, double minPrecision) {
        Row best = null;
        for (Row r : rows) {
            if (r.precision() >= minPrecision && r.recall() > 0 && (best == null || r.recall() > best.recall())) {
                best = r;
            }
        }
        return best;
    }

    /** Cosine of each pair's two texts (embedded in batches). */
    public static double[] cosines(List<LabelledPairs.Pair> pairs, Embedder e) {
        return cosines(pairs, e, Progress.NONE);
    }

    /** Pairs embedded a chunk at a time, so that a long calibration can say where it is. */
    private static final int PAIR_CHUNK = 256;

    static double[] cosines(List<LabelledPairs.Pair> pairs, Embedder e, Progress progress) {
        double[] cos = new double[pairs.size()];
        String stage = "embedding pairs (" + e.name() + ")";
        progress.at(stage, 0, pairs.size());
        for (int from = 0; from < pairs.size(); from += PAIR_CHUNK) {
            int to = Math.min(pairs.size(), from + PAIR_CHUNK);
            List<String> texts = new ArrayList<>((to - from) * 2);
            for (LabelledPairs.Pair p : pairs.subList(from, to)) {
                texts.add(p.a());
                texts.add(p.b());
            }
            List<float[]> v = e.embedAll(texts);
            for (int i = from; i < to; i++) {
                cos[i] = Embedder.cosine(v.get(2 * (i - from)), v.get(2 * (i - from) + 1));
            }
            progress.at(stage, to, pairs.size());
        }
        return cos;
    }

    /** The calibration report: thresholds 0.80 to 0.995 by 0.005, for plain cosine and with the guards. */
    public static CalibrationResult run(LabelledPairs.Sample sample, Embedder e, boolean guards, double minPrecision) {
        return run(sample, e, guards, minPrecision, Progress.NONE);
    }

    /** As {@link #run(LabelledPairs.Sample, Embedder, boolean, double)}, telling {@code progress} where it is. */
    public static CalibrationResult run(LabelledPairs.Sample sample, Embedder e, boolean guards, double minPrecision, Progress progress) {
        List<LabelledPairs.Pair> pairs = sample.pairs();
        double[] cos = cosines(pairs, e, progress);
        FalseHitGuard guard = new FalseHitGuard();
        List<Scored> scored = new ArrayList<>(pairs.size());
        long positives = 0;
        progress.at("checking the false-hit guards", 0, pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            LabelledPairs.Pair p = pairs.get(i);
            scored.add(new Scored(cos[i], p.duplicate(), guard.reject(p.a(), p.b()) == null));
            positives += p.duplicate() ? 1 : 0;
            if ((i + 1) % 1024 == 0 || i + 1 == pairs.size()) {
                progress.at("checking the false-hit guards", i + 1, pairs.size());
            }
        }
        List<Row> plain = sweep(scored, false, 0.80, 0.995, 0.005), guarded = sweep(scored, true, 0.80, 0.995, 0.005);
        List<Row> rows = guards ? guarded : plain;
        Row rec = recommend(rows, minPrecision);
        List<String> notes = new ArrayList<>();
        notes.add(guards ? "techopt's check: cosine at or above the threshold, and none of the false-hit guards fires (numbers, "
                + "negation, opposite words, entities, quoted or non-Latin text, a reference to content outside the prompt)"
                : "plain cosine similarity (--no-guards)");
        if (sample.positiveOnly()) {
            notes.add("the file holds duplicates only: each pair got one negative, another pair's text drawn at random; random "
                    + "negatives are easy, so precision here is optimistic");
        }
        if (rec == null) {
            Row best = rows.stream().filter(r -> r.recall() > 0).max(java.util.Comparator.comparingDouble(Row::precision)).orElse(null);
            notes.add(String.format(java.util.Locale.ROOT, "no threshold reaches precision %.2f%s", minPrecision, best == null ? ""
                    : String.format(java.util.Locale.ROOT, "; the best is %.3f at %.3f (recall %.3f)", best.precision(), best.threshold(), best.recall())));
        }
        long noHit = rows.stream().filter(r -> Double.isNaN(r.precision())).count();
        if (noHit > 0) {
            notes.add("thresholds: precision is null at the " + noHit + " thresholds where no pair counts as a hit (0/0)");
        }
        if (rows.stream().anyMatch(r -> Double.isNaN(r.f1()))) {
            notes.add("thresholds: f1 is null where precision and recall are both unmeasurable");
        }
        return new CalibrationResult(pairs.size(), positives, sample.read(), e.name(), guards, minPrecision,
                rows.stream().map(r -> new CalibrationResult.Threshold(r.threshold(), nullIfNaN(r.precision()), r.recall(), nullIfNaN(r.f1()))).toList(),
                rec == null ? null : new CalibrationResult.Recommended(rec.threshold(), rec.precision(), rec.recall()),
                compare(plain, rec, minPrecision), compare(guarded, rec, minPrecision), notes);
    }

    /** Another curve at the same bar: its own recommendation, or its recall at the chosen threshold. */
    private static CalibrationResult.Recommended compare(List<Row> rows, Row chosen, double minPrecision) {
        Row r = recommend(rows, minPrecision);
        if (r == null && chosen != null) {
            r = rows.stream().filter(x -> Math.abs(x.threshold() - chosen.threshold()) < 1e-9).findFirst().orElse(null);
        }
        return r == null ? null : new CalibrationResult.Recommended(r.threshold(), r.precision(), r.recall());
    }
}
