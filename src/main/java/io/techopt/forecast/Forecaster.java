package io.techopt.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses the model for a daily series (Holt-Winters with weekly season from two weeks of data, a line before
 * that), measures it by a rolling-origin backtest and calibrates its intervals on the same refits.
 */
public final class Forecaster {
    public static final int WEEK = 7;
    /** Origins before the backtest's whose out-of-sample errors calibrate the intervals. */
    static final int CALIBRATION_ORIGINS = 56;
    /** Half-life of the weight of a calibration error, by the age of its origin. */
    static final int HALF_LIFE_DAYS = 10;

    private Forecaster() {
    }

    public static Forecast fit(double[] y) {
        return y.length >= 2 * WEEK ? HoltWinters.fit(y, WEEK) : LinearTrend.fit(y);
    }

    /**
     * What a rolling-origin backtest measured: mean absolute percentage error and the share of held-out days inside
     * the calibrated 80% and 95% intervals; each null when the series is too short to measure it.
     */
    public record Backtest(Double mape, Double coverage80, Double coverage95, int holdout) {
    }

    /**
     * The model refitted at every origin from two weeks in (at most {@link #CALIBRATION_ORIGINS} + holdout of
     * them) to the end, with each refit's standardized errors on the days after it.
     */
    static final class Rolling {
        final double[] y;
        final int firstOrigin;
        final Forecast[] fits; // fits[o - firstOrigin]: fitted on y[0..o)
        final double[][] dayErr, sumErr; // standardized absolute errors by origin, then horizon - 1

        Rolling(double[] y, int firstOrigin) {
            this.y = y;
            this.firstOrigin = firstOrigin;
            int n = y.length, count = Math.max(0, n - firstOrigin);
            fits = new Forecast[count];
            dayErr = new double[count][];
            sumErr = new double[count][];
            for (int o = firstOrigin; o < n; o++) {
                Forecast f = fit(Arrays.copyOf(y, o));
                fits[o - firstOrigin] = f;
                double[] d = new double[n - o], s = new double[n - o];
                double sum = 0;
                for (int h = 1; h <= n - o; h++) {
                    double e = y[o + h - 1] - f.mean(h);
                    sum += e;
                    d[h - 1] = Math.abs(e) / Prediction.sd(f.variance(h));
                    s[h - 1] = Math.abs(sum) / Prediction.sd(f.varianceOfSum(h));
                }
                dayErr[o - firstOrigin] = d;
                sumErr[o - firstOrigin] = s;
            }
        }

        /** The fit at origin (y[0..origin) seen), calibrated on errors whose days all lie before the origin. */
        Prediction at(int origin, int horizon) {
            Forecast f = origin >= firstOrigin && origin < y.length ? fits[origin - firstOrigin]
                    : fit(Arrays.copyOf(y, origin));
            List<double[]> days = new ArrayList<>();
            List<double[][]> sums = new ArrayList<>();
            for (int k = 1; k <= Math.max(1, horizon); k++) {
                List<double[]> a = new ArrayList<>();
                for (int o = firstOrigin; o + k <= origin; o++) {
                    // recent errors count more: a shift long past says less about the next weeks
                    double w = Math.pow(0.5, (origin - o) / (double) HALF_LIFE_DAYS);
                    a.add(new double[]{sumErr[o - firstOrigin][k - 1], w});
                    days.add(new double[]{dayErr[o - firstOrigin][k - 1], w});
                }
                sums.add(a.toArray(new double[0][]));
            }
            return Prediction.calibrate(f, origin, horizon, days.toArray(new double[0][]), sums);
        }
    }

    /** Refits for a series whose backtest covers the last {@code holdout} days. */
    static Rolling rolling(double[] y, int holdout) {
        int first = Math.max(2 * WEEK, y.length - Math.max(0, holdout) - CALIBRATION_ORIGINS);
        return new Rolling(y, first);
    }

    /** The final fit with calibrated intervals to {@code horizon} days, and the backtest over the last holdout days. */
    public record Result(Prediction prediction, Backtest backtest) {
    }

    public static Result forecast(double[] y, int holdout, int horizon) {
        Rolling r = rolling(y, holdout);
        return new Result(r.at(y.length, horizon), backtest(r, holdout));
    }

    /**
     * Rolling-origin backtest over the last {@code holdout} days: from each origin in the holdout, the fit on the
     * days before it (intervals calibrated on those days only) forecasts every remaining holdout day; MAPE over
     * all (origin, horizon) pairs whose actual is positive, coverage over all pairs. Nothing is measured when fewer
     * than two weeks are left for fitting.
     */
    public static Backtest backtest(double[] y, int holdout) {
        return backtest(rolling(y, holdout), holdout);
    }

    static Backtest backtest(Rolling r, int holdout) {
        double[] y = r.y;
        int n = y.length;
        if (n - holdout < 2 * WEEK || holdout < 1) {
            return new Backtest(null, null, null, holdout);
        }
        double sum = 0;
        int count = 0, pairs = 0, in80 = 0, in95 = 0;
        for (int origin = n - holdout; origin < n; origin++) {
            Prediction p = r.at(origin, n - origin);
            for (int t = origin; t < n; t++) {
                int h = t - origin + 1;
                double e = Math.abs(y[t] - p.mean(h));
                if (y[t] > 0) {
                    sum += Math.abs(y[t] - p.model().mean(h)) / y[t];
                    count++;
                }
                pairs++;
                in80 += e <= p.half(h, 80) ? 1 : 0;
                in95 += e <= p.half(h, 95) ? 1 : 0;
            }
        }
        return new Backtest(count == 0 ? null : sum / count, (double) in80 / pairs, (double) in95 / pairs, holdout);
    }

    /** The backtest's MAPE, NaN when it cannot be measured. */
    public static double backtestMape(double[] y, int holdout) {
        Backtest b = backtest(y, holdout);
        return b.mape() == null ? Double.NaN : b.mape();
    }
}
