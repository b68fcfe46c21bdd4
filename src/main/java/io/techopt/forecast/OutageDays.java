package io.techopt.forecast;

import io.techopt.core.DailySpend;

import java.time.LocalDate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static io.techopt.forecast.EdgeDays.*;
import static io.techopt.forecast.LogRange.*;

/**
 * Days without any request: a logging outage (missing values, not zero spend) when the log's own pattern makes the
 * silence unlikely, spend stopping (a shutdown, then a stray request) when the days after it are evidence of that,
 * and quiet days the log usually has otherwise.
 */
final class OutageDays {
    private OutageDays() {
    }

    /**
     * A day without any request inside the series is an outage (missing, not zero spend) when the log has requests on
     * at least this share of the same weekdays outside its silent run, and on at least OUTAGE_MIN_WEEKDAYS of them: a
     * daily log that goes quiet for days stopped logging; a working-days log is quiet every weekend, and a sparse
     * log's quiet days are its usual pattern.
     */
    static final double OUTAGE_WEEKDAY_SHARE = 0.75;
    /**
     * A silence is an outage only when the log's own share q of days without requests (outside it, on the weekdays
     * it has requests on) makes a run of its length L somewhere in a log of its length unlikely: under this chance
     * ({@link #chanceOfARunSomewhere}). A daily log (q = 0) has outages of one day; a 75-day log quiet one day in five
     * needs six silent days in a row (a run of 4 comes one time in ten, q^4 alone would say 0.16%).
     */
    static final double OUTAGE_CHANCE = 0.01;
    static final int OUTAGE_MIN_WEEKDAYS = 2;

    /**
     * The chance that {@code trials} independent days, each quiet with chance q, hold a run of at least
     * {@code length} quiet days somewhere (the longest-run scan statistic), by the exact recursion over the length of
     * the quiet run the sequence ends in.
     */
    static double chanceOfARunSomewhere(double q, int length, int trials) {
        if (length <= 0) {
            return 1;
        }
        if (q <= 0 || length > trials) {
            return 0;
        }
        double[] run = new double[length]; // chance of no run of `length` yet and a trailing quiet run of k days
        run[0] = 1;
        for (int t = 0; t < trials; t++) {
            double none = 0;
            for (int k = length - 1; k >= 0; k--) {
                none += run[k];
            }
            for (int k = length - 1; k >= 1; k--) {
                run[k] = q * run[k - 1];
            }
            run[0] = (1 - q) * none;
        }
        double survive = 0;
        for (double v : run) {
            survive += v;
        }
        return Math.min(1, Math.max(0, 1 - survive));
    }

    /**
     * Per day of the series [first, last], what the fit multiplies its spend by: NaN (a missing value) for the days
     * without any request (not days of requests that cost nothing) strictly between the first day and the last day
     * with requests, on weekdays the log has requests on in its other weeks; for a day next to such a run that the
     * outage cut short (the hours it misses held more than PARTIAL_DAY_SHARE of a full day's spend), 1 / (1 - that
     * share), as a partial first or last day is filled in (missing when it would miss more than MAX_MISSING_SHARE);
     * 1 for every other day. Says so in a warning.
     */
    static Outage read(LocalDate first, LocalDate last, LocalDate lastData, ToLongFunction<LocalDate> requestsByDay,
                                    ToDoubleFunction<LocalDate> costByDay, List<DailySpend.Hour> hours, LocalDate periodStart,
                                    List<String> warnings) {
        int n = (int) ChronoUnit.DAYS.between(first, last) + 1, end = (int) ChronoUnit.DAYS.between(first, lastData);
        boolean[] has = new boolean[n], missing = new boolean[n];
        double[] factor = new double[n];
        java.util.Arrays.fill(factor, 1);
        int stopped = n; // the first day of a silence read as spend stopped (n: none)
        for (int i = 0; i < n; i++) {
            has[i] = requestsByDay.applyAsLong(first.plusDays(i)) > 0;
        }
        List<int[]> runs = new ArrayList<>();
        // the silent days after the last day with requests (an --until past it) are read by the same rule as those
        // inside: unknown, not $0, on weekdays the log has requests on (review h12d #1)
        for (int i = 1; i < n; ) {
            if (has[i]) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && !has[j]) {
                j++;
            }
            // a log with quiet days of its own (a sparse log) has runs of them by chance: a silence is an outage only
            // when a run this long would come by chance ANYWHERE in a log this long, at the log's own share of quiet
            // days, less than OUTAGE_CHANCE of the time (a scan statistic: at one position the chance is q^L, but a
            // 75-day log at q = 0.2 holds a run of 4 somewhere one time in ten). Counted on the weekdays the log has
            // requests on (a working-days log's weekends are its pattern, not chance quiet days), outside the
            // silence (review h12d #7)
            int[] withOn = new int[7], totalOn = new int[7];
            int horizonEnd = Math.max(end, j - 1);
            for (int e = 0; e <= end; e++) {
                if (e < i || e >= j) {
                    totalOn[e % 7]++;
                    withOn[e % 7] += has[e] ? 1 : 0;
                }
            }
            boolean[] active = new boolean[7];
            for (int w = 0; w < 7; w++) {
                active[w] = totalOn[w] > 0 && withOn[w] >= OUTAGE_WEEKDAY_SHARE * totalOn[w];
            }
            int quiet = 0, seen = 0, length = 0, trials = 0;
            for (int e = 0; e <= horizonEnd; e++) {
                if (!active[e % 7]) {
                    continue;
                }
                trials++;
                if (e >= i && e < j) {
                    length++;
                } else if (e <= end) {
                    seen++;
                    quiet += has[e] ? 0 : 1;
                }
            }
            double chance = seen == 0 || length == 0 ? 1 : chanceOfARunSomewhere((double) quiet / seen, length, trials);
            if (chance >= OUTAGE_CHANCE) {
                i = j;
                continue;
            }
            for (int d = i; d < j; d++) {
                int total = 0, with = 0;
                for (int e = d % 7; e <= end; e += 7) {
                    if (e < i || e >= j) {
                        total++;
                        with += has[e] ? 1 : 0;
                    }
                }
                missing[d] = total >= OUTAGE_MIN_WEEKDAYS && with >= OUTAGE_WEEKDAY_SHARE * total;
                if (missing[d] && (runs.isEmpty() || runs.get(runs.size() - 1)[1] != d - 1)) {
                    runs.add(new int[]{d, d});
                } else if (missing[d]) {
                    runs.get(runs.size() - 1)[1] = d;
                }
            }
            i = j;
        }
        if (runs.isEmpty()) {
            return new Outage(factor, stopped);
        }
        double[] profile = hourProfile(hours, first, last);
        // the last silence inside the log (before its last day with requests; a silent tail before --until may follow)
        int inside = runs.size() - 1;
        while (inside >= 0 && runs.get(inside)[1] >= end) {
            inside--;
        }
        if (inside >= 0) {
            // the days after that silence, from the first with requests to the last: spend may have stopped (a
            // shutdown, then a stray or health-check request) rather than logging when they hold under a quarter of a
            // usual day's spend for the hours they cover AND the hours they cover are evidence: a usual day's traffic
            // over them would show that little spend under OUTAGE_CHANCE of the time (Poisson, in requests of a usual
            // day's average cost). A last day covering only its first minutes after a dark spell (review h12d #5) is
            // no evidence: one usual request is expected there. Then that silence, and a silent tail after it, are zero
            // spend (review h12d #6)
            int[] silence = runs.get(inside);
            int resume = silence[1] + 1;
            while (resume < end && !has[resume]) {
                resume++;
            }
            double after = 0, covered = 0, rest = 0;
            for (int d = resume; d <= end; d++) {
                after += costByDay.applyAsDouble(first.plusDays(d));
                covered += 1;
            }
            if (profile != null) {
                int[] span = hourSpan(hours, lastData);
                for (int h = span[1] + 1; span[1] >= 0 && h < 24; h++) {
                    rest += profile[h];
                }
                rest = Math.min(rest, 0.99);
                covered -= rest;
            }
            // the stray shows logging worked: whole silent days after it, to as of (--until), are evidence too
            double evidence = n - 1 > end ? covered + rest + (n - 1 - end) : covered;
            double[] before = new double[silence[0]], beforeRequests = new double[silence[0]];
            int k = 0;
            for (int d = 0; d < silence[0]; d++) {
                if (has[d]) {
                    before[k] = costByDay.applyAsDouble(first.plusDays(d));
                    beforeRequests[k++] = requestsByDay.applyAsLong(first.plusDays(d));
                }
            }
            double usual = median(java.util.Arrays.copyOf(before, k));
            double usualRequests = median(java.util.Arrays.copyOf(beforeRequests, k));
            double expected = usualRequests * evidence; // requests a usual day's traffic would show in those hours
            double seenAsRequests = usualRequests > 0 && usual > 0 ? after / (usual / usualRequests) : 0;
            double chance = expected <= 0 ? 1 : new org.apache.commons.math3.distribution.PoissonDistribution(expected)
                    .cumulativeProbability((int) Math.floor(seenAsRequests));
            if (usual > 0 && after / covered < THIN_SHARE * usual && chance < OUTAGE_CHANCE) {
                int[] tail = runs.get(runs.size() - 1);
                boolean silentTail = inside < runs.size() - 1;
                for (int r = inside; r < runs.size(); r++) {
                    for (int d = runs.get(r)[0]; d <= runs.get(r)[1]; d++) {
                        missing[d] = false;
                    }
                }
                warnings.add(Dollars.format("no requests from %s to %s, then $%.4f over the %d "
                        + "day(s) to %s, under %.0f%% of a usual day's $%.2f for the hours they cover, where a usual day's "
                        + "%.0f requests would show about %.1f (that little spend by chance: %.2g): spend may have stopped "
                        + "(a shutdown, then a stray or health-check request), so those days%s count as zero spend, not a "
                        + "logging outage, and the forecast follows the spend logged since; if logging stopped instead, the "
                        + "figures understate the spend", first.plusDays(silence[0]), first.plusDays(silence[1]), after,
                        end - resume + 1, lastData, 100 * THIN_SHARE, usual, usualRequests, expected, chance,
                        silentTail ? " and the silent days from " + first.plusDays(tail[0]) + " to " + first.plusDays(tail[1])
                        + " after the last request" : ""));
                stopped = silence[0];
                runs.subList(inside, runs.size()).clear();
                if (runs.isEmpty()) {
                    return new Outage(factor, stopped);
                }
            }
        }
        List<String> cut = new ArrayList<>();
        for (int[] r : runs) {
            // the day the outage began on, or ended on, holds only part of its spend: missing in the fit too
            int before = r[0] - 1, after = r[1] + 1;
            if (profile != null && before > 0 && has[before]) {
                int[] span = hourSpan(hours, first.plusDays(before));
                double share = 0;
                for (int h = span[1] + 1; span[1] >= 0 && h < 24; h++) {
                    share += profile[h];
                }
                if (share > PARTIAL_DAY_SHARE && share < 1) {
                    factor[before] = share > MAX_MISSING_SHARE ? Double.NaN : 1 / (1 - share);
                    cut.add(String.format(java.util.Locale.ROOT, "%s (its last request before %02d:00 UTC; the hours after "
                            + "hold %.1f%% of a full day's spend)", first.plusDays(before), span[1] + 1, 100 * share));
                }
            }
            if (profile != null && after < end && has[after]) {
                int[] span = hourSpan(hours, first.plusDays(after));
                double share = 0;
                for (int h = 0; h < Math.max(0, span[0]); h++) {
                    share += profile[h];
                }
                if (share > PARTIAL_DAY_SHARE && share < 1) {
                    factor[after] = share > MAX_MISSING_SHARE ? Double.NaN : 1 / (1 - share);
                    cut.add(String.format(java.util.Locale.ROOT, "%s (its first request at %02d:00 UTC; the hours before "
                            + "hold %.1f%% of a full day's spend)", first.plusDays(after), span[0], 100 * share));
                }
            }
        }
        long days = runs.stream().mapToLong(r -> r[1] - r[0] + 1).sum();
        boolean inPeriod = false;
        for (int i = 0; i < n; i++) {
            factor[i] = missing[i] ? Double.NaN : factor[i];
            inPeriod |= missing[i] && !first.plusDays(i).isBefore(periodStart);
        }
        warnings.add("no requests at all on " + days + " day(s) inside the series, "
                + runs.stream().limit(5).map(r -> "from " + first.plusDays(r[0]) + " to " + first.plusDays(r[1]))
                .collect(java.util.stream.Collectors.joining(", ")) + (runs.size() > 5 ? " and " + (runs.size() - 5) + " more runs" : "")
                + ", on weekdays the log has requests on in its other weeks (at least " + Math.round(100 * OUTAGE_WEEKDAY_SHARE)
                + "% of them): a logging outage, not zero spend. The fit takes them as missing values: the level and "
                + "season neither learn from them nor shift at them, and no backtest or calibration error is measured on "
                + "them; daily, weekly, monthly, month_to_date_usd and the alerts on spend logged (kind actual) keep the spend logged"
                + (inPeriod ? ", while the period total (forecast_total_usd, its interval and cumulative) and the alerts of kind "
                + "forecast add the forecast for those of this period (the spend a provider bills for them), with its error in the interval" : "")
                + (cut.isEmpty() ? "" : ". A day the outage cut short is filled in for the fit from its spend logged, by "
                + "how the log's full days spread their spend over the hours it misses (a missing value when over "
                + Math.round(100 * MAX_MISSING_SHARE) + "%): " + String.join(", ", cut)));
        return new Outage(factor, stopped);
    }

    /**
     * One scope's own outages (a team's logs going dark while the others keep logging: the total has requests every
     * day, so its rule sees nothing; review r12 #6), read by the same rule from the scope's first day with requests
     * on to its last (days before it are no outage: the scope had not started; days after it while the log kept
     * logging neither: the scope ended, said in a note), and merged with the total's: a day missing in
     * either is missing, a day the total's outage cut short keeps its factor. The scope's hours are not kept, so a day
     * its own outage cut short is not filled in. Its notes go to {@code warnings}, each naming the scope, when it
     * found days the total's rule did not (else the total's outage itself is returned).
     */
    static Outage ofScope(String shownScope, Outage total, LocalDate first, LocalDate last, DailyActuals days,
                          LocalDate periodStart, List<String> warnings) {
        LocalDate scopeFirst = null, scopeLast = null;
        for (int i = 0; i < days.size(); i++) {
            LocalDate d = days.day(i);
            if (days.requests(i) > 0 && !d.isBefore(first) && !d.isAfter(last)) {
                scopeFirst = scopeFirst == null || d.isBefore(scopeFirst) ? d : scopeFirst;
                scopeLast = scopeLast == null || d.isAfter(scopeLast) ? d : scopeLast;
            }
        }
        if (scopeFirst == null || !scopeFirst.isBefore(scopeLast)) {
            return total;
        }
        List<String> own = new ArrayList<>();
        // a scope silent from its last request on while the log kept logging (a model migrated away from, a team
        // moved, a key rotated) has ended: its silent tail is zero spend, not an outage (review r14 #4); only its
        // silences before its last request are read, and the log's own silent tail stays the total's to read
        LocalDate logged = last;
        while (logged.isAfter(scopeLast) && Double.isNaN(total.factor()[(int) ChronoUnit.DAYS.between(first, logged)])) {
            logged = logged.minusDays(1);
        }
        ToLongFunction<LocalDate> requestsOf = days::requestsOn;
        ToDoubleFunction<LocalDate> costOf = days::costOn;
        Outage o = read(scopeFirst, scopeLast, scopeLast, requestsOf, costOf, null, periodStart, own);
        if (logged.isAfter(scopeLast) && Double.isNaN(read(scopeFirst, logged, scopeLast, requestsOf, costOf, null,
                periodStart, new ArrayList<>()).factor()[(int) ChronoUnit.DAYS.between(scopeFirst, logged)])) {
            warnings.add(String.format(java.util.Locale.ROOT, "%s: no requests since %s, while the log has requests on "
                    + "the %d day(s) from %s to %s: read as the scope having ended (a model migrated away from, a team "
                    + "moved, a key rotated), so those days count as zero spend, not a logging outage, and its forecast "
                    + "follows them; if only its logging stopped, its figures understate its spend", shownScope, scopeLast,
                    ChronoUnit.DAYS.between(scopeLast, logged), scopeLast.plusDays(1), logged));
        }
        int offset = (int) ChronoUnit.DAYS.between(first, scopeFirst);
        double[] factor = total.factor().clone();
        boolean more = false;
        for (int i = 0; i < o.factor().length; i++) {
            if (Double.isNaN(o.factor()[i]) && !Double.isNaN(factor[offset + i])) {
                factor[offset + i] = Double.NaN;
                more = true;
            }
        }
        int stopped = Math.min(total.stoppedFrom(), offset + o.stoppedFrom());
        if (!more && stopped == total.stoppedFrom()) {
            return total; // nothing of its own: the total's notes say it all
        }
        own.forEach(w -> warnings.add(shownScope + ": " + w));
        return new Outage(factor, stopped);
    }

    /**
     * What the fit multiplies each day's spend by (NaN: a logging outage's missing day), and the first day of a silence
     * read as spend stopped (the series' length: none).
     */
    record Outage(double[] factor, int stoppedFrom) {
    }

    /** How the log's full days (those between first and last) spread their spend over the hours; null with too few. */
    static double[] hourProfile(List<DailySpend.Hour> hours, LocalDate first, LocalDate last) {
        if (hours == null) {
            return null;
        }
        double[] profile = new double[24];
        java.util.Set<LocalDate> full = new java.util.HashSet<>();
        for (DailySpend.Hour h : hours) {
            LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(h.epochHour(), 24));
            if (day.isAfter(first) && day.isBefore(last)) {
                profile[(int) Math.floorMod(h.epochHour(), 24)] += h.costUsd();
                full.add(day);
            }
        }
        double sum = java.util.Arrays.stream(profile).sum();
        if (full.size() < PROFILE_DAYS || sum <= 0) {
            return null;
        }
        for (int h = 0; h < 24; h++) {
            profile[h] /= sum;
        }
        return profile;
    }

    /** The first and last hour (UTC) of the day with requests ({-1, -1}: none). */
    static int[] hourSpan(List<DailySpend.Hour> hours, LocalDate day) {
        int[] span = {-1, -1};
        for (DailySpend.Hour h : hours) {
            if (LocalDate.ofEpochDay(Math.floorDiv(h.epochHour(), 24)).equals(day)) {
                int hour = (int) Math.floorMod(h.epochHour(), 24);
                span[0] = span[0] < 0 ? hour : Math.min(span[0], hour);
                span[1] = Math.max(span[1], hour);
            }
        }
        return span;
    }
}
