package io.techopt.forecast;

import org.apache.commons.math3.special.Beta;

/**
 * A log with spend on few days (a request on one day in four or five): the sum of the days left is a count of days with
 * spend, each spending about what such a day spends. The fit's out-of-sample errors on a series mostly $0 are few and
 * lumpy, and their 2.5% tail is the largest shortfall ever seen, which put the 95% lower bound of the period at
 * month-to-date (review r10 #7, s7_5: a request on 8 of the last 28 days, 22 days left, where no request in 22 days is
 * a 0.4% chance). The count of days with spend gives a floor for the lower bounds instead: the fewest days with spend
 * the days left hold at the interval's tail, at the smallest spend of a recent day with spend.
 */
final class SparseDays {
    /** The recent days whose share of days with spend the count stands on (the fit's level and season's four weeks). */
    static final int WINDOW = 28;

    final int window, withSpend;
    /** The smallest spend of a recent day with spend. */
    final double leastDay;

    private SparseDays(int window, int withSpend, double leastDay) {
        this.window = window;
        this.withSpend = withSpend;
        this.leastDay = leastDay;
    }

    /**
     * The last {@link #WINDOW} days of the series seen (a missing day, NaN, is no evidence), when at most half of them
     * had spend; null for a log with spend on most days (its errors measure its tail), under four weeks seen, or whose
     * days without spend at the end are a run under a 2.5% chance at that share (spend may have stopped).
     */
    static SparseDays of(double[] y) {
        int seen = 0, with = 0;
        double least = Double.POSITIVE_INFINITY;
        for (int t = y.length - 1; t >= 0 && seen < WINDOW; t--) {
            if (Double.isNaN(y[t])) {
                continue;
            }
            seen++;
            if (y[t] > 0) {
                with++;
                least = Math.min(least, y[t]);
            }
        }
        if (seen < WINDOW || with == 0 || 2 * with > seen) {
            return null;
        }
        SparseDays d = new SparseDays(seen, with, least);
        int quiet = 0; // the days without spend that end the series
        for (int t = y.length - 1; t >= 0 && !(y[t] > 0); t--) {
            quiet += Double.isNaN(y[t]) ? 0 : 1;
        }
        // a silence at the end that the share makes unlikely says the share no longer holds (spend may have stopped)
        return d.chanceOfNone(quiet) < 0.025 ? null : d;
    }

    /**
     * The fewest days with spend among the next k at the lower tail of an interval at level (80 or 95): the largest n
     * with P(N < n) at most that tail (10%, 2.5%), N beta-binomial, the share of days with spend under Jeffreys' prior
     * on the window (Beta(with + 1/2, window - with + 1/2)), as the level-shift rate measures a rate seen loosely.
     */
    int fewestDays(int k, int level) {
        double tail = level == 80 ? 0.10 : 0.025, a = withSpend + 0.5, b = window - withSpend + 0.5;
        double below = 0;
        for (int n = 0; n <= k; n++) {
            double p = Math.exp(logChoose(k, n) + Beta.logBeta(n + a, k - n + b) - Beta.logBeta(a, b));
            if (below + p > tail) {
                return n;
            }
            below += p;
        }
        return k;
    }

    /**
     * The most days with spend among the next k at the upper tail of an interval at level (80 or 95): the smallest n
     * with P(N > n) at most that tail (10%, 2.5%), N beta-binomial as in {@link #fewestDays}.
     */
    int mostDays(int k, int level) {
        double tail = level == 80 ? 0.10 : 0.025, a = withSpend + 0.5, b = window - withSpend + 0.5;
        double upTo = 0;
        for (int n = 0; n <= k; n++) {
            upTo += Math.exp(logChoose(k, n) + Beta.logBeta(n + a, k - n + b) - Beta.logBeta(a, b));
            if (1 - upTo <= tail) {
                return n;
            }
        }
        return k;
    }

    /** The chance that none of the next k days has spend (beta-binomial, as {@link #fewestDays}). */
    double chanceOfNone(int k) {
        double a = withSpend + 0.5, b = window - withSpend + 0.5;
        return Math.exp(Beta.logBeta(a, k + b) - Beta.logBeta(a, b));
    }

    /** The least the next k days spend at the interval's lower tail: its fewest days with spend at the least such day. */
    double floorOfSum(int k, int level) {
        return k <= 0 ? 0 : fewestDays(k, level) * leastDay;
    }

    private static double logChoose(int k, int n) {
        return org.apache.commons.math3.util.CombinatoricsUtils.binomialCoefficientLog(k, n);
    }
}
