package io.techopt.forecast;

import java.util.Arrays;
import java.util.Locale;

/**
 * Under two weeks of history (too short for a weekly season): the mean spend of weekdays and of weekend days, each day
 * forecast at its part's mean. A line through 11 days read the weekend at the end of the log as a decline, and the
 * month forecast swung 2x between a Friday and a Sunday (review r15 #7: the sample's October $7.14, $4.87, $3.62, $5.39
 * from 10-10 to 10-13, actual $6.66).
 */
final class WeekParts implements Forecast {
    private final double weekday, weekend, sigma2;
    private final int n, weekdays, weekends, firstIsoDay;

    private WeekParts(double weekday, double weekend, double sigma2, int n, int weekdays, int weekends, int firstIsoDay) {
        this.weekday = weekday;
        this.weekend = weekend;
        this.sigma2 = sigma2;
        this.n = n;
        this.weekdays = weekdays;
        this.weekends = weekends;
        this.firstIsoDay = firstIsoDay;
    }

    /** True when day t of a series whose day 0 is ISO weekday firstIsoDay (1 Monday .. 7 Sunday) is a Saturday or Sunday. */
    static boolean weekend(int firstIsoDay, int t) {
        return (firstIsoDay - 1 + t) % 7 >= 5;
    }

    /**
     * Day t's typical spend by its week part: the median of the other weekdays (or weekend days) in y[0..upTo), NaN
     * when none was seen or one had no spend (a sparse log has no typical day), as {@link Forecaster#typical} is.
     */
    static double typical(double[] y, int t, int upTo, int firstIsoDay) {
        double[] same = new double[upTo];
        int k = 0;
        for (int d = 0; d < upTo; d++) {
            if (d != t && !Double.isNaN(y[d]) && weekend(firstIsoDay, d) == weekend(firstIsoDay, t)) {
                if (!(y[d] > 0)) {
                    return Double.NaN;
                }
                same[k++] = y[d];
            }
        }
        if (k == 0) {
            return Double.NaN;
        }
        Arrays.sort(same, 0, k);
        return k % 2 == 1 ? same[k / 2] : (same[k / 2 - 1] + same[k / 2]) / 2;
    }

    /** The fit, or null when either part has fewer than two observed days. */
    static WeekParts fit(double[] y, int firstIsoDay) {
        return fit(y, firstIsoDay, 2);
    }

    /** The fit, or null when either part has fewer than {@code least} observed days (or all of them under three). */
    static WeekParts fit(double[] y, int firstIsoDay, int least) {
        double[] sum = new double[2];
        int[] count = new int[2];
        for (int t = 0; t < y.length; t++) {
            if (!Double.isNaN(y[t])) {
                int p = weekend(firstIsoDay, t) ? 1 : 0;
                sum[p] += y[t];
                count[p]++;
            }
        }
        if (count[0] < least || count[1] < least || count[0] + count[1] < 3) {
            return null;
        }
        double wd = sum[0] / count[0], we = sum[1] / count[1], sse = 0;
        for (int t = 0; t < y.length; t++) {
            if (!Double.isNaN(y[t])) {
                double e = y[t] - (weekend(firstIsoDay, t) ? we : wd);
                sse += e * e;
            }
        }
        return new WeekParts(wd, we, sse / (count[0] + count[1] - 2), y.length, count[0], count[1], firstIsoDay);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "weekday and weekend means (%.4f and %.4f USD/day; fewer than 14 days of data)",
                weekday, weekend);
    }

    private boolean weekendAt(int h) {
        return weekend(firstIsoDay, n - 1 + h);
    }

    @Override
    public double mean(int h) {
        return weekendAt(h) ? weekend : weekday;
    }

    @Override
    public double variance(int h) {
        return sigma2 * (1 + 1.0 / (weekendAt(h) ? weekends : weekdays));
    }

    @Override
    public double varianceOfSum(int horizon) {
        // the days' own noise adds up; each part's mean error is shared by all of its days
        int we = 0;
        for (int h = 1; h <= horizon; h++) {
            we += weekendAt(h) ? 1 : 0;
        }
        int wd = horizon - we;
        return sigma2 * (horizon + (double) wd * wd / weekdays + (double) we * we / weekends);
    }
}
