package io.techopt.stats;

import java.util.Arrays;

/** A growable primitive double array: 8 bytes a value, no boxing. */
public final class DoubleList {
    private double[] a;
    private int n;

    /** Presized, so a list filled to a known size never copies itself while growing. */
    public DoubleList(int capacity) {
        a = new double[Math.max(capacity, 1)];
    }

    public DoubleList() {
        this(16);
    }

    public void add(double v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, a.length + (a.length >> 1) + 16);
        }
        a[n++] = v;
    }

    public int size() {
        return n;
    }

    public double[] raw() {
        return a;
    }

    /** p50/p95/… of the values (exact, numpy linear). */
    public double[] percentiles(double... ps) {
        return Percentiles.of(a, n, ps);
    }

    public double mean() {
        return Percentiles.mean(a, n);
    }
}
