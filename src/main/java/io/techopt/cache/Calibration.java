package io.techopt.cache;

import java.util.ArrayList;
import java.util.List;

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
            double precision = tp + fp == 0 ? 1 : (double) tp / (tp + fp);
            double recall = positives == 0 ? 0 : (double) tp / positives;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
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
}
