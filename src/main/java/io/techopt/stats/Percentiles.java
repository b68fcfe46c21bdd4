package io.techopt.stats;

import java.util.Arrays;

/** Exact percentiles with linear interpolation between closest ranks (numpy's default, "linear"). */
public final class Percentiles {
    private Percentiles() {
    }

    /** {@code p} in 0..1 of values already sorted ascending; NaN when empty. */
    public static double ofSorted(double[] sorted, int n, double p) {
        if (n == 0) {
            return Double.NaN;
        }
        double h = (n - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, n - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Sorts a copy of the first n values and returns the requested percentiles. */
    public static double[] of(double[] values, int n, double... ps) {
        double[] s = Arrays.copyOf(values, n);
        Arrays.sort(s);
        double[] out = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            out[i] = ofSorted(s, n, ps[i]);
        }
        return out;
    }

    /**
     * The first n values' sum over n. Not StatUtils.mean: it adds a correction term that moves ~80% of means in their
     * last digit (/tmp/house15b/SumCheck.java), and every report's figures with them; StatUtils.sum is the plain sum.
     */
    public static double mean(double[] values, int n) {
        return n == 0 ? Double.NaN : org.apache.commons.math3.stat.StatUtils.sum(values, 0, n) / n;
    }
}
