package io.techopt.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fitted model with calibrated prediction intervals. The analytic intervals of an ETS model assume it is the
 * right model: when it is not (a level frozen by the fit, shifts, growth a damped trend lets die, noise it does not
 * describe) they are too narrow, and narrower still for sums of days, whose errors correlate. So the half-widths
 * are widened, never narrowed, to split-conformal quantiles of out-of-sample errors: the model refitted at earlier
 * origins, each error standardized by that fit's own standard deviation at its horizon; for single days pooled over
 * horizons, for the sum of the next k days per k (a sum's error carries the correlation of its days with it).
 */
public final class Prediction {
    /** Fewer errors than this give no quantile of their own. */
    static final int MIN_ERRORS = 10;

    private final Forecast model;
    private final double day80, day95;
    private final double[] sum80, sum95;
    private final List<String> notes;
    /** False when neither the fit nor out-of-sample errors measure any spread: the intervals cannot be given. */
    private boolean spreadMeasured;
    /** Days (index in the series) where a level shift was found; the fit and the calibration allow for them. */
    int[] levelShifts = new int[0];
    /** Days (index in the series) taken as one-off spikes: the fit left them out (see {@link Forecaster#spikes}). */
    int[] spikes = new int[0];
    /** Recurring jobs (see {@link Forecaster#schedule}) whose future runs the mean adds, the series' length at the fit. */
    JobSchedule.Schedule jobs = JobSchedule.Schedule.NONE;
    int origin;
    /** Per spike day, how far it spent above the most a day the rule calls ordinary spends (its error was capped there). */
    double[] spikeExcess = new double[0];
    /**
     * How many days ending the series are a possible new level (see Forecaster#endRun; 0: none), left out of the fit,
     * and their spend over their weekdays' typical (NaN: no tail or no typical).
     */
    int tail;
    double tailRatio = Double.NaN;
    /** True when those days are a burst ending a log with spend on few days (see Forecaster#sparseBurst). */
    boolean burst;
    /**
     * How many days ending the series are a step of four to six days (see Forecaster#endStepAdjusted; 0: none), the
     * fit taking their level, and their spend over their weekdays' typical.
     */
    int endShift;
    /** Days (index in the series) of a short incident in the last week that spend came back from, left out of the fit. */
    int[] incident = new int[0];
    double endShiftRatio = Double.NaN;
    /**
     * Level shifts found per day of history in which one could have happened, and their sizes relative to the level
     * before them: the chance and size of another shift within a period, which a sum's interval must allow for (the
     * calibration leaves forecasts across a shift out, so without this a period total assumes none will come).
     */
    double shiftRate;
    double[] shiftSizes = new double[0];
    private final java.util.Map<Long, Double> sumHalves = new java.util.HashMap<>();
    /** Per sum length, the lower side's widening (see {@link #lowerHalfOfSum}). */
    private double[] low80, low95;

    private Prediction(Forecast model, double day80, double day95, double[] sum80, double[] sum95, List<String> notes,
                       boolean spreadMeasured) {
        this.model = model;
        this.spreadMeasured = spreadMeasured;
        this.day80 = day80;
        this.day95 = day95;
        this.sum80 = sum80;
        this.sum95 = sum95;
        this.notes = notes;
    }

    /** Fits y and calibrates its intervals for forecasts up to {@code horizon} days ahead. */
    public static Prediction of(double[] y, int horizon) {
        return Rolling.rolling(y, 0).at(y.length, horizon);
    }

    /**
     * @param dayErrors {standardized absolute error, weight} of single days observed before the origin
     * @param sumErrors sumErrors.get(k - 1): the same for sums of k days
     */
    static Prediction calibrate(Forecast model, int n, int horizon, double[][] dayErrors, List<double[][]> sumErrors) {
        return calibrate(model, n, horizon, dayErrors, sumErrors, sumErrors);
    }

    /**
     * @param lowErrors lowErrors.get(k - 1): sums' errors below the forecast only (an overshoot counts 0): one spike's
     *                  miss is an upward error, and counted both ways it pulled the lower bound down to month-to-date
     *                  (review r14 #3)
     */
    static Prediction calibrate(Forecast model, int n, int horizon, double[][] dayErrors, List<double[][]> sumErrors,
                                List<double[][]> lowErrors) {
        List<String> notes = new ArrayList<>();
        boolean days = dayErrors.length >= MIN_ERRORS;
        // the model's own variances use a robust sd (calibration takes care of the tails); without calibration the
        // tails must be in the sd itself
        double widen = days ? 1 : model.uncalibratedWidening();
        double z80 = CostForecaster.Z80 * widen, z95 = CostForecaster.Z95 * widen;
        if (model instanceof HoltWinters hw && hw.degenerate()) {
            notes.add("the best one-step fit froze the level (alpha 0), a fixed curve that cannot follow a shift: "
                    + "refitted with alpha at least " + HoltWinters.ALPHA_FLOOR);
        }
        double day80 = days ? conformal(dayErrors, 0.8) : z80;
        double day95 = days ? at95(dayErrors, day80) : z95;
        horizon = Math.max(1, horizon);
        double[] sum80 = new double[horizon + 1], sum95 = new double[horizon + 1];
        double[] low80 = new double[horizon + 1], low95 = new double[horizon + 1];
        // sums no error measures are widened as much as single days
        double last80 = day80, last95 = day95;
        int measured = 0;
        for (int k = 1; k <= horizon; k++) {
            double[][] a = k <= sumErrors.size() ? sumErrors.get(k - 1) : new double[0][];
            double[][] b = k <= lowErrors.size() ? lowErrors.get(k - 1) : new double[0][];
            if (a.length >= MIN_ERRORS) {
                last80 = conformal(a, 0.8);
                last95 = at95(a, last80);
                measured = k;
            }
            sum80[k] = last80;
            sum95[k] = last95;
            // the lower side's quantile at its own tail (10% of an 80% interval, 2.5% of a 95% one: for errors as
            // often above as below, the two-sided quantile), never wider than the two-sided one
            low80[k] = b.length >= MIN_ERRORS && a.length >= MIN_ERRORS ? Math.min(last80, conformal(b, 0.9)) : last80;
            low95[k] = b.length >= MIN_ERRORS && a.length >= MIN_ERRORS
                    ? Math.min(last95, Math.max(conformal(b, 0.975), low80[k] * NORMAL_95_OVER_80)) : last95;
        }
        if (!days) {
            // nothing to calibrate on: take the sum's errors as perfectly correlated, the widest they can be
            for (int k = 1; k <= horizon; k++) {
                double bound = 0;
                for (int h = 1; h <= k; h++) {
                    bound += sd(model.variance(h));
                }
                double ratio = bound / sd(model.varianceOfSum(k));
                sum80[k] = Math.max(sum80[k], z80 * ratio);
                sum95[k] = Math.max(sum95[k], z95 * ratio);
                low80[k] = sum80[k];
                low95[k] = sum95[k];
            }
            if (model.variance(1) > 0) {
                notes.add("too little history (" + n + " days) to check the intervals against out-of-sample errors: "
                        + "daily bands are the model's own and may be too narrow; period totals assume the days' errors "
                        + "fully correlated (the widest case)");
            }
        } else if (measured == 0) {
            notes.add("intervals of sums of days (period totals) use the widening measured for single days: the "
                    + "history has too few out-of-sample sums of days to measure theirs");
        } else if (measured < horizon) {
            notes.add("intervals of sums longer than " + measured + " days use the widening measured for "
                    + measured + " days (the history has too few longer ones)");
        }
        // a fit with no residual spread (a line through one or two days, a series it matches exactly) and no
        // out-of-sample errors would give intervals of zero width: certainty nothing measured
        Prediction p = new Prediction(model, day80, day95, sum80, sum95, notes, days || model.variance(1) > 0);
        p.low80 = low80;
        p.low95 = low95;
        return p;
    }

    /**
     * The 95% widening from errors whose 80% quantile is q80: their conformal quantile, never narrower than q80 times
     * a normal error's ratio z95 / z80 (1.53). Under 19 errors (in weight) none lies beyond the 95th percentile and the
     * conformal quantile is only the largest: a few errors alike made a "95%" total interval 1.007 times as wide as
     * the 80% one (review r27n MED-1).
     */
    static double at95(double[][] pairs, double q80) {
        return Math.max(conformal(pairs, 0.95), q80 * NORMAL_95_OVER_80);
    }

    /** z95 / z80 of a normal error: how much wider a 95% interval is than an 80% one when the errors are normal. */
    static final double NORMAL_95_OVER_80 = CostForecaster.Z95 / CostForecaster.Z80;

    /**
     * Weighted split-conformal quantile of {value, weight} pairs: the smallest value whose cumulative weight reaches
     * p of the total plus one more unit for the point being predicted (the largest when that is never reached).
     */
    static double conformal(double[][] pairs, double p) {
        double[][] a = pairs.clone();
        Arrays.sort(a, (x, z) -> Double.compare(x[0], z[0]));
        double total = 1;
        for (double[] v : a) {
            total += v[1];
        }
        double cum = 0;
        for (double[] v : a) {
            cum += v[1];
            if (cum >= p * total) {
                return v[0];
            }
        }
        return a[a.length - 1][0];
    }

    static double sd(double variance) {
        return Math.sqrt(Math.max(variance, 1e-18));
    }

    /**
     * False when the intervals cannot be measured: the fit leaves no residual spread (a line through at most
     * {@link LinearTrend#PARAMETERS} days fits them exactly) and fewer than {@link #MIN_ERRORS} out-of-sample
     * errors calibrate it. Then no half-width here means anything and the bounds must be reported as null.
     */
    public boolean spreadMeasured() {
        return spreadMeasured;
    }

    /**
     * The last days' two readings (see Forecaster#endRun) are the only spread an exact history shows: the intervals
     * are given, zero wide around the fit, and the period total's reaches the other reading (review r18f H: an exact
     * 14-day log doubling on its last two days).
     */
    void spreadFromTheReadings() {
        if (!spreadMeasured) {
            spreadMeasured = true;
            notes.add("the fit matches the history exactly (no day-to-day spread) and the history is too short for "
                    + "out-of-sample errors: the intervals hold only the last days' two readings, the level before them "
                    + "and theirs");
        }
    }

    public Forecast model() {
        return model;
    }

    /**
     * Mean forecast h days ahead (never below zero: spend is not negative). A fit's level and season that cancel, or
     * a level decayed for months, leave float residue (a model last used in February: 5e-16 a day, its month
     * 8.6e-15 beside bounds of $0, review r23f L-f): under {@link ForecastResult.Interval#RESIDUE} a day is $0.
     */
    public double mean(int h) {
        double m = model.mean(h);
        return (m >= ForecastResult.Interval.RESIDUE ? m : 0) + jobs.extraAt(origin + h - 1);
    }

    /** Half-width of the day-h interval at 80% or 95%. */
    public double half(int h, int level) {
        return (level == 80 ? day80 : day95) * sd(model.variance(h));
    }

    /** Half-width of the interval of the sum of the next k days at 80% or 95%. */
    public double halfOfSum(int k, int level) {
        if (k <= 0) {
            return 0;
        }
        double[] m = level == 80 ? sum80 : sum95;
        double half = m[Math.min(k, m.length - 1)] * sd(model.varianceOfSum(k));
        // a series the fit matches exactly (no noise) has a half-width of 0, but another shift may still come: the
        // period total allows for it as it does on a noisy series (review r10 #4: a genuine doubling, [$42, $42])
        if (shiftSizes.length == 0 || !(shiftRate > 0) || !(half >= 0) || !spreadMeasured) {
            return half;
        }
        return sumHalves.computeIfAbsent(k * 1000L + level, key -> withShiftRisk(k, level, half));
    }

    /**
     * How far below the forecast the lower bound of the sum of the next k days lies, at 80% or 95%: when the history
     * had spike days, measured on the errors below the forecast only, so a spike's upward miss widens the upper side
     * alone (review r14 #3); never over {@link #halfOfSum}.
     */
    public double lowerHalfOfSum(int k, int level) {
        double[] m = level == 80 ? low80 : low95;
        // only spike days the fit left out are known upward misses: without them the errors either side are alike,
        // and the two-sided quantile measures the lower side on twice the errors
        if (k <= 0 || m == null || spikes.length == 0) {
            return halfOfSum(k, level);
        }
        double half = m[Math.min(k, m.length - 1)] * sd(model.varianceOfSum(k));
        // another level shift may come down as well as up: the lower side allows for it as the two-sided one does
        if (shiftSizes.length == 0 || !(shiftRate > 0) || !(half >= 0) || !spreadMeasured) {
            return Math.min(half, halfOfSum(k, level));
        }
        return Math.min(halfOfSum(k, level), sumHalves.computeIfAbsent(-(k * 1000L + level), key -> withShiftRisk(k, level, half)));
    }

    /**
     * The half-width of a k-day sum's interval when another level shift may come: with probability
     * 1 - exp(-shiftRate k) one shift of a size seen in the history, up or down, starts on a day of the period equally
     * likely, moving every later day's spend by that share. The calibrated interval, read as a normal error of the same
     * width, is mixed with those outcomes and the half-width solved for the level's coverage.
     */
    private double withShiftRisk(int k, int level, double half) {
        double z = level == 80 ? CostForecaster.Z80 : CostForecaster.Z95, miss = level == 80 ? 0.2 : 0.05;
        double chance = 1 - Math.exp(-shiftRate * k);
        double[] tail = new double[k + 2]; // tail[d]: forecast spend from day d to day k
        for (int d = k; d >= 1; d--) {
            tail[d] = tail[d + 1] + mean(d);
        }
        // no noise measured: the outcomes are the shifts alone (a millionth of the sum keeps the normal defined)
        double sigma = Math.max(half / z, Math.max(1e-12, 1e-6 * tail[1]));
        java.util.function.DoubleUnaryOperator missed = q -> {
            double shifted = 0;
            for (double size : shiftSizes) {
                for (int d = 1; d <= k; d++) {
                    double c = size * tail[d];
                    // the shift goes up or down with equal chance: P(|N(c, sigma)| > q) is the same for both signs
                    shifted += outside(c, sigma, q);
                }
            }
            return (1 - chance) * outside(0, sigma, q) + chance * shifted / (shiftSizes.length * k);
        };
        double lo = half, hi = half + 10 * sigma;
        for (double size : shiftSizes) {
            hi = Math.max(hi, half + size * tail[1] + 10 * sigma);
        }
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (missed.applyAsDouble(mid) > miss) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** P(|X| > q) for X normal with mean c and sd sigma. */
    private static double outside(double c, double sigma, double q) {
        return 0.5 * org.apache.commons.math3.special.Erf.erfc((q - c) / (sigma * Math.sqrt(2)))
                + 0.5 * org.apache.commons.math3.special.Erf.erfc((q + c) / (sigma * Math.sqrt(2)));
    }

    /** Indices in the series of the days on which a level shift was found (empty: none). */
    public int[] levelShifts() {
        return levelShifts.clone();
    }

    /** Indices in the series of the days taken as one-off spikes (empty: none). */
    public int[] spikes() {
        return spikes.clone();
    }

    /** Why the intervals are what they are, when the user should know. */
    public List<String> notes() {
        return notes;
    }

    public String describe() {
        return model.describe();
    }
}
