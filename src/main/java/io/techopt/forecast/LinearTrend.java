package io.techopt.forecast;

import java.util.Locale;

/** Least-squares line through the series: the fallback when there are fewer than two weeks of data. */
public final class LinearTrend implements Forecast {
    /** Intercept and slope: a series of this many days or fewer is fitted exactly, leaving no residual to measure. */
    public static final int PARAMETERS = 2;
    private final double a, b, sigma2, tMean, sxx;
    /** Days in the series, and those of them observed (not missing). */
    private final int n, observed;

    private LinearTrend(double a, double b, double sigma2, double tMean, double sxx, int n, int observed) {
        this.a = a;
        this.b = b;
        this.sigma2 = sigma2;
        this.tMean = tMean;
        this.sxx = sxx;
        this.n = n;
        this.observed = observed;
    }

    public static LinearTrend fit(double[] y) {
        int n = y.length;
        if (n == 0) {
            throw new IllegalArgumentException("no data to fit");
        }
        // missing days (NaN: a logging outage) are left out of the least squares; the line keeps the calendar
        int observed = HoltWinters.observed(y);
        if (observed == 0) {
            throw new IllegalArgumentException("no data to fit");
        }
        double tMean = 0, yMean = HoltWinters.mean(y, 0, n), sxx = 0, sxy = 0;
        for (int t = 0; t < n; t++) {
            tMean += Double.isNaN(y[t]) ? 0 : (double) t / observed;
        }
        for (int t = 0; t < n; t++) {
            if (!Double.isNaN(y[t])) {
                sxx += (t - tMean) * (t - tMean);
                sxy += (t - tMean) * (y[t] - yMean);
            }
        }
        double b = sxx == 0 ? 0 : sxy / sxx;
        double a = yMean - b * tMean;
        double sse = 0;
        for (int t = 0; t < n; t++) {
            double e = Double.isNaN(y[t]) ? 0 : y[t] - (a + b * t);
            sse += e * e;
        }
        double sigma2 = observed > PARAMETERS ? sse / (observed - PARAMETERS) : 0;
        return new LinearTrend(a, b, sigma2, tMean, sxx, n, observed);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "linear trend (%.4f USD/day change; fewer than 14 days of data)", b);
    }

    @Override
    public double mean(int h) {
        return a + b * (n - 1 + h);
    }

    @Override
    public double variance(int h) {
        double t = n - 1 + h;
        return sigma2 * (1 + 1.0 / observed + (sxx == 0 ? 0 : (t - tMean) * (t - tMean) / sxx));
    }

    @Override
    public double varianceOfSum(int horizon) {
        double sumDev = 0;
        for (int h = 1; h <= horizon; h++) {
            sumDev += n - 1 + h - tMean;
        }
        return sigma2 * (horizon + (double) horizon * horizon / observed + (sxx == 0 ? 0 : sumDev * sumDev / sxx));
    }
}
