package io.techopt.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.techopt.forecast.Forecaster.WEEK;
import static io.techopt.forecast.SpikeRule.SPIKE_K;
import static io.techopt.forecast.SpikeRule.SPIKE_RUN_DAYS;

/** The last days of a series judged together: a run off its typical, a step, an incident (see {@link #endRun}). */
final class EndRun {
    private EndRun() {
    }

    /** The spend of days [from, to) over their weekdays' typical (NaN: no days or no typical). */
    static double ratio(double[] y, double[] base, int from, int to) {
        double logged = 0, typicalSum = 0;
        for (int t = from; t < to; t++) {
            logged += y[t];
            typicalSum += base[t];
        }
        return to > from && typicalSum > 0 ? logged / typicalSum : Double.NaN;
    }

    /**
     * The days ending y[0..upTo) judged together, not each against SPIKE_REL: the run of last days each beyond the
     * other days' spread (more than END_RUN_K robust sds of the deviations from the typical, in dollars or relative to
     * the typical, so a weekend day is judged against weekend-sized moves) and END_REL away from every same-weekday day
     * around it, all on the same side. One to three of them are a
     * possible new level, up or down, whatever the size of the move, which nothing after them tells from an incident,
     * a dip or a logging gap: they are left out of the fit (marked far) and the period interval spans both readings;
     * four to six are a step the fit takes at its level (see {@link Forecaster#endStepAdjusted}); none of them a spike. Fed to the fit, the last one or two days of a series it matched exactly made a damped trend that
     * ran away or to $0 a day (review r15 #1, #2; r16b #2: a 1.24x last day gave $31.01 with a zero-width band while a
     * 1.3x one, read by this rule, gave $21.21 to $24.57); judged against the weekdays' dollars a doubled Saturday was
     * no move (r16b #4); a single last day over 2x, taken as a one-off spike, had no band to its new level (r16b #5).
     *
     * @return how many last days are off their typical on one side together (0: none)
     */
    static int endRun(double[] y, double[] base, boolean[] typed, double noise, double relNoise, boolean[] far, int upTo) {
        int run = 0;
        double side = 0;
        for (int t = upTo - 1; t >= 0 && typed[t]; t--) {
            double z = offBy(y, base, t, upTo, noise, relNoise);
            if (z == 0) {
                // beyond END_RUN_K sds of its typical and off every same-weekday day around it by END_NEAR_K: against
                // the nearest of two noisy days alone a 20% move in 5% noise was under 3 sds, a 50% one in 10% under
                // 5, and neither was read (review r18f D)
                double near = offBy(y, base, t, upTo, noise, relNoise, END_NEAR_K), off = y[t] - base[t];
                double zTypical = Math.max(Math.abs(off) / noise, base[t] > 0 ? Math.abs(off) / (relNoise * base[t]) : 0);
                z = near != 0 && Math.signum(near) == Math.signum(off) && zTypical > END_RUN_K ? Math.signum(off) * zTypical : 0;
            }
            if (z == 0 || side != 0 && Math.signum(z) != side) {
                break;
            }
            side = Math.signum(z);
            run++;
        }
        if (run == 0) {
            // only where no day reads alone: joined to a weak day before it, a 1.5x last day in 10% noise was read as a
            // two-day move at their mean, short of its own new level (ANoisyLastDayMovedBeyondTheSpreadIsReadBothWaysTest)
            run = jointRun(y, base, typed, noise, relNoise, upTo);
        }
        if (run <= SPIKE_RUN_DAYS) {
            int step = stepRun(y, base, typed, noise, relNoise, upTo);
            run = step > 0 && oneLevel(y, base, noise, relNoise, upTo, run, step) ? step : run;
        }
        if (run > SPIKE_RUN_DAYS) {
            Arrays.fill(far, upTo - run, upTo, false);
            return run;
        }
        Arrays.fill(far, upTo - run, upTo, true);
        return run;
    }

    /**
     * One to three last days off their typical on one side, each more than END_STEP_K robust sds off it, that together
     * are as far as one day of END_RUN_K sds (their sds summed over the root of their count, the most such of the 1-3):
     * 0 when none. Judged one by one from the last, two days at half in 10% noise, the last of them 2.2 sds under the
     * lower of its two same-weekday days (one of them low by noise), were no move at all: an 80% band of [18.85,
     * 20.51] for readings of $19.97 (old) and $15.31 (new) (review r18f D).
     */
    private static int jointRun(double[] y, double[] base, boolean[] typed, double noise, double relNoise, int upTo) {
        double side = 0, sum = 0, best = END_RUN_K;
        int bestRun = 0;
        for (int r = 1; r <= SPIKE_RUN_DAYS && upTo - r >= 0 && typed[upTo - r]; r++) {
            double z = offBy(y, base, upTo - r, upTo, noise, relNoise, END_STEP_K);
            if (z == 0 || side != 0 && Math.signum(z) != side) {
                break;
            }
            side = Math.signum(z);
            sum += Math.min(Math.abs(z), 2 * SPIKE_K);
            if (sum / Math.sqrt(r) > best) {
                best = sum / Math.sqrt(r);
                bestRun = r;
            }
        }
        return bestRun;
    }

    /**
     * Whether the last {@code step} days are one level: a 1-3 day run the end rule read ({@code run}) lies on average
     * no more than SPIKE_K robust sds further off than the step's other days. A weekly log tripled on its last Friday
     * and Saturday (2% noise) had its Wednesday and Thursday a little the same way, over 1 sd: read as a four-day step
     * at their mean, $25.56, 80% to $25.64 for a new-level reading of $35.58 (regression of 039c629; r18f's jar gave
     * [18.57, 35.82]). A step in noise has its days apart by noise only.
     */
    private static boolean oneLevel(double[] y, double[] base, double noise, double relNoise, int upTo, int run, int step) {
        if (run == 0) {
            return true;
        }
        double inRun = 0, before = 0;
        for (int i = 1; i <= step; i++) {
            double z = Math.abs(offBy(y, base, upTo - i, upTo, noise, relNoise, END_STEP_K));
            if (i <= run) {
                inRun += z / run;
            } else {
                before += z / (step - run);
            }
        }
        return !(inRun - before > SPIKE_K);
    }

    /** Each day of a four to six day step ending the series is this many robust sds off its typical at least. */
    static final double END_STEP_K = 1;

    /**
     * Four to six last days on one side of their typical, each more than END_STEP_K robust sds off it and together as
     * far as one day of SPIKE_K sds (0: none, or a seventh day off the same way beyond END_RUN_K sds: a week or more,
     * the level-shift rule's): judged each
     * against END_RUN_K, a 20% step in 5% noise had a day under it, fed the fit and made a trend past the new level,
     * $26.03, 80% to $31.03, while a 50% step was read at its level, 80% to $29.28 (review r18f C).
     */
    private static int stepRun(double[] y, double[] base, boolean[] typed, double noise, double relNoise, int upTo) {
        int run = 0;
        double side = 0, evidence = 0;
        int t = upTo - 1;
        for (; t >= 0 && typed[t] && run < WEEK - 1; t--) {
            double z = offBy(y, base, t, upTo, noise, relNoise, END_STEP_K);
            if (z == 0 || side != 0 && Math.signum(z) != side) {
                break;
            }
            side = Math.signum(z);
            evidence += Math.min(Math.abs(z), 2 * SPIKE_K);
            run++;
        }
        // the day before six such days: one noise puts a little the same way stays a day before the step; one the end
        // rule reads (END_RUN_K) makes the run a week or more
        boolean longer = run == WEEK - 1 && t >= 0 && typed[t]
                && Math.signum(offBy(y, base, t, upTo, noise, relNoise)) == side;
        return run > SPIKE_RUN_DAYS && !longer && evidence > SPIKE_K * Math.sqrt(run) ? run : 0;
    }

    /**
     * The least move of a last day off its typical the end rule reads, relative to it: on a series the fit matches
     * exactly every move is beyond the spread, and this keeps the rounding of token counts out.
     */
    static final double END_REL = 0.005;
    /** Each day of a run ending the series is this many robust sds off its typical at least. */
    static final double END_RUN_K = 3;
    /** ... and this many off the nearest same-weekday day around it, or END_RUN_K of them (see {@link #endRun}). */
    static final double END_NEAR_K = 1.5;

    /**
     * How many robust sds day t lies off its typical, signed (0: not beyond END_RUN_K of them, or not END_REL off): beyond
     * every same-weekday day around it, not only their median (at the end of the series that is the mean of two, and a
     * month-end job two weeks back made an ordinary last day a drop to 18%, r15 M3); the sds in dollars or relative to
     * the typical, whichever is more (a spread of 0: any move).
     */
    private static double offBy(double[] y, double[] base, int t, int upTo, double noise, double relNoise) {
        return offBy(y, base, t, upTo, noise, relNoise, END_RUN_K);
    }

    private static double offBy(double[] y, double[] base, int t, int upTo, double noise, double relNoise, double k) {
        double ref = y[t] > base[t] ? sameWeekday(y, t, upTo, true) : sameWeekday(y, t, upTo, false);
        ref = Double.isInfinite(ref) ? base[t] : ref; // no same weekday around (a log under two weeks): its typical
        double d = y[t] - ref;
        double z = Math.max(Math.abs(d) / noise, ref > 0 ? Math.abs(d) / (relNoise * ref) : 0);
        return z > k && Math.abs(d) > END_REL * ref ? Math.signum(d) * z : 0;
    }

    /**
     * An incident ending in the last week that spend came back from: one to six days (any run shorter than the
     * level-shift rule's week) off their typical on one side as the end rule reads them, then a day that is not, before
     * the days ending the series ({@code endRun} of them). The fit leaves them out as it does spikes: fed to it, two days
     * at 2x then a normal last day were learned as a new level, $26.36 for $22.40 (review r16b #6), under the 2x the
     * spike rule wants; five days at 2x then three normal ones made a damped trend to $0 a day, $13.50 for $24.50, and
     * five at half then two normal ones a trend up, $31.20 for $19.25 (review r18f A).
     */
    static int[] incident(double[] y, double[] base, boolean[] typed, double noise, double relNoise, int[] spikeDays,
                                  int upTo, int endRun) {
        List<Integer> days = new ArrayList<>();
        boolean[] spike = new boolean[upTo];
        for (int d : spikeDays) {
            spike[d] = true;
        }
        int t = upTo - 1 - endRun;
        while (t > upTo - 1 - WEEK && t > 0) {
            // t is the day after a possible incident: back at its typical (or off the other way)
            double after = typed[t] ? offBy(y, base, t, upTo, noise, relNoise) : Double.NaN;
            int e = t - 1, s = e;
            double side = 0, evidence = 0;
            while (s >= 0 && e - s < WEEK - 1 && typed[s]) {
                double z = offBy(y, base, s, upTo, noise, relNoise);
                if (z == 0 || side != 0 && Math.signum(z) != side) {
                    break;
                }
                side = Math.signum(z);
                evidence += Math.min(Math.abs(z), 2 * SPIKE_K);
                s--;
            }
            int len = e - s;
            // a run of a week or more would be the level-shift rule's: stopped at six days above, so one more day off
            // the same way before them makes this no incident
            boolean longer = s >= 0 && typed[s] && Math.signum(offBy(y, base, s, upTo, noise, relNoise)) == side;
            // back means back at its typical too, not only near one same-weekday day around it: after an exact step
            // 12 days before the end the new level's Sunday and Monday were off their old-level weekdays and its
            // Tuesday near the step's first Tuesday, so the new level read as an incident (acc14: $13.05 for $11.20)
            double off = Double.isNaN(after) ? 0 : y[t] - base[t];
            boolean back = !(Math.signum(off) == side && Math.max(Math.abs(off) / noise,
                    base[t] > 0 ? Math.abs(off) / (relNoise * base[t]) : 0) > END_RUN_K && Math.abs(off) > END_REL * base[t]);
            if (len > 0 && !longer && e > upTo - 1 - WEEK && !Double.isNaN(after) && Math.signum(after) != side && back
                    && evidence > SPIKE_K * Math.sqrt(len)) {
                for (int d = s + 1; d <= e; d++) {
                    if (!spike[d]) {
                        days.add(d);
                    }
                }
            }
            t = len > 0 ? s : t - 1;
        }
        return days.stream().sorted().mapToInt(Integer::intValue).toArray();
    }

    /** The highest (or lowest) spend of the same weekday one and two weeks either side of t in y[0..upTo). */
    private static double sameWeekday(double[] y, int t, int upTo, boolean highest) {
        double v = highest ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (int d : new int[]{-2 * WEEK, -WEEK, WEEK, 2 * WEEK}) {
            if (t + d >= 0 && t + d < upTo && !Double.isNaN(y[t + d])) {
                v = highest ? Math.max(v, y[t + d]) : Math.min(v, y[t + d]);
            }
        }
        return v;
    }
}
