package io.techopt.stats;

/** A figure as a report carries it: one that could not be measured (NaN) is null, never 0 or NaN, with its key kept. */
public final class Measured {
    private Measured() {
    }

    public static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
