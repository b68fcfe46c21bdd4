package io.techopt.forecast;

import io.techopt.forecast.SpikeRule.Spikes;

import java.util.Arrays;
import java.util.List;

import static io.techopt.forecast.JobSchedule.schedule;
import static io.techopt.forecast.LevelShifts.levelShifts;
import static io.techopt.forecast.LevelShifts.observed;
import static io.techopt.forecast.LevelShifts.stepAdjusted;
import static io.techopt.forecast.Rolling.rolling;
import static io.techopt.forecast.SpikeRule.despiked;
import static io.techopt.forecast.SpikeRule.spikeRule;

/**
 * Chooses the model for a daily series (Holt-Winters with weekly season from two weeks of data, a line before
 * that), measures it by a rolling-origin backtest and calibrates its intervals on the same refits. Level shifts in
 * the history (a step in spend that stays) are found, taken out of the fit and out of the calibration.
 */
public final class Forecaster {
    public static final int WEEK = 7;
    /** Origins before the backtest's whose out-of-sample errors calibrate the intervals. */
    static final int CALIBRATION_ORIGINS = 56;
    /** Half-life of the weight of a calibration error, by the age of the last day it measured. */
    static final int HALF_LIFE_DAYS = 10;
    /** Forecasts from origins this soon after a level shift are left out of the calibration: the fit still adapts. */
    static final int ADAPT_DAYS = WEEK;
    /** A level shift is a step of more than SHIFT_T standard errors and more than SHIFT_REL of the level before it. */
    static final double SHIFT_T = 5, SHIFT_REL = 0.25;

    private Forecaster() {
    }

    public static Forecast fit(double[] y) {
        return fit(y, 0);
    }

    /** @param firstIsoDay the ISO weekday (1 Monday .. 7 Sunday) of y[0]; 0: unknown */
    static Forecast fit(double[] y, int firstIsoDay) {
        if (y.length < 2 * WEEK || observed(y, 0, y.length) < 2 * WEEK) {
            // a week or more, too short for a season: weekdays and weekends apart, not a line through a weekend
            // the last days the end rule reads (see spikeRule) are left out, as on a longer series
            double[] z = y.length < 2 * WEEK ? despiked(y, spikeRule(y, y.length, firstIsoDay).days()) : y;
            WeekParts parts = firstIsoDay > 0 && y.length >= WEEK ? WeekParts.fit(z, firstIsoDay) : null;
            if (parts == null && z != y && firstIsoDay > 0 && y.length >= WEEK) {
                // a week whose last days the end rule left out may keep one weekend day: it is that part's mean
                // (review r16b #10: the doubled Friday and Saturday of a 7-day log in the means put lo80 at $8.94
                // for readings of $13.58 and $22.33)
                parts = WeekParts.fit(z, firstIsoDay, 1);
            }
            return parts != null ? parts : LinearTrend.fit(z);
        }
        double[] z = despiked(y, schedule(y, y.length).days());
        Spikes spikes = spikeRule(z, z.length);
        int[] shifts = beforeEndStep(levelShifts(z, z.length), spikes, z.length);
        return HoltWinters.fit(endStepAdjusted(stepAdjusted(despiked(z, spikes.leftOut()), shifts), spikes), WEEK);
    }

    /**
     * The level shifts whose week after them lies before a step ending the series (all of them when there is none): a
     * shift found a few days before that step is the step itself, misplaced by noise on the days before it (its week
     * held the step's days), and it would move the history a second time.
     */
    static int[] beforeEndStep(int[] shifts, Spikes spikes, int upTo) {
        return spikes.shiftRun() == 0 ? shifts
                : Arrays.stream(shifts).filter(s -> s <= upTo - spikes.shiftRun() - WEEK).toArray();
    }

    /**
     * The series with the days before a step ending it (see {@link Spikes#shiftRun}) scaled to the step's level, so the
     * fit sees one level and no trend: fed as it was, a noisy step of four to six days made a trend past the new level
     * (review r16b #3: a 2x step on the last 4 days with 5% noise, $42.28, 80% to $55.17, for readings of $34.60 new
     * and $23.40 old). Scaled, not moved, so a weekly pattern keeps its shape at the new level.
     */
    static double[] endStepAdjusted(double[] y, Spikes spikes) {
        if (spikes.shiftRun() == 0) {
            return y;
        }
        double[] a = y.clone();
        for (int t = 0; t < a.length - spikes.shiftRun(); t++) {
            a[t] *= spikes.shiftRatio();
        }
        return a;
    }

    /**
     * What a rolling-origin backtest measured: mean absolute percentage error and the share of held-out days inside
     * the calibrated 80% and 95% intervals; each null when the series is too short to measure it.
     */
    public record Backtest(Double mape, Double coverage80, Double coverage95, int holdout, int stoppedFrom) {
        public Backtest(Double mape, Double coverage80, Double coverage95, int holdout) {
            this(mape, coverage80, coverage95, holdout, -1);
        }

        /** True when held-out days from {@link #stoppedFrom} on (the day spend stopped) were left out. */
        public boolean leftOutStoppedDays() {
            return stoppedFrom >= 0;
        }
    }

    /** The final fit with calibrated intervals to {@code horizon} days, and the backtest over the last holdout days. */
    public record Result(Prediction prediction, Backtest backtest, Rolling rolling) {
        /** The fit on the days before {@code origin}, calibrated for {@code horizon} days: a missing run's estimate. */
        public Prediction at(int origin, int horizon) {
            return rolling.at(origin, horizon);
        }
    }

    public static Result forecast(double[] y, int holdout, int horizon) {
        return forecast(y, holdout, horizon, y.length);
    }

    /**
     * Below this share of the level before it, the spend after a level shift has stopped (a shutdown, then health
     * checks or stray requests): a percentage error against it measures nothing.
     */
    static final double STOPPED_SHARE = 0.05;

    /**
     * @param stoppedFrom the first day on which spend stopped (a shutdown the outage rule read; y.length: none): the
     *                    backtest measures no held-out day from it on, nor from a level shift down to under
     *                    {@link #STOPPED_SHARE} of the level before it (review r10 #6: a MAPE of 26,194% on a shutdown's days)
     */
    public static Result forecast(double[] y, int holdout, int horizon, int stoppedFrom) {
        return forecast(y, holdout, horizon, stoppedFrom, 0);
    }

    /** @param firstIsoDay the ISO weekday (1 Monday .. 7 Sunday) of y[0]; 0: unknown */
    public static Result forecast(double[] y, int holdout, int horizon, int stoppedFrom, int firstIsoDay) {
        return forecast(y, holdout, horizon, stoppedFrom, firstIsoDay, 1);
    }

    /**
     * @param logShare the share of days with spend of the log the series is a scope of: 1, or under it for a log
     *                 with spend on few days, whose scope that began on its last days spends on as few
     */
    static Result forecast(double[] y, int holdout, int horizon, int stoppedFrom, int firstIsoDay, double logShare) {
        Rolling r = rolling(y, holdout, firstIsoDay);
        int start = RecentRate.young(y) ? 0 : RecentRate.start(y);
        if (start >= 0) {
            // a scope that began in the last days: its rate, not a fit on the zeros before it (review r15 #3); a whole
            // log under a week likewise, not a line through its 2-6 days (review r21f H1)
            Prediction p = Prediction.calibrate(RecentRate.young(y) ? RecentRate.ofYoungLog(y)
                    : logShare < 1 && RecentRate.daysWithSpend(y, start) == 1 ? RecentRate.ofSparseLog(y, start, logShare)
                    : RecentRate.of(y, start),
                    y.length - start, horizon, new double[0][], List.of());
            return new Result(p, new Backtest(null, null, null, holdout), r);
        }
        Prediction p = r.at(y.length, horizon);
        int stop = Math.min(stoppedFrom, y.length);
        for (int s : p.levelShifts()) {
            double before = HoltWinters.mean(y, s - 2 * WEEK, s), after = HoltWinters.mean(y, s, y.length);
            if (before > 0 && after < STOPPED_SHARE * before) {
                stop = Math.min(stop, s);
            }
        }
        return new Result(p, backtest(r, holdout, stop), r);
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
        return backtest(r, holdout, r.y.length);
    }

    /** The backtest measuring no held-out day from {@code stop} on (spend stopped there). */
    static Backtest backtest(Rolling r, int holdout, int stop) {
        double[] y = r.y;
        int n = y.length;
        int stoppedFrom = stop < n ? stop : -1;
        if (n - holdout < 2 * WEEK || holdout < 1) {
            return new Backtest(null, null, null, holdout);
        }
        double sum = 0;
        int count = 0, pairs = 0, in80 = 0, in95 = 0;
        for (int origin = n - holdout; origin < Math.min(n, stop); origin++) {
            Prediction p = r.at(origin, n - origin);
            for (int t = origin; t < Math.min(n, stop); t++) {
                if (Double.isNaN(y[t])) {
                    continue; // a missing day is not a held-out day
                }
                int h = t - origin + 1;
                double e = Math.abs(y[t] - p.mean(h));
                if (y[t] > 0) {
                    // the model's own mean (unclamped), with a recurring job's run on its day
                    sum += Math.abs(y[t] - p.model().mean(h) - p.jobs.extraAt(origin + h - 1)) / y[t];
                    count++;
                }
                pairs++;
                in80 += e <= p.half(h, 80) ? 1 : 0;
                in95 += e <= p.half(h, 95) ? 1 : 0;
            }
        }
        if (pairs == 0) {
            return new Backtest(null, null, null, holdout, stoppedFrom);
        }
        return new Backtest(count == 0 ? null : sum / count, (double) in80 / pairs, (double) in95 / pairs, holdout, stoppedFrom);
    }

    /** The backtest's MAPE, NaN when it cannot be measured. */
    public static double backtestMape(double[] y, int holdout) {
        Backtest b = backtest(y, holdout);
        return b.mape() == null ? Double.NaN : b.mape();
    }
}

