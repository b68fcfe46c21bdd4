package io.techopt.analyze;

import io.techopt.core.DailySpend;
import io.techopt.core.TokenSums;
import io.techopt.core.Usage;
import io.techopt.pricing.CostCalculator;
import io.techopt.pricing.PriceEntry;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Spend on the calendar: the daily series of the report (by day, or by a coarser period on a long log), the warning on
 * stray days far from the rest of the log, and the spend per hour that cost-forecast reads for partial days.
 */
final class DailySeries {
    /** Buckets a calendar series may have before it is summarised by a coarser period. */
    static final int MAX_DAILY_BUCKETS = 1000;
    /** Days with requests further than this from the rest of the log are named in a warning. */
    static final int STRAY_GAP_DAYS = 60;

    /** The series and its resolution: day, week, month or year. */
    record Daily(String resolution, List<AnalyzeResult.Day> days) {
    }

    private DailySeries() {
    }

    /**
     * Every day from the first request's to the last's, zero where nothing ran, so a gap takes its real length in the
     * table and the chart; ranges longer than {@link #MAX_DAILY_BUCKETS} days go by week, then month, then year
     * ({@code daily_resolution} says which; a warning says so).
     */
    static Daily of(RequestStore s, double[] cost, List<String> warnings) {
        Days days = Days.of(s, cost);
        if (days.rows() == 0) {
            return new Daily("day", List.of());
        }
        strayDays(days, warnings);
        LocalDate first = days.date.get(0);
        LocalDate last = days.date.get(days.rows() - 1);
        String[] units = {"day", "week", "month", "year"};
        ChronoUnit[] steps = {ChronoUnit.DAYS, ChronoUnit.WEEKS, ChronoUnit.MONTHS, ChronoUnit.YEARS};
        int u = 0;
        while (u < units.length - 1 && steps[u].between(bucket(first, u), bucket(last, u)) + 1 > MAX_DAILY_BUCKETS) {
            u++;
        }
        LocalDate from = bucket(first, u), to = bucket(last, u);
        boolean fill = steps[u].between(from, to) + 1 <= MAX_DAILY_BUCKETS;
        Days buckets = days.byBucket(u, steps[u], fill);
        if (u > 0) {
            warnings.add("the log spans " + (ChronoUnit.DAYS.between(first, last) + 1) + " days ("
                    + first + " to " + last + "): daily spend is summarised by " + units[u] + " (daily_resolution; "
                    + "each date is the start of its " + units[u] + ")" + (fill ? "" : ", and only " + units[u]
                    + "s with requests are listed"));
        }
        return new Daily(units[u], buckets.rowsOfTheReport());
    }

    /**
     * A few requests dated far from the rest (one record of 2020 in a 2026 log, a replay trace with one absolute
     * timestamp) stretch the period and the daily series. They are real requests, so every total keeps them, but a
     * warning names their dates and what they did to the period. Runs of days split at gaps longer than
     * {@link #STRAY_GAP_DAYS}; the run with the most requests is the log's body; the other runs are stray when they
     * hold at most 1% of the requests (or 5).
     */
    private static void strayDays(Days days, List<String> warnings) {
        long[] keys = new long[days.rows()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = days.date.get(i).toEpochDay();
        }
        List<int[]> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= keys.length; i++) {
            if (i == keys.length || keys[i] - keys[i - 1] > STRAY_GAP_DAYS) {
                runs.add(new int[]{start, i - 1});
                start = i;
            }
        }
        if (runs.size() < 2) {
            return;
        }
        long total = 0;
        long[] inRun = new long[runs.size()];
        for (int r = 0; r < runs.size(); r++) {
            for (int i = runs.get(r)[0]; i <= runs.get(r)[1]; i++) {
                inRun[r] += days.requests.getLong(i);
            }
            total += inRun[r];
        }
        int body = 0;
        for (int r = 1; r < runs.size(); r++) {
            body = inRun[r] > inRun[body] ? r : body;
        }
        long strayRequests = total - inRun[body];
        if (strayRequests > Math.max(5, total / 100)) {
            return; // several real periods of traffic, not a stray record
        }
        List<String> named = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            for (int i = runs.get(r)[0]; r != body && i <= runs.get(r)[1] && named.size() < 5; i++) {
                long n = days.requests.getLong(i);
                named.add(days.date.get(i) + " (" + n + " request" + (n == 1 ? "" : "s") + ")");
            }
        }
        LocalDate bodyFirst = days.date.get(runs.get(body)[0]);
        LocalDate bodyLast = days.date.get(runs.get(body)[1]);
        long withDays = keys[keys.length - 1] - keys[0] + 1;
        long withoutDays = keys[runs.get(body)[1]] - keys[runs.get(body)[0]] + 1;
        warnings.add(strayRequests + " request" + (strayRequests == 1 ? " is" : "s are") + " dated more than "
                + STRAY_GAP_DAYS + " days away from the rest of the log (" + bodyFirst + " to " + bodyLast + "): "
                + String.join(", ", named) + (named.size() < runs.size() - 1 ? ", …" : "") + "; with them period.days is "
                + withDays + ", without them " + withoutDays + ". They count in every total (they are real requests): "
                + "check their timestamps, or leave them out with --since/--until");
    }

    /** The first day of the day (0), Monday-started week (1), month (2) or year (3) that holds d. */
    private static LocalDate bucket(LocalDate d, int unit) {
        return switch (unit) {
            case 0 -> d;
            case 1 -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case 2 -> d.withDayOfMonth(1);
            default -> d.withDayOfYear(1);
        };
    }

    /** The spend per hour of the log with requests, for cost-forecast's partial first and last days (DailySpend.hours). */
    static List<DailySpend.Hour> hours(RequestStore s, double[] cost) {
        RequestTable t = s.t;
        TreeMap<Long, double[]> byHour = new TreeMap<>();
        long lastHour = Long.MIN_VALUE;
        double[] acc = null;
        // the log's own average priced rate per token kind (input, output, cache read, cache write): what the
        // unpriced requests' tokens of each kind would cost at it is their estimated spend (review h12d #8)
        double[] kindTokens = new double[4], kindUsd = new double[4];
        double pricedUsd = 0, pricedTokens = 0;
        for (int i = 0; i < t.n; i++) {
            if (t.live(i)) {
                long h = Math.floorDiv(t.ts(i), 3_600_000L);
                if (h != lastHour) { // a log in time order looks its hour up once an hour
                    acc = byHour.computeIfAbsent(h, k -> new double[9]);
                    lastHour = h;
                }
                acc[0] += Double.isNaN(cost[i]) ? 0 : cost[i];
                acc[1] += t.count(i);
                Usage u = s.usage(i);
                long tokens = u.totalTokens();
                acc[2] += tokens;
                double[] kinds = {u.inputTokens(), u.outputTokens(), u.cacheReadTokens(), u.cacheWriteTokens() + u.cacheWrite1hTokens()};
                if (Double.isNaN(cost[i])) {
                    acc[3] += tokens; // unpriced: the spend cost-forecast would leave out
                    acc[4] += t.count(i);
                    for (int k = 0; k < 4; k++) {
                        acc[5 + k] += kinds[k];
                    }
                } else {
                    pricedUsd += cost[i];
                    pricedTokens += tokens;
                    PriceEntry e = t.is(i, RequestTable.COST_AS_LOGGED) ? null : s.entry(i);
                    if (e != null) {
                        CostCalculator.Applied r = CostCalculator.rates(s.version(e, i), u, t.is(i, RequestTable.BATCH));
                        double[] usd = {u.inputTokens() * r.input(), u.outputTokens() * r.output(), u.cacheReadTokens() * r.cacheRead(),
                                u.cacheWriteTokens() * r.cacheWrite() + u.cacheWrite1hTokens() * r.cacheWrite1h()};
                        for (int k = 0; k < 4; k++) {
                            kindTokens[k] += kinds[k];
                            kindUsd[k] += usd[k];
                        }
                    }
                }
            }
        }
        double average = pricedTokens > 0 ? pricedUsd / pricedTokens : 0;
        double[] rate = new double[4];
        for (int k = 0; k < 4; k++) {
            // a kind the priced requests never use: the log's average priced cost per token stands in for it
            rate[k] = kindTokens[k] > 0 ? kindUsd[k] / kindTokens[k] : average;
        }
        List<DailySpend.Hour> out = new ArrayList<>(byHour.size());
        byHour.forEach((h, a) -> out.add(new DailySpend.Hour(h, a[0], (long) a[1], (long) a[2], (long) a[3], (long) a[4],
                a[5] * rate[0] + a[6] * rate[1] + a[7] * rate[2] + a[8] * rate[3])));
        return out;
    }

    /**
     * The calendar as a table of tablesaw columns, a row a day (or bucket) in date order: requests, priced cost and
     * the token sums. Built once from the request store after the log is read; the buckets of a long log sum its
     * rows in date order, so every figure is the per-day accumulators' it replaces to the last digit. Columns, not
     * tablesaw's {@code Table} (ARCHITECTURE.md, "Rules that hold everywhere"): the days are grouped here by a map
     * keyed on the epoch day, which a {@code Table} would do with its class-path scan on every analyze run. The
     * columns' classes (tablesaw, fastutil: ~140) cost a run ~0.09 CPU s and ~6 MB once.
     */
    private record Days(DateColumn date, LongColumn requests, DoubleColumn cost, LongColumn input, LongColumn cacheRead,
                        LongColumn cacheWrite, LongColumn cacheWrite1h, LongColumn output, LongColumn reasoning) {
        static Days empty() {
            return new Days(DateColumn.create("date"), LongColumn.create("requests"), DoubleColumn.create("cost_usd"),
                    LongColumn.create("input_tokens"), LongColumn.create("cache_read_tokens"),
                    LongColumn.create("cache_write_tokens"), LongColumn.create("cache_write_1h_tokens"),
                    LongColumn.create("output_tokens"), LongColumn.create("reasoning_tokens"));
        }

        /** A row per UTC day with live requests, summed in request order; unpriced requests add no cost. */
        static Days of(RequestStore s, double[] cost) {
            RequestTable t = s.t;
            TreeMap<Long, DayAcc> byDay = new TreeMap<>();
            for (int i = 0; i < t.n; i++) {
                if (!t.live(i)) {
                    continue;
                }
                DayAcc d = byDay.computeIfAbsent(s.day(i), k -> new DayAcc());
                d.requests += t.count(i);
                if (!Double.isNaN(cost[i])) {
                    d.cost += cost[i];
                }
                d.tokens = d.tokens.plus(s.usage(i));
            }
            Days days = empty();
            byDay.forEach((day, d) -> days.append(LocalDate.ofEpochDay(day), d.requests, d.cost, d.tokens));
            return days;
        }

        int rows() {
            return date.size();
        }

        void append(LocalDate day, long n, double usd, TokenSums tokens) {
            date.append(day);
            requests.append(n);
            cost.append(usd);
            input.append(tokens.input());
            cacheRead.append(tokens.cacheRead());
            cacheWrite.append(tokens.cacheWrite());
            cacheWrite1h.append(tokens.cacheWrite1h());
            output.append(tokens.output());
            reasoning.append(tokens.reasoning());
        }

        TokenSums tokens(int row) {
            return new TokenSums(input.getLong(row), cacheRead.getLong(row), cacheWrite.getLong(row),
                    cacheWrite1h.getLong(row), output.getLong(row), reasoning.getLong(row));
        }

        /**
         * The days summed by bucket ({@link #bucket}'s unit), in date order: one pass, as the rows are sorted; with
         * {@code fill}, a zero row for every bucket without requests between the first and the last.
         */
        Days byBucket(int unit, ChronoUnit step, boolean fill) {
            Days out = empty();
            LocalDate next = null; // the bucket after the last one written
            for (int i = 0; i < rows(); ) {
                LocalDate b = bucket(date.get(i), unit);
                for (; fill && next != null && next.isBefore(b); next = next.plus(1, step)) {
                    out.append(next, 0, 0.0, TokenSums.ZERO);
                }
                long n = 0;
                double usd = 0;
                TokenSums tokens = TokenSums.ZERO;
                for (; i < rows() && bucket(date.get(i), unit).equals(b); i++) {
                    n += requests.getLong(i);
                    usd += cost.getDouble(i);
                    tokens = tokens.plus(tokens(i));
                }
                out.append(b, n, usd, tokens);
                next = b.plus(1, step);
            }
            return out;
        }

        /** The report's daily rows, one a table row. */
        List<AnalyzeResult.Day> rowsOfTheReport() {
            List<AnalyzeResult.Day> out = new ArrayList<>(rows());
            for (int i = 0; i < rows(); i++) {
                out.add(new AnalyzeResult.Day(date.get(i).toString(), requests.getLong(i), cost.getDouble(i), input.getLong(i),
                        cacheRead.getLong(i), cacheWrite.getLong(i), cacheWrite1h.getLong(i), output.getLong(i),
                        reasoning.getLong(i)));
            }
            return out;
        }
    }

    /** Requests, cost and tokens of one day while the request store is read. */
    private static final class DayAcc {
        long requests;
        double cost;
        TokenSums tokens = TokenSums.ZERO;
    }
}
