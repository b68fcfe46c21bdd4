package io.techopt.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.techopt.forecast.EndRun.endRun;
import static io.techopt.forecast.EndRun.incident;
import static io.techopt.forecast.EndRun.ratio;
import static io.techopt.forecast.Forecaster.WEEK;
import static io.techopt.forecast.LevelShifts.median;

/** One-off spike days, the end rule's last days and a sparse log's burst (see {@link #spikeRule}). */
final class SpikeRule {
    private SpikeRule() {
    }

    /** y with its spike days missing (NaN): the fit predicts them and learns nothing from them. */
    static double[] despiked(double[] y, int[] spikes) {
        if (spikes.length == 0) {
            return y;
        }
        double[] a = y.clone();
        for (int s : spikes) {
            a[s] = Double.NaN;
        }
        return a;
    }

    /** A spike day spends more than SPIKE_K robust sds and more than SPIKE_REL times its weekday's typical spend above it. */
    static final double SPIKE_K = 5, SPIKE_REL = 1;
    /** At most this many days in a row far above their typical are a short incident (spikes), not a new level. */
    static final int SPIKE_RUN_DAYS = 3;

    /**
     * Day t's weekday's typical spend in y[0..upTo): the median of the same weekday one and two weeks either side, NaN
     * when fewer than two of them were seen or one had no spend (a sparse or bursty log has no typical day to be far
     * above).
     */
    static double typical(double[] y, int t, int upTo) {
        return typical(y, t, upTo, 2);
    }

    /** As {@link #typical(double[], int, int)}, from at least {@code least} of those days. */
    private static double typical(double[] y, int t, int upTo, int least) {
        double[] around = new double[4];
        int k = 0;
        for (int d : new int[]{-2 * WEEK, -WEEK, WEEK, 2 * WEEK}) {
            if (t + d >= 0 && t + d < upTo && !Double.isNaN(y[t + d])) {
                if (!(y[t + d] > 0)) {
                    return Double.NaN;
                }
                around[k++] = y[t + d];
            }
        }
        return k >= least ? median(Arrays.copyOf(around, k)) : Double.NaN;
    }

    /**
     * One-off spike days in y[0..upTo): a day whose spend lies far above its weekday's typical (the median of the same
     * weekday one and two weeks either side, all of them with spend), by more than SPIKE_K robust sds of every day's
     * such deviation and more than SPIKE_REL times that typical spend, in runs of at most SPIKE_RUN_DAYS. A fit that
     * learns from one spike moves its level (and a trend, when the spike is the last day) for weeks, and its sd with
     * it: in a nearly flat series that sd is tiny before the spike, large after it, and the spike's error measured by
     * the first is multiplied back by the second (review r12 #1: a month-end 80% bound of $287 on a $21 month; #2: a
     * last-day spike became a trend to $397). The fit leaves spike days out; the calibration still counts their errors.
     */
    static int[] spikes(double[] y, int upTo) {
        return spikeRule(y, upTo).days();
    }

    /**
     * Spike days (see {@link #spikes}) and, for each, how far it spent above its ceiling: its weekday's typical plus
     * the larger of SPIKE_K robust sds and SPIKE_REL of that typical, the most a day the rule calls ordinary spends.
     */
    record Spikes(int[] days, double[] excess, int tail, double tailRatio, int shiftRun, double shiftRatio, int[] incident,
                  boolean burst) {
        static final Spikes NONE = new Spikes(new int[0], new double[0], 0, Double.NaN, 0, Double.NaN, new int[0], false);

        Spikes(int[] days, double[] excess, int tail, double tailRatio, int shiftRun, double shiftRatio, int[] incident) {
            this(days, excess, tail, tailRatio, shiftRun, shiftRatio, incident, false);
        }

        /** The days the fit leaves out: spikes and a short incident in the last week that spend came back from. */
        int[] leftOut() {
            return java.util.stream.IntStream.concat(Arrays.stream(days), Arrays.stream(incident)).toArray();
        }
    }

    /** 1.4826 times the median absolute deviation of d (d is changed). */
    private static double robustSd(double[] d) {
        double med = median(d.clone());
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(d[i] - med);
        }
        return 1.4826 * median(d);
    }

    /** The spike rule's noise: the robust sd of every day's deviation from its weekday's typical in y[0..upTo). */
    static double spikeNoise(double[] y, int upTo) {
        double[] dev = new double[upTo];
        int k = 0;
        for (int t = 0; t < upTo; t++) {
            double base = typical(y, t, upTo);
            if (!Double.isNaN(y[t]) && !Double.isNaN(base)) {
                dev[k++] = y[t] - base;
            }
        }
        return k == 0 ? Double.NaN : robustSd(Arrays.copyOf(dev, k));
    }

    static Spikes spikeRule(double[] y, int upTo) {
        return spikeRule(y, upTo, 0);
    }

    /** @param firstIsoDay the ISO weekday of y[0] (0: unknown), for the week parts of a log under two weeks */
    static Spikes spikeRule(double[] y, int upTo, int firstIsoDay) {
        if (upTo < WEEK || upTo == WEEK && firstIsoDay == 0) {
            return Spikes.NONE;
        }
        Spikes burst = sparseBurst(y, upTo);
        if (burst != null) {
            return burst;
        }
        // under two weeks only the end rule's last days: the weekday and weekend means diluted a doubling on the last
        // two days of a 10-day weekly log to an 80% band $2 short of its new level (review r16b #10)
        boolean endOnly = upTo < 2 * WEEK;
        double[] base = new double[upTo], dev = new double[upTo];
        boolean[] typed = new boolean[upTo];
        int typedDays = 0;
        // under three weeks most days have their weekday on one side only: one such day is their typical, or the end
        // rule judged nothing and two doubled last days of a 16-day exact log made a trend to $67.23 for readings of
        // $22.40 and $33.60 (review r18f H)
        int least = upTo < 3 * WEEK ? 1 : 2;
        for (int t = 0; t < upTo; t++) {
            base[t] = typical(y, t, upTo, least);
            if (Double.isNaN(base[t]) && endOnly && firstIsoDay > 0) {
                // under two weeks most days have no same weekday in the log (7 to 11 days: too few typed days, so no
                // end rule ran and a doubling on the last days fell outside the band, review r18f H, r16b #10): their
                // week part's other days, as the fit's weekday and weekend means take them
                base[t] = WeekParts.typical(y, t, upTo, firstIsoDay);
            }
            if (!Double.isNaN(y[t]) && !Double.isNaN(base[t])) {
                dev[typedDays++] = y[t] - base[t];
                typed[t] = true;
            }
        }
        if (typedDays < Math.min(2 * WEEK, WEEK - 1)) {
            return Spikes.NONE;
        }
        double noise = robustSd(Arrays.copyOf(dev, typedDays));
        boolean[] far = new boolean[upTo];
        for (int t = 0; t < upTo; t++) {
            if (typed[t]) {
                double up = y[t] - base[t];
                far[t] = up > SPIKE_K * noise && up > SPIKE_REL * base[t];
            }
        }
        double[] rel = new double[typedDays];
        int relDays = 0;
        for (int t = 0; t < upTo; t++) {
            if (typed[t] && base[t] > 0) {
                rel[relDays++] = (y[t] - base[t]) / base[t];
            }
        }
        double relNoise = relDays == 0 ? Double.NaN : robustSd(Arrays.copyOf(rel, relDays));
        int run = endRun(y, base, typed, noise, relNoise, far, upTo), tail = run <= SPIKE_RUN_DAYS ? run : 0;
        List<Integer> found = new ArrayList<>();
        for (int t = 0; t < upTo; t++) {
            if (!far[t] || t > 0 && far[t - 1]) {
                continue;
            }
            int e = t;
            while (e + 1 < upTo && far[e + 1]) {
                e++;
            }
            // up to SPIKE_RUN_DAYS far above, then back: a short incident (a runaway job crossing midnight, review
            // r14 #2), left out as one spike is; a longer run is something that stays (a new level, a campaign). A
            // run ending the series cannot be told apart from a new level yet: left out too, and the note and the
            // period interval give the new level's reading (review r14 #1: two points made a runaway trend)
            if (e - t + 1 <= SPIKE_RUN_DAYS && (!endOnly || e == upTo - 1)) {
                for (int day = t; day <= e; day++) {
                    found.add(day);
                }
            }
        }
        int[] days = found.stream().mapToInt(Integer::intValue).toArray();
        double[] excess = new double[days.length];
        for (int j = 0; j < days.length; j++) {
            int t = days[j];
            excess[j] = Math.max(0, y[t] - base[t] - Math.max(SPIKE_K * noise, SPIKE_REL * base[t]));
        }
        if (tail > 0 && (found.isEmpty() || found.get(found.size() - 1) != upTo - 1)) {
            tail = 0; // the run joined a spike before it into more than SPIKE_RUN_DAYS days: something that stays
        }
        // four to six days, too few for the level-shift rule's week: a step the fit must take at its level, not a trend
        int shiftRun = run > SPIKE_RUN_DAYS && run < WEEK && !endOnly ? run : 0;
        double tailRatio = ratio(y, base, upTo - tail, upTo), shiftRatio = ratio(y, base, upTo - shiftRun, upTo);
        if (shiftRun > 0 && !(shiftRatio > 0 && Double.isFinite(shiftRatio))) {
            shiftRun = 0;
        }
        return new Spikes(days, excess, tail, tailRatio, shiftRun, shiftRatio,
                endOnly ? new int[0] : incident(y, base, typed, noise, relNoise, days, upTo, run));
    }

    /**
     * At most this many last days are a sparse log's burst: under the level-shift rule's week, as the end rule's step
     * (shiftRun) is. Four to six days were fitted as a level and a trend (review r24f M1: four $24 days after $1 on one
     * day in ten, $512.25 with 80% to $1038 for readings of $97 and $481): a cliff at three days.
     */
    static final int BURST_DAYS = WEEK - 1;

    /**
     * Up to this many last days far above a sparse log's days with spend are a new level (see
     * {@link #sparseBurst}): from a week, past the burst's days, to the level-shift rule's two weeks after a step. In
     * between neither rule read them (a sparse log has no typical day; one week after a step is 7 of 7 days moved, no
     * sign test's evidence over a long log), and the fit learned a trend: seven $24 days after $1 on one day in ten,
     * $556.10 with 80% to $3867.31 for readings of $170.60 and $553 (review fe18a).
     */
    static final int LEVEL_DAYS = 2 * WEEK - 1;

    /**
     * One to six (BURST_DAYS) last days of a log with spend on few days, each far above every day with spend in the
     * {@link SparseDays#WINDOW} days before them (more than SPIKE_REL + 1 times the largest, and SPIKE_K times their
     * median): a burst, which nothing after it tells from a one-off or a new level. A sparse log has no typical day (a
     * weekday around it without spend), so the end rule never read such days: the fit learned them, a level of $24 a
     * day from three days and a damped trend from one, and the calibration their misses, an 80% band to 2.4x the
     * burst going on (review r23f N3: $459.82, 80% $74.00 to $1079.17, readings $74.60 and $457). As the end rule's
     * last days are, they are left out of the fit (the forecast goes back to the sparse rate), their errors counted
     * up to the largest ordinary day's ceiling, and the period interval reaches the burst going on (their mean every
     * day left; see ScopeForecast#newLevelTotal). A week to two weeks less a day ({@link #LEVEL_DAYS}) of such days
     * are a new level: the forecast takes it, the lower bounds reach the sparse rate. Null: no such days.
     */
    static Spikes sparseBurst(double[] y, int upTo) {
        int run = 0;
        while (run < upTo && run <= LEVEL_DAYS && y[upTo - 1 - run] > 0) {
            run++;
        }
        for (int b = Math.min(run, LEVEL_DAYS); b >= 1; b--) {
            double[] before = Arrays.copyOf(y, upTo - b);
            int silence = silenceBefore(y, upTo, b);
            if (silence >= SparseDays.WINDOW) {
                // no spend in the window before the burst (review r24f M4: 33 silent days, then $24, read as a weekly
                // season, 80% to $56 for $408 going on): measured against the days with spend before the silence
                before = Arrays.copyOf(y, lastWithSpend(y, upTo - b) + 1);
            }
            SparseDays sparse = SparseDays.of(before);
            if (sparse == null) {
                continue;
            }
            double[] with = new double[SparseDays.WINDOW];
            int k = 0, seen = 0;
            double largest = 0;
            for (int t = before.length - 1; t >= 0 && seen < SparseDays.WINDOW; t--) {
                if (!Double.isNaN(before[t])) {
                    seen++;
                    if (before[t] > 0) {
                        with[k++] = before[t];
                        largest = Math.max(largest, before[t]);
                    }
                }
            }
            double ceiling = Math.max((SPIKE_REL + 1) * largest, SPIKE_K * median(Arrays.copyOf(with, k)));
            boolean far = true;
            for (int t = upTo - b; t < upTo; t++) {
                // a day with a typical (a weekend-only log's Sunday) is the end rule's to read, its weekday kept; a
                // typical from the days before the run only: a week or more of run is its own days' typical, and with
                // a $1 day two weeks before its last $24 day made a "typical" $12.50, so ten days went to the fit
                far &= y[t] > ceiling && Double.isNaN(typical(y, t, upTo - b));
            }
            // the day before the burst far above too: a run longer than the end rule's, something that stays
            if (!far || upTo - b - 1 >= 0 && y[upTo - b - 1] > ceiling) {
                continue;
            }
            int[] days = new int[b];
            double[] excess = new double[b];
            for (int i = 0; i < b; i++) {
                days[i] = upTo - b + i;
                excess[i] = y[days[i]] - ceiling;
            }
            return new Spikes(days, excess, b, Double.NaN, 0, Double.NaN, new int[0], true);
        }
        return null;
    }

    /** Days seen (not missing) without spend just before the last b of y[0..upTo). */
    static int silenceBefore(double[] y, int upTo, int b) {
        int quiet = 0;
        for (int t = upTo - b - 1; t >= 0 && !(y[t] > 0); t--) {
            quiet += Double.isNaN(y[t]) ? 0 : 1;
        }
        return quiet;
    }

    /** The last day with spend before day {@code upTo} (-1: none). */
    private static int lastWithSpend(double[] y, int upTo) {
        int t = upTo - 1;
        while (t >= 0 && !(y[t] > 0)) {
            t--;
        }
        return t;
    }
}
