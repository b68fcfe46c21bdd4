package io.techopt.forecast;

/**
 * Chooses the model for a daily series (Holt-Winters with weekly season from two weeks of data, a line before
 * that) and measures it by a rolling-origin backtest.
 */
public final class Forecaster {
    public static final int WEEK = 7;

    private Forecaster() {
    }

    public static Forecast fit(double[] y) {
        return y.length >= 2 * WEEK ? HoltWinters.fit(y, WEEK) : LinearTrend.fit(y);
    }

    /**
     * Rolling-origin backtest over the last {@code holdout} days: from each origin in the holdout, refit on the
     * days before it and forecast every remaining holdout day; MAPE over all (origin, horizon) pairs whose actual
     * is positive. NaN when the series is too short to leave two weeks for fitting.
     */
    public static double backtestMape(double[] y, int holdout) {
        int n = y.length;
        if (n - holdout < 2 * WEEK || holdout < 1) {
            return Double.NaN;
        }
        double sum = 0;
        int count = 0;
        for (int origin = n - holdout; origin < n; origin++) {
            double[] train = java.util.Arrays.copyOf(y, origin);
            Forecast f = fit(train);
            for (int t = origin; t < n; t++) {
                if (y[t] > 0) {
                    sum += Math.abs(y[t] - f.mean(t - origin + 1)) / y[t];
                    count++;
                }
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
