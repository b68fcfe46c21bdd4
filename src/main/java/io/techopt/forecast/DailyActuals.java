package io.techopt.forecast;

import io.techopt.core.DailySpend;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A series' daily actuals as a table of tablesaw columns (#13 item 4), a row per day with requests in date order: the
 * total's (the days the forecast fits and the report's daily rows come from) and each scope's (a budget's, a --by
 * group's), which its fit and its own outage rule read. Built once from the analysis's per-day rows; the rules look a
 * day up through an index by date. Grouped by a map first (sums in row order, so the same doubles as before): grouping
 * needs tablesaw's {@code Table}, kept out (ARCHITECTURE.md).
 */
final class DailyActuals {
    private final DateColumn date = DateColumn.create("date");
    private final DoubleColumn cost = DoubleColumn.create("cost_usd");
    private final LongColumn requests = LongColumn.create("requests");
    private final Map<LocalDate, Integer> row = new HashMap<>();

    /** The rows of the whole log (dimension null), summed per day. */
    static DailyActuals of(List<DailySpend.Row> rows) {
        Builder b = new Builder();
        for (DailySpend.Row r : rows) {
            if (r.dimension() == null) {
                b.add(r);
            }
        }
        return b.build();
    }

    /** Sums rows per day in the order they come, then holds the days as columns in date order. */
    static final class Builder {
        private final TreeMap<LocalDate, Double> byDay = new TreeMap<>();
        private final TreeMap<LocalDate, Long> requestsByDay = new TreeMap<>();

        Builder add(DailySpend.Row r) {
            return add(r.day(), r.costUsd(), r.requests());
        }

        Builder add(LocalDate day, double usd, long n) {
            byDay.merge(day, usd, Double::sum);
            requestsByDay.merge(day, n, Long::sum);
            return this;
        }

        /** Adds another series' days, in date order (the scopes past --top merged into one). */
        Builder add(DailyActuals days) {
            for (int i = 0; i < days.size(); i++) {
                add(days.day(i), days.cost(i), days.requests.getLong(i));
            }
            return this;
        }

        DailyActuals build() {
            DailyActuals out = new DailyActuals();
            byDay.forEach((d, usd) -> {
                out.row.put(d, out.date.size());
                out.date.append(d);
                out.cost.append(usd);
                out.requests.append(requestsByDay.get(d));
            });
            return out;
        }
    }

    /** The days from {@code from} to {@code to}, both included. */
    DailyActuals between(LocalDate from, LocalDate to) {
        Builder b = new Builder();
        for (int i = 0; i < size(); i++) {
            if (!day(i).isBefore(from) && !day(i).isAfter(to)) {
                b.add(day(i), cost(i), requests.getLong(i));
            }
        }
        return b.build();
    }

    boolean isEmpty() {
        return date.isEmpty();
    }

    int size() {
        return date.size();
    }

    LocalDate day(int i) {
        return date.get(i);
    }

    double cost(int i) {
        return cost.getDouble(i);
    }

    long requests(int i) {
        return requests.getLong(i);
    }

    /** The days with requests, in date order. */
    List<LocalDate> days() {
        List<LocalDate> out = new ArrayList<>(date.size());
        for (int i = 0; i < date.size(); i++) {
            out.add(date.get(i));
        }
        return out;
    }

    /** A day's spend (0: no requests that day). */
    double costOn(LocalDate d) {
        Integer i = row.get(d);
        return i == null ? 0.0 : cost.getDouble(i);
    }

    /** A day's requests (0: none). */
    long requestsOn(LocalDate d) {
        Integer i = row.get(d);
        return i == null ? 0L : requests.getLong(i);
    }

    /** The requests of every day from first to last, as {@link #dense} lays out the spend. */
    long[] denseRequests(LocalDate first, LocalDate last) {
        long[] r = new long[(int) ChronoUnit.DAYS.between(first, last) + 1];
        for (int i = 0; i < size(); i++) {
            long at = ChronoUnit.DAYS.between(first, day(i));
            if (at >= 0 && at < r.length) {
                r[(int) at] += requests(i);
            }
        }
        return r;
    }

    /** The spend of every day from first to last, 0 on a day without requests: the series a fit reads. */
    double[] dense(LocalDate first, LocalDate last) {
        double[] y = new double[(int) ChronoUnit.DAYS.between(first, last) + 1];
        for (int i = 0; i < size(); i++) {
            long at = ChronoUnit.DAYS.between(first, day(i));
            if (at >= 0 && at < y.length) {
                y[(int) at] += cost(i);
            }
        }
        return y;
    }
}
