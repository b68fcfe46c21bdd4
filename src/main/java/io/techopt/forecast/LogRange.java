package io.techopt.forecast;

import java.time.LocalDate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Which days a forecast fits: the log's days with requests split into runs at gaps long against its own spacing, a
 * small, thin, lighter run before its body left out, and the far-gap and length limits on the calendar.
 */
final class LogRange {
    private LogRange() {
    }

    /** A lighter run before the log's body this far (in days) from the next one is left out of the series. */
    static final int OUTLIER_GAP_DAYS = 366;
    /**
     * A gap between days with data of more than this many times the log's longest other gap (and more than
     * MIN_STRAY_GAP_DAYS) splits the days into runs; a small, thin, lighter run before the body is stray: in a daily log, three silent days then one record;
     * in a log of working days (weekend gaps of 3 days), more than six.
     */
    static final int STRAY_GAP_FACTOR = 2, MIN_STRAY_GAP_DAYS = 3;
    /** --until may run this many times the typical spacing (at least MIN_FAR_GAP_DAYS) past the last day with data. */
    static final int FAR_GAP_FACTOR = 28, MIN_FAR_GAP_DAYS = 14;
    /** A run before such a gap is small when it has at most this many days with data (or a tenth of the rest). */
    static final int SMALL_RUN_DAYS = 2;
    /** Ten years of days: longer series are refused (the fit is linear in their length, per origin). */
    static final int MAX_SERIES_DAYS = 3660;
    /** The second longest number of days between consecutive days with data (1 for a daily log with one stray day). */
    static long secondLongestGap(List<LocalDate> days) {
        long first = 0, second = 0;
        for (int i = 1; i < days.size(); i++) {
            long g = ChronoUnit.DAYS.between(days.get(i - 1), days.get(i));
            if (g > first) {
                second = first;
                first = g;
            } else if (g > second) {
                second = g;
            }
        }
        return Math.max(1, second);
    }

    /** The median number of days between consecutive days with data (1 for a daily log). */
    static long medianGap(List<LocalDate> days) {
        if (days.size() < 2) {
            return 1;
        }
        long[] g = new long[days.size() - 1];
        for (int i = 1; i < days.size(); i++) {
            g[i - 1] = ChronoUnit.DAYS.between(days.get(i - 1), days.get(i));
        }
        java.util.Arrays.sort(g);
        return g[g.length / 2];
    }

    /**
     * Run r (beyond the gap from day index gapFrom to gapTo) is left out when the gap exceeds a year, or when it is
     * small against the rest (restDays: the days with data in the rest).
     */
    static boolean isOutlierRun(List<LocalDate> days, List<int[]> runs, int r, int gapFrom, int gapTo, int restDays) {
        long gap = ChronoUnit.DAYS.between(days.get(gapFrom), days.get(gapTo));
        int size = runs.get(r)[1] - runs.get(r)[0] + 1;
        return gap > OUTLIER_GAP_DAYS || size <= Math.max(SMALL_RUN_DAYS, Math.abs(restDays) / 10);
    }

    /** The run carries fewer requests and less spend than the rest (days with data from index restFrom to restTo). */
    static boolean lighter(List<LocalDate> days, int[] run, int restFrom, int restTo, ToLongFunction<LocalDate> requests,
                                   ToDoubleFunction<LocalDate> cost) {
        List<LocalDate> inRun = days.subList(run[0], run[1] + 1);
        List<LocalDate> rest = days.subList(Math.min(restFrom, restTo), Math.max(restFrom, restTo) + 1);
        return inRun.stream().mapToLong(d -> requests.applyAsLong(d)).sum() < rest.stream().mapToLong(d -> requests.applyAsLong(d)).sum()
                && inRun.stream().mapToDouble(d -> cost.applyAsDouble(d)).sum() < rest.stream().mapToDouble(d -> cost.applyAsDouble(d)).sum();
    }

    /** The run lies over a year from the rest (and is lighter than it): left out whatever its own volume. */
    static boolean yearAway(List<LocalDate> days, int gapFrom, int gapTo) {
        return ChronoUnit.DAYS.between(days.get(gapFrom), days.get(gapTo)) > OUTLIER_GAP_DAYS;
    }

    /**
     * A run is thin when its median day carries less than THIN_SHARE of the median day of the rest (days with data
     * from index restFrom to restTo), in requests or in cost: a stray record, not real traffic after an outage.
     */
    static boolean isThin(List<LocalDate> days, int[] run, int restFrom, int restTo, ToDoubleFunction<LocalDate> cost,
                                  ToLongFunction<LocalDate> requests) {
        List<LocalDate> inRun = days.subList(run[0], run[1] + 1);
        List<LocalDate> rest = days.subList(Math.min(restFrom, restTo), Math.max(restFrom, restTo) + 1);
        double runRequests = median(inRun.stream().mapToDouble(d -> requests.applyAsLong(d)).toArray());
        double restRequests = median(rest.stream().mapToDouble(d -> requests.applyAsLong(d)).toArray());
        double runCost = median(inRun.stream().mapToDouble(cost).toArray());
        double restCost = median(rest.stream().mapToDouble(cost).toArray());
        return runRequests < THIN_SHARE * restRequests || runCost < THIN_SHARE * restCost;
    }

    /** A dense body a sparse, thin start is left out before spans at least this many days (the fit's four weeks). */
    static final int MIN_DENSE_BODY_DAYS = 28;

    /**
     * The index of the first day of the log's dense body when the days with data from index {@code from} before it are
     * a sparse, thin start (review r25f H2: five $1 requests in July before a log of $28 a day from August read July
     * as a logging outage and the fit jumped): the days before it have data on at most half of their calendar days,
     * each carries under THIN_SHARE of the body's median day in requests and in cost, the last lies before
     * {@code evaluatedFrom}; the body from it to index {@code to} has data on more than half of its days over at least
     * MIN_DENSE_BODY_DAYS days, and its first day is no thin one (a sparse log's days before a run of spend are its
     * history). {@code from} when there is no such start.
     */
    static int denseBodyStart(List<LocalDate> days, int from, int to, ToLongFunction<LocalDate> requests,
                              ToDoubleFunction<LocalDate> cost, LocalDate evaluatedFrom) {
        for (int i = to; i > from; i--) {
            LocalDate start = days.get(i);
            long bodyDays = ChronoUnit.DAYS.between(start, days.get(to)) + 1;
            if (ChronoUnit.DAYS.between(days.get(i - 1), start) < 2 || !days.get(i - 1).isBefore(evaluatedFrom)
                    || bodyDays < MIN_DENSE_BODY_DAYS || 2 * (to - i + 1) <= bodyDays
                    || 2 * (i - from) > ChronoUnit.DAYS.between(days.get(from), start)) {
                continue;
            }
            List<LocalDate> body = days.subList(i, to + 1);
            double bodyRequests = median(body.stream().mapToDouble(requests::applyAsLong).toArray());
            double bodyCost = median(body.stream().mapToDouble(cost).toArray());
            // thin in requests and in spend: one heavy request is no stray (HeavyOrRecentSpendIsNeverLeftOutTest)
            java.util.function.Predicate<LocalDate> thin = d -> requests.applyAsLong(d) < THIN_SHARE * bodyRequests
                    && cost.applyAsDouble(d) < THIN_SHARE * bodyCost;
            if (!thin.test(start) && days.subList(from, i).stream().allMatch(thin)) {
                return i;
            }
        }
        return from;
    }

    /** A run after a long gap whose median day has at least this share of the rest's median day is real traffic. */
    static final double THIN_SHARE = 0.25;

    static double median(double[] v) {
        java.util.Arrays.sort(v);
        return v.length == 0 ? 0 : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
