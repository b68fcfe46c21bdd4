package io.techopt.pricing;

/**
 * USD per token for each kind of token; NaN where the catalog gives no figure. Used for the standard rates and
 * for a long-context tier ({@code aboveTokens} &gt; 0).
 */
public record Rates(long aboveTokens, double input, double output, double cacheRead, double cacheWrite,
                    double cacheWrite1h) {
    public static final double NONE = Double.NaN;

    public static double or(double v, double fallback) {
        return Double.isNaN(v) ? fallback : v;
    }
}
