package io.techopt.forecast;

import io.techopt.forecast.JobSchedule.Schedule;
import io.techopt.forecast.SpikeRule.Spikes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.techopt.forecast.Forecaster.CALIBRATION_ORIGINS;
import static io.techopt.forecast.Forecaster.HALF_LIFE_DAYS;
import static io.techopt.forecast.Forecaster.WEEK;
import static io.techopt.forecast.Forecaster.beforeEndStep;
import static io.techopt.forecast.Forecaster.fit;
import static io.techopt.forecast.JobSchedule.JOB_RUNS;
import static io.techopt.forecast.JobSchedule.schedule;
import static io.techopt.forecast.LevelShifts.levelShifts;
import static io.techopt.forecast.LevelShifts.measuresAShift;
import static io.techopt.forecast.LevelShifts.observed;
import static io.techopt.forecast.LevelShifts.shiftSizes;
import static io.techopt.forecast.SpikeRule.despiked;
import static io.techopt.forecast.SpikeRule.spikeRule;

/**
 * The model refitted at every origin from two weeks in (at most {@link Forecaster#CALIBRATION_ORIGINS} + holdout of
 * them) to the end, with each refit's standardized errors on the days after it.
 */
final class Rolling {
    final double[] y;
    final int firstOrigin;
    final Forecast[] fits; // fits[o - firstOrigin]: fitted on y[0..o)
    /** Each refit's errors on the days after it (see {@link Errors}), with every day's spend as logged. */
    final Errors[] errors;
    /** Per refit, its signed error in dollars and its sds by horizon - 1 (null: a refit on under two weeks). */
    final double[][] signed, sdDay, sdSum;
    /** degenerate[o - firstOrigin]: the refit at o has no spread to standardize by (see {@link #degenerateScale}). */
    final boolean[] degenerate;

    /** The ISO weekday of y[0] (0: unknown). */
    final int firstIsoDay;

    Rolling(double[] y, int firstOrigin) {
        this(y, firstOrigin, 0);
    }

    Rolling(double[] y, int firstOrigin, int firstIsoDay) {
        this.y = y;
        this.firstIsoDay = firstIsoDay;
        this.firstOrigin = firstOrigin;
        int n = y.length, count = Math.max(0, n - firstOrigin);
        fits = new Forecast[count];
        errors = new Errors[count];
        signed = new double[count][];
        sdDay = new double[count][];
        sdSum = new double[count][];
        degenerate = new boolean[count];
        for (int o = firstOrigin; o < n; o++) {
            Forecast f = fit(Arrays.copyOf(y, o), firstIsoDay);
            int i = o - firstOrigin;
            fits[i] = f;
            if (observed(y, 0, o) >= 2 * WEEK) {
                // a refit on under two weeks of observed days (an early outage's missing days among them) has no
                // season or spread worth the name: its errors, divided by a near-zero sd, would widen every
                // interval without bound (review h12d #2: a month-end 95% bound of $244,258); it measures none
                signed[i] = new double[n - o];
                sdDay[i] = new double[n - o];
                sdSum[i] = new double[n - o];
                for (int h = 1; h <= n - o; h++) {
                    signed[i][h - 1] = y[o + h - 1] - f.mean(h); // NaN on a missing day
                    sdDay[i][h - 1] = Prediction.sd(f.variance(h));
                    sdSum[i][h - 1] = Prediction.sd(f.varianceOfSum(h));
                }
                degenerate[i] = degenerateScale(f, y, o);
            }
            errors[i] = errors(i, null);
        }
    }

    /**
     * The refit i's errors, each day's spend less cut[day] (null: as logged): standardized absolute errors of single
     * days and of sums of the next k days, sums' shortfalls below the forecast (an overshoot counts 0), and the same
     * in dollars, by horizon - 1. A missing day (NaN) measures no error, nor any sum of days across it.
     */
    Errors errors(int i, double[] cut) {
        int len = Math.max(0, y.length - firstOrigin - i);
        double[] d = new double[len], s = new double[len], l = new double[len];
        double[] dr = new double[len], sr = new double[len], lr = new double[len];
        if (signed[i] == null) {
            for (double[] a : new double[][]{d, s, l, dr, sr, lr}) {
                Arrays.fill(a, Double.NaN);
            }
            return new Errors(d, s, l, dr, sr, lr);
        }
        int o = firstOrigin + i;
        double sum = 0;
        for (int h = 1; h <= len; h++) {
            double e = signed[i][h - 1] - (cut == null ? 0 : cut[o + h - 1]);
            sum += e;
            dr[h - 1] = Math.abs(e);
            sr[h - 1] = Math.abs(sum);
            lr[h - 1] = Double.isNaN(sum) ? Double.NaN : Math.max(0, -sum);
            d[h - 1] = dr[h - 1] / sdDay[i][h - 1];
            s[h - 1] = sr[h - 1] / sdSum[i][h - 1];
            l[h - 1] = lr[h - 1] / sdSum[i][h - 1];
        }
        return new Errors(d, s, l, dr, sr, lr);
    }

    /** The fit at origin (y[0..origin) seen), calibrated on errors whose days all lie before the origin. */
    Prediction at(int origin, int horizon) {
        Forecast f = origin >= firstOrigin && origin < y.length ? fits[origin - firstOrigin]
                : fit(Arrays.copyOf(y, origin), firstIsoDay);
        List<double[]> days = new ArrayList<>();
        List<double[][]> sums = new ArrayList<>(), lows = new ArrayList<>();
        // a refit that matched its history exactly has an sd of ~0: an error divided by it is a score in the
        // billions, which a fit with any spread multiplies back (review r10 #1: one spike day in a flat series
        // gave a month-end bound of $162,407,751.81). Such a refit's sd is no scale: its errors, in dollars, are
        // standardized by this fit's own sd instead, so they come back as themselves
        boolean degenerateSeen = false;
        Schedule jobs = schedule(y, origin);
        Spikes spikes = spikeRule(despiked(y, jobs.days()), origin, firstIsoDay);
        Errors[] errs = withSpikesCapped(spikes, jobs, origin);
        int[] shifts = beforeEndStep(levelShifts(y, origin), spikes, origin);
        // a step ending the series is calibrated as a level shift is: forecasts across it or just after it measure
        // the step, not the spread around a level
        int[] steps = spikes.shiftRun() == 0 ? shifts : java.util.stream.IntStream.concat(Arrays.stream(shifts),
                java.util.stream.IntStream.of(origin - spikes.shiftRun())).toArray();
        for (int k = 1; k <= Math.max(1, horizon); k++) {
            List<double[]> a = new ArrayList<>(), low = new ArrayList<>();
            for (int o = firstOrigin; o + k <= origin; o++) {
                if (measuresAShift(steps, o, o + k - 1)) {
                    continue;
                }
                // errors seen recently count more (a shift long past says less about the next weeks), by the
                // age of the last day they measured, so the newest k-day-ahead error weighs 1 at every k
                double w = Math.pow(0.5, (origin - o - k) / (double) HALF_LIFE_DAYS);
                Errors e = errs[o - firstOrigin];
                double sumE = e.sum()[k - 1], dayE = e.day()[k - 1], lowE = e.low()[k - 1];
                if (degenerate[o - firstOrigin]) {
                    sumE = e.sumRaw()[k - 1] / Prediction.sd(f.varianceOfSum(k));
                    lowE = e.lowRaw()[k - 1] / Prediction.sd(f.varianceOfSum(k));
                    dayE = e.dayRaw()[k - 1] / Prediction.sd(f.variance(k));
                    degenerateSeen |= sumE > 0 || dayE > 0;
                }
                if (!Double.isNaN(sumE)) {
                    a.add(new double[]{sumE, w});
                    low.add(new double[]{lowE, w});
                }
                if (!Double.isNaN(dayE)) {
                    days.add(new double[]{dayE, w});
                }
            }
            sums.add(a.toArray(new double[0][]));
            lows.add(low.toArray(new double[0][]));
        }
        Prediction p = Prediction.calibrate(f, origin, horizon, days.toArray(new double[0][]), sums, lows);
        if (degenerateSeen && !degenerateScale(f, y, origin)) {
            p.notes().add("fits on part of the history matched it exactly (a standard deviation of ~0, no scale to "
                    + "measure their errors by): their out-of-sample errors are measured in dollars against this fit's spread");
        }
        p.levelShifts = shifts;
        p.jobs = jobs;
        for (int j = 0; j < jobs.period().length; j++) {
            p.notes().add(Dollars.format("a recurring job every %d days (its last run %d day(s) "
                    + "before the last day, at least %d runs) spends about $%.2f over its weekday's typical: the fit and "
                    + "the intervals leave its runs out, and the forecast adds its next runs on schedule at that size",
                    jobs.period()[j], origin - 1 - jobs.lastRun()[j], JOB_RUNS, jobs.size()[j]));
        }
        p.origin = origin;
        p.spikes = spikes.days();
        p.spikeExcess = spikes.excess();
        p.tail = spikes.tail();
        p.tailRatio = spikes.tailRatio();
        p.endShift = spikes.shiftRun();
        p.incident = spikes.incident();
        p.endShiftRatio = spikes.shiftRatio();
        p.burst = spikes.burst();
        if (spikes.tail() > 0 && Double.isFinite(spikes.tailRatio()) || spikes.shiftRun() > 0) {
            p.spreadFromTheReadings();
        }
        if (shifts.length > 0 && origin > 2 * WEEK) {
            // a shift could have been found from day 2 WEEK on (the one just before the origin not yet seen). One
            // or two shifts seen measure their rate loosely: its posterior mean under Jeffreys' prior, (k + 1/2) / T,
            // not k / T (review r10 #7: one doubling in 92 days made another within 16 days a 16% chance, under the
            // 20% an 80% interval leaves out, so a noiseless series had a zero-width 80% month interval)
            p.shiftRate = (shifts.length + 0.5) / (origin - 2 * WEEK);
            p.shiftSizes = shiftSizes(y, shifts, origin);
        }
        return p;
    }

    /**
     * The refits' errors for a fit at origin, the spike days before it (as the rule finds them on y[0..origin))
     * counted at their ceiling, the most a day the rule calls ordinary spends: the fit left them out, and a spike's
     * own miss, taken as an ordinary error, made the upper bounds the spike's size again (review r14 B4: one 1000x
     * day gave a $20.81 month an 80% upper bound of $871). The bands allow for a day as far above as an ordinary day
     * can be; the note on the spikes says what another like them would add.
     */
    Errors[] withSpikesCapped(Spikes spikes, Schedule jobs, int origin) {
        if (spikes.days().length == 0 && jobs.days().length == 0) {
            return errors;
        }
        double[] cut = new double[y.length];
        for (int j = 0; j < spikes.days().length; j++) {
            cut[spikes.days()[j]] = spikes.excess()[j];
        }
        // a job's run is forecast at its size: its error is the day's less the run
        for (int j = 0; j < jobs.days().length; j++) {
            cut[jobs.days()[j]] = jobs.dayExcess()[j];
        }
        Errors[] out = errors.clone();
        for (int o = firstOrigin; o < Math.min(origin, y.length); o++) {
            out[o - firstOrigin] = errors(o - firstOrigin, cut);
        }
        return out;
    }

    /** A refit's errors by horizon - 1: standardized (day, sum, sum's shortfall) and in dollars. */
    record Errors(double[] day, double[] sum, double[] low, double[] dayRaw, double[] sumRaw, double[] lowRaw) {
    }

    /**
     * Below this share of the mean daily spend a fit's one-step sd is no scale: the fit matched its history exactly
     * (a constant cron or batch workload), and an error standardized by it means nothing.
     */
    static final double DEGENERATE_SD_SHARE = 1e-4;

    /** True when the fit on y[0..o) has a one-step sd of (almost) zero against the mean spend of those days. */
    static boolean degenerateScale(Forecast f, double[] y, int o) {
        double sum = 0;
        int seen = 0;
        for (int t = 0; t < o; t++) {
            if (!Double.isNaN(y[t])) {
                sum += Math.abs(y[t]);
                seen++;
            }
        }
        double level = seen == 0 ? 0 : sum / seen;
        return !(Math.sqrt(Math.max(0, f.variance(1))) > Math.max(1e-12, DEGENERATE_SD_SHARE * level));
    }

    /** Refits for a series whose backtest covers the last {@code holdout} days. */
    static Rolling rolling(double[] y, int holdout) {
        return rolling(y, holdout, 0);
    }

    static Rolling rolling(double[] y, int holdout, int firstIsoDay) {
        int first = Math.max(2 * WEEK, y.length - Math.max(0, holdout) - CALIBRATION_ORIGINS);
        return new Rolling(y, first, firstIsoDay);
    }
}
