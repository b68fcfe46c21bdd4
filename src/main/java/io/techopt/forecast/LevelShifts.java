package io.techopt.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.techopt.forecast.Forecaster.ADAPT_DAYS;
import static io.techopt.forecast.Forecaster.SHIFT_REL;
import static io.techopt.forecast.Forecaster.SHIFT_T;
import static io.techopt.forecast.Forecaster.WEEK;

/** Level shifts: steps in spend that stay (see {@link #levelShifts}), and the series moved to one level. */
final class LevelShifts {
    private LevelShifts() {
    }

    /**
     * The series with the days before each level shift moved by the shift's step (latest shift first), so the fit
     * sees one level: otherwise the step inflates its level smoothing and its error variance, and with them every
     * band long after the level has settled.
     */
    static double[] stepAdjusted(double[] y, int[] shifts) {
        if (shifts.length == 0) {
            return y;
        }
        double[] a = y.clone();
        for (int i = shifts.length - 1; i >= 0; i--) {
            int s = shifts[i], post = s + 2 * WEEK <= a.length ? 2 * WEEK : WEEK;
            double step = HoltWinters.mean(a, s, s + post) - HoltWinters.mean(a, s - 2 * WEEK, s);
            for (int t = 0; t < s; t++) {
                a[t] = Math.max(0, a[t] + step);
            }
        }
        return a;
    }

    /**
     * Each shift's step (as {@link #levelShifts} measured it) over the higher of the levels either side of it: the
     * allowance for another shift moves the forecast level by that share, so a rise moves it by the dollars seen and a
     * fall by its share of the level it fell from, never to $0. Over the level before it, a 4x rise on an exact log
     * allowed another of 300% of the new level, up or down: 80% from no further spend at all to 1.9x the new level,
     * $24.50 to $128.10, where one more rise of the size seen starting the next day gives $102.90 (review r18f B).
     */
    static double[] shiftSizes(double[] y, int[] shifts, int upTo) {
        return Arrays.stream(shifts).mapToDouble(s -> {
            int post = s + 2 * WEEK <= upTo ? 2 * WEEK : WEEK;
            double before = HoltWinters.mean(y, s - 2 * WEEK, s), after = HoltWinters.mean(y, s, s + post);
            return before > 0 && after >= 0 ? Math.abs(after - before) / Math.max(before, after) : 0;
        }).filter(v -> v > 0).toArray();
    }

    /**
     * True when a forecast made at origin o (days before o seen) for day last runs across a shift (o < s <= last) or
     * starts within {@link Forecaster#ADAPT_DAYS} after one.
     */
    static boolean measuresAShift(int[] shifts, int o, int last) {
        for (int s : shifts) {
            if (o < s && s <= last || o >= s && o < s + ADAPT_DAYS) {
                return true;
            }
        }
        return false;
    }

    /**
     * Level shifts in y[0..upTo): days s where the mean of the two weeks before s and of the one or two whole weeks
     * from s (whole weeks, so the weekly pattern cancels) differ by more than SHIFT_T standard errors and by more
     * than SHIFT_REL of the earlier level. The noise is the robust spread of week-over-week differences. The
     * largest such step in each stretch of four weeks counts once.
     */
    static int[] levelShifts(double[] y, int upTo) {
        if (upTo < 3 * WEEK) {
            return new int[0];
        }
        double[] d = new double[upTo - WEEK];
        int pairs = 0;
        for (int t = WEEK; t < upTo; t++) {
            double diff = y[t] - y[t - WEEK];
            if (!Double.isNaN(diff)) { // a missing day (NaN) gives no week-over-week difference
                d[pairs++] = diff;
            }
        }
        d = Arrays.copyOf(d, pairs);
        if (pairs == 0) {
            return new int[0];
        }
        double med = median(d.clone()), meanDev = 0;
        double[] dev = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            dev[i] = Math.abs(d[i] - med);
            meanDev += dev[i] / d.length;
        }
        // when most weeks repeat exactly (a clean series, or a sparse one mostly zero) the median deviation is 0:
        // the mean one still sees how much the rest moves
        double noise = (median(dev) > 0 ? 1.4826 * median(dev) : 1.2533 * meanDev) / Math.sqrt(2);
        if (!(noise > 0)) {
            return new int[0];
        }
        double[] score = new double[upTo];
        for (int s = 2 * WEEK; s + WEEK <= upTo; s++) {
            int post = s + 2 * WEEK <= upTo ? 2 * WEEK : WEEK;
            if (observed(y, s - 2 * WEEK, s) < WEEK || observed(y, s, s + post) < (post + 1) / 2) {
                continue; // a step needs days seen on both sides: an outage's missing days are no evidence of one
            }
            double before = HoltWinters.mean(y, s - 2 * WEEK, s), after = HoltWinters.mean(y, s, s + post);
            double step = after - before - trendAcross(y, s, post, noise);
            double t = Math.abs(step) / (noise * Math.sqrt(1.0 / (2 * WEEK) + 1.0 / post));
            // the test is t, the place the step's size: ranked by t, a day before an exact step 13 days from the end
            // (its post window two weeks, one of them at the old level) beat the step's own day (one week after it, a
            // larger standard error), and the history moved to that mixed week's level: $11.19 for $10.85 (acc14)
            score[s] = t > SHIFT_T && Math.abs(step) > SHIFT_REL * Math.abs(before)
                    && heldByMostDays(y, s, post, step, Math.max(1, (upTo - 2 * WEEK) / (2 * WEEK))) ? Math.abs(step) : 0;
        }
        List<Integer> found = new ArrayList<>();
        while (true) {
            int best = -1;
            for (int s = 0; s < upTo; s++) {
                if (score[s] > 0 && (best < 0 || score[s] > score[best])) {
                    best = s;
                }
            }
            if (best < 0) {
                break;
            }
            found.add(best);
            for (int s = Math.max(0, best - 2 * WEEK); s < Math.min(upTo, best + 2 * WEEK); s++) {
                score[s] = 0;
            }
        }
        return found.stream().sorted().mapToInt(Integer::intValue).toArray();
    }

    /** A window's slope is a trend only beyond this many sds of a difference of two week means. */
    static final double TREND_T = 3;

    /**
     * How far a steady trend alone moves the mean of [s, s + post) from that of the two weeks before s: the slope
     * of the two weeks before s (their second week's mean less their first's, whole weeks so a weekly pattern
     * cancels) and of the two after when there are two, the flatter when both run the step's way and each is beyond
     * TREND_T sds of such a difference (0 otherwise: a noisy week is no trend), times the days between the windows'
     * centres. A step is a level shift only beyond it: an exact steady fall of 0.8% of its start a day was two "level
     * shifts" once its two-week moves passed a quarter of the level, and the fit, its history moved to each,
     * saw-toothed back up, $3.96 for readings of $3.11 (the line) and $3.87 (flat at the last day) (review r21f L2).
     *
     * @param noise a day's noise sd, as {@link #levelShifts} measures it
     */
    static double trendAcross(double[] y, int s, int post, double noise) {
        double step = HoltWinters.mean(y, s, s + post) - HoltWinters.mean(y, s - 2 * WEEK, s);
        double least = TREND_T * noise * Math.sqrt(2.0 / WEEK);
        double pre = HoltWinters.mean(y, s - WEEK, s) - HoltWinters.mean(y, s - 2 * WEEK, s - WEEK);
        double weekly = pre;
        if (post == 2 * WEEK) {
            double after = HoltWinters.mean(y, s + WEEK, s + 2 * WEEK) - HoltWinters.mean(y, s, s + WEEK);
            weekly = Math.signum(after) == Math.signum(pre) ? Math.signum(pre) * Math.min(Math.abs(pre), Math.abs(after)) : 0;
        }
        if (!Double.isFinite(weekly) || !(Math.abs(weekly) > least) || Math.signum(weekly) != Math.signum(step)) {
            return 0;
        }
        // never more than the step itself: the trend explains the move, it does not turn it round
        double across = weekly / WEEK * (2 * WEEK + post) / 2.0;
        return Math.abs(across) > Math.abs(step) ? step : across;
    }

    /**
     * A level shift moves most days after it, not one: each day of [s, s + post) seen (and not $0 both there and on
     * the same weekday in the two weeks before) against its weekday's mean before s. The typical day (the median of
     * those moves) must move in the step's direction by more than SHIFT_REL of its weekday's level: one spike day lifts
     * a two-week mean by a step the robust noise calls significant, but moves one day (review h12d #11, r10 #5: a heavy
     * Saturday made a shift). And the days moved must be a sign test's evidence at SHIFT_ALPHA over the series: every
     * candidate day is a test, so the one-sided binomial chance of that many days moved or more is held under
     * SHIFT_ALPHA / windows (Bonferroni over the series' two-week windows): 2 of 2 or 4 of 5 days moved is a coin
     * (review r10 #5: a weekend-only log around a dark weekend, a working-days log around a holiday week).
     */
    static boolean heldByMostDays(double[] y, int s, int post, double step, int windows) {
        int moved = 0, counted = 0;
        double[] moves = new double[post];
        double level = 0;
        for (int t = s; t < s + post; t++) {
            double was = HoltWinters.mean(new double[]{y[t - ((t - s) / WEEK + 1) * WEEK], y[t - ((t - s) / WEEK + 2) * WEEK]}, 0, 2);
            if (Double.isNaN(y[t]) || Double.isNaN(was) || y[t] == 0 && was == 0) {
                continue;
            }
            moves[counted++] = y[t] - was;
            level += was;
            moved += Math.signum(y[t] - was) == Math.signum(step) ? 1 : 0;
        }
        if (counted == 0 || moved < SHIFT_DAYS_SHARE * counted) {
            return false;
        }
        double typical = median(Arrays.copyOf(moves, counted));
        return Math.signum(typical) == Math.signum(step) && Math.abs(typical) > SHIFT_REL * level / counted
                && signTestChance(counted, moved) <= SHIFT_ALPHA / windows;
    }

    /** The share of the days after a level shift that must lie beyond their weekday's level before it, in its direction. */
    static final double SHIFT_DAYS_SHARE = 0.75;
    /** The chance of naming a level shift somewhere in a series without one, at most (family-wise, Bonferroni). */
    static final double SHIFT_ALPHA = 0.05;

    /** The chance that {@code moved} or more of {@code days} fair coin flips come up heads (one-sided sign test). */
    static double signTestChance(int days, int moved) {
        double p = 0;
        for (int k = moved; k <= days; k++) {
            p += Math.exp(org.apache.commons.math3.util.CombinatoricsUtils.binomialCoefficientLog(days, k) - days * Math.log(2));
        }
        return Math.min(1, p);
    }

    /** Days of y[from, to) that are not missing (NaN). */
    static int observed(double[] y, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += Double.isNaN(y[i]) ? 0 : 1;
        }
        return n;
    }

    static double median(double[] a) {
        Arrays.sort(a);
        return a.length == 0 ? 0 : a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
