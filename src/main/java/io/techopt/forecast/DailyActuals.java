package io.techopt.forecast;

import io.techopt.core.DailySpend;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The total's daily actuals as a table of tablesaw columns (#13 item 4), a row per day with requests in date order:
 * the days the forecast fits and the report's daily rows come from. Built once from the analysis's per-day rows;
 * the rules look a day up through an index by date. Grouped by a map first (sums in row order, so the same
 * doubles as before): grouping needs tablesaw's {@code Table}, kept out (ARCHITECTURE.md).
 */
final class DailyActuals {
    private final DateColumn date = DateColumn.create("date");
    private final DoubleColumn cost = DoubleColumn.create("cost_usd");
    private final LongColumn requests = LongColumn.create("requests");
    private final Map<LocalDate, Integer> row = new HashMap<>();

    /** The rows of the whole log (dimension null), summed per day. */
    static DailyActuals of(List<DailySpend.Row> rows) {
        TreeMap<LocalDate, Double> byDay = new TreeMap<>();
        TreeMap<LocalDate, Long> requestsByDay = new TreeMap<>();
        for (DailySpend.Row r : rows) {
            if (r.dimension() == null) {
                byDay.merge(r.day(), r.costUsd(), Double::sum);
                requestsByDay.merge(r.day(), r.requests(), Long::sum);
            }
        }
        DailyActuals out = new DailyActuals();
        byDay.forEach((d, usd) -> {
            out.row.put(d, out.date.size());
            out.date.append(d);
            out.cost.append(usd);
            out.requests.append(requestsByDay.get(d));
        });
        return out;
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
}
