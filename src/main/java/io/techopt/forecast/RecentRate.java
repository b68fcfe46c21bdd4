package io.techopt.forecast;

import java.util.Locale;

/**
 * The mean daily spend of a series that began (first spend after days without any) less than a week before its end:
 * a team or model launched on the last days of the log. Its days are too few for a trend or a season, and a fit on
 * the zeros before them read the start as a steep trend (review r15 #3: a team new on the last day, $0.35 a day, was
 * forecast at $20.86 for a month with a zero-width band). The rate measured on so few days may be off by half either
 * way: that is its standard deviation, the same on every day (the error is the rate's, so a sum's errors add up).
 */
final class RecentRate implements Forecast {
    /** The rate's standard deviation as a share of the rate. */
    static final double RELATIVE_SD = 0.5;
    /**
     * The same for a whole log younger than a week (review r21f H1: a line through its 2-6 days was extrapolated, $3.32
     * or $66.15 for a month whose days read $13-19): the rate may be off by about half at 95% (1.96 sds), by under a
     * third at 80%, so the 80% band of a month stays within 1.5x of its readings either way (the acceptance rules).
     */
    static final double YOUNG_LOG_RELATIVE_SD = 0.5 / 1.96;
    private final double rate;
    /** The share of days with spend the rate is spread over: 1, or a sparse log's (see {@link #ofSparseLog}). */
    private final double share;
    private final int days;
    private final double relativeSd;
    /** True for a whole log younger than a week, false for a scope that began on the last days of an older one. */
    private final boolean wholeLog;

    private RecentRate(double rate, int days, double relativeSd, boolean wholeLog) {
        this(rate, 1, days, relativeSd, wholeLog);
    }

    private RecentRate(double rate, double share, int days, double relativeSd, boolean wholeLog) {
        this.rate = rate;
        this.share = share;
        this.days = days;
        this.relativeSd = relativeSd;
        this.wholeLog = wholeLog;
    }

    /** True for a series too short for a line or a weekly pattern: under a week (see {@link #ofYoungLog}). */
    static boolean young(double[] y) {
        return y.length < Forecaster.WEEK;
    }

    /** The mean daily spend of a whole series younger than a week, missing days (NaN) left out. */
    static RecentRate ofYoungLog(double[] y) {
        return new RecentRate(mean(y, 0), y.length, YOUNG_LOG_RELATIVE_SD, true);
    }

    boolean wholeLog() {
        return wholeLog;
    }

    double rate() {
        return rate * share;
    }

    /**
     * The series' first day with spend when no day before it had any, it lies fewer than a week before the end and
     * at least a week of the series comes before it; -1 otherwise.
     */
    static int start(double[] y) {
        int s = -1;
        for (int t = 0; t < y.length && s < 0; t++) {
            s = y[t] > 0 ? t : -1;
        }
        return s >= Forecaster.WEEK && y.length - s < Forecaster.WEEK ? s : -1;
    }

    static RecentRate of(double[] y, int start) {
        return new RecentRate(mean(y, start), y.length - start, RELATIVE_SD, false);
    }

    /**
     * A scope that began on the last days of a log with spend on few days: its days with spend are as rare as the
     * log's, so its mean day is its spend since at that share (review s16 #12: the one request of a model on the last
     * day of a log with spend on 2 of its last 28 days read as that spend every day, $0.0094 for a month whose total
     * reads $0.0020). Its sd holds the count's spread (a Bernoulli day) and the rate's ({@link #RELATIVE_SD}).
     */
    static RecentRate ofSparseLog(double[] y, int start, double share) {
        return new RecentRate(mean(y, start), share, y.length - start, RELATIVE_SD, false);
    }

    /** The days with spend from start on: a scope spending on each of its few days reads as a daily rate. */
    static int daysWithSpend(double[] y, int start) {
        int n = 0;
        for (int t = start; t < y.length; t++) {
            n += y[t] > 0 ? 1 : 0;
        }
        return n;
    }

    /** The mean daily spend on days with spend (that of every day when the log is not sparse). */
    double everyDayRate() {
        return rate;
    }

    /** The share of days with spend the rate is spread over (1 but for {@link #ofSparseLog}). */
    double share() {
        return share;
    }

    private static double mean(double[] y, int start) {
        double sum = 0;
        int seen = 0;
        for (int t = start; t < y.length; t++) {
            if (!Double.isNaN(y[t])) {
                sum += y[t];
                seen++;
            }
        }
        return seen == 0 ? 0 : sum / seen;
    }

    @Override
    public String describe() {
        return wholeLog ? String.format(Locale.ROOT, "mean rate (%.4f USD/day, the mean of the log's %d day(s); under a "
                + "week: too few for a trend or a season)", rate, days)
                : share < 1 ? Dollars.format("recent rate (%.4f USD/day: the mean of the %d day(s) since "
                + "its first spend, $%.4f, on %.1f%% of days as the log's days with spend; too few for a fit)", rate * share,
                days, rate, 100 * share)
                : String.format(Locale.ROOT, "recent rate (%.4f USD/day, the mean of the %d day(s) since its first spend; "
                + "too few for a fit)", rate, days);
    }

    @Override
    public double mean(int h) {
        return rate * share;
    }

    @Override
    public double variance(int h) {
        // a day with spend or none (share p), at a rate itself off by relativeSd
        return rate * rate * share * (1 - share) + Math.pow(relativeSd * rate * share, 2);
    }

    @Override
    public double varianceOfSum(int horizon) {
        return horizon * rate * rate * share * (1 - share) + Math.pow(relativeSd * rate * share * horizon, 2);
    }
}
