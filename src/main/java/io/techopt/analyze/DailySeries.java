package io.techopt.analyze;

import io.techopt.core.DailySpend;
import io.techopt.core.TokenSums;
import io.techopt.core.Usage;
import io.techopt.pricing.CostCalculator;
import io.techopt.pricing.PriceEntry;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Spend on the calendar: the daily series of the report (by day, or by a coarser period on a long log), the warning on
 * stray days far from the rest of the log, and the spend per hour that cost-forecast reads for partial days.
 */
final class DailySeries {
    /** The series and its resolution: day, week, month or year. */
    record Daily(String resolution, List<AnalyzeResult.Day> days) {
    }

    private DailySeries() {
    }

    /**
     * Every day from the first request's to the last's, zero where nothing ran, so a gap takes its real length in the
     * table and the chart; ranges longer than {@link AnalyzeLayout#MAX_DAILY_BUCKETS} days go by week, then month, then year
     * ({@code daily_resolution} says which; a warning says so).
     */
    static Daily of(RequestStore s, double[] cost, List<String> warnings) {
        Days days = Days.of(s, cost);
        if (days.rows() == 0) {
            return new Daily("day", List.of());
        }
        long[] keys = new long[days.rows()];
        long[] requests = new long[days.rows()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = days.date.get(i).toEpochDay();
            requests[i] = days.requests.getLong(i);
        }
        LocalDate first = days.date.get(0);
        LocalDate last = days.date.get(days.rows() - 1);
        int u = calendarNotes(keys, requests, warnings);
        Days buckets = days.byBucket(u, AnalyzeLayout.step(u), AnalyzeLayout.filled(first, last, u));
        return new Daily(AnalyzeLayout.resolution(u), buckets.rowsOfTheReport());
    }

    /**
     * The notes on the calendar of the days with requests (epoch days ascending, with their requests): stray days far
     * from the rest, and a range long enough to be shown by week, month or year. Returns that unit.
     */
    static int calendarNotes(long[] days, long[] requests, List<String> warnings) {
        AnalyzeLayout.strayDays(days, requests, warnings);
        LocalDate first = LocalDate.ofEpochDay(days[0]), last = LocalDate.ofEpochDay(days[days.length - 1]);
        int u = AnalyzeLayout.unit(first, last);
        AnalyzeLayout.spanNote(first, last, u, warnings);
        return u;
    }

    /** The spend per hour of the log with requests, for cost-forecast's partial first and last days (DailySpend.hours). */
    static List<DailySpend.Hour> hours(RequestStore s, double[] cost) {
        Hours hours = new Hours();
        for (int i = 0; i < s.t.n; i++) {
            if (s.t.live(i)) {
                hours.add(s, i, cost[i]);
            }
        }
        return hours.finish();
    }

    /** The spend per hour summed row by row (a reader folding chunks of rows adds each as it comes), in row order. */
    static final class Hours {
        private final TreeMap<Long, double[]> byHour = new TreeMap<>();
        private long lastHour = Long.MIN_VALUE;
        private double[] acc;
        // the log's own average priced rate per token kind (input, output, cache read, cache write): what the
        // unpriced requests' tokens of each kind would cost at it is their estimated spend (review h12d #8)
        private final double[] kindTokens = new double[4], kindUsd = new double[4];
        private double pricedUsd, pricedTokens;

        /** Live row {@code i}, of cost {@code cost} (NaN: no price). */
        void add(RequestStore s, int i, double cost) {
            RequestTable t = s.t;
            long h = Math.floorDiv(t.ts(i), 3_600_000L);
            if (h != lastHour) { // a log in time order looks its hour up once an hour
                acc = byHour.computeIfAbsent(h, k -> new double[9]);
                lastHour = h;
            }
            acc[0] += Double.isNaN(cost) ? 0 : cost;
            acc[1] += t.count(i);
            Usage u = s.usage(i);
            long tokens = u.totalTokens();
            acc[2] += tokens;
            double[] kinds = {u.inputTokens(), u.outputTokens(), u.cacheReadTokens(), u.cacheWriteTokens() + u.cacheWrite1hTokens()};
            if (Double.isNaN(cost)) {
                acc[3] += tokens; // unpriced: the spend cost-forecast would leave out
                acc[4] += t.count(i);
                for (int k = 0; k < 4; k++) {
                    acc[5 + k] += kinds[k];
                }
            } else {
                pricedUsd += cost;
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

        List<DailySpend.Hour> finish() {
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
         * The days summed by bucket ({@link AnalyzeLayout#bucket}'s unit), in date order: one pass, as the rows are sorted; with
         * {@code fill}, a zero row for every bucket without requests between the first and the last.
         */
        Days byBucket(int unit, ChronoUnit step, boolean fill) {
            Days out = empty();
            LocalDate next = null; // the bucket after the last one written
            for (int i = 0; i < rows(); ) {
                LocalDate b = AnalyzeLayout.bucket(date.get(i), unit);
                for (; fill && next != null && next.isBefore(b); next = next.plus(1, step)) {
                    out.append(next, 0, 0.0, TokenSums.ZERO);
                }
                long n = 0;
                double usd = 0;
                TokenSums tokens = TokenSums.ZERO;
                for (; i < rows() && AnalyzeLayout.bucket(date.get(i), unit).equals(b); i++) {
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
