package io.techopt.forecast;

import io.techopt.core.Dimension;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The --by scopes past --top: forecast as the listed ones are, but not listed, so the total (the scopes' sum) does
 * not depend on how many are shown (review r21f M6: 12 teams, --top 10 gave $165.70, --top 20 $171.30).
 */
final class UnlistedScopes {
    /** Beyond this many unlisted scopes, the smallest are fitted as one series: their sum is what the total needs. */
    static final int MAX_FITS = 50;

    private UnlistedScopes() {
    }

    /**
     * Each unlisted scope's summary (its notes are not printed: the scope is not shown), a scope of only unpriced
     * requests with null figures as a listed one has; past {@link #MAX_FITS}, the rest (in the order given, largest
     * first) summed into one series.
     */
    static List<ForecastResult.ScopeSummary> forecast(Map<String, DailyActuals> unlisted, OutageDays.Outage read,
                                                      LocalDate first, LocalDate last, Map<String, long[]> scopeUnpriced,
                                                      Map<String, String> successors, double[] edge, Horizon horizon,
                                                      int holdout, PriceChanges prices, ScopeForecast total) {
        Map<String, DailyActuals> series = new LinkedHashMap<>();
        Map<String, long[]> unpriced = new LinkedHashMap<>();
        DailyActuals.Builder smallest = new DailyActuals.Builder();
        String rest = null;
        int i = 0;
        for (var e : unlisted.entrySet()) {
            String key = e.getKey();
            if (i++ >= MAX_FITS) {
                // the scope key keeps its --by prefix, so the sum counts the merged series once
                rest = key.substring(0, key.indexOf(':') + 1) + "(the " + (unlisted.size() - MAX_FITS) + " smallest)";
                smallest.add(e.getValue());
                long[] c = scopeUnpriced.getOrDefault(key, new long[2]), into = unpriced.computeIfAbsent(rest, k -> new long[2]);
                into[0] += c[0];
                into[1] += c[1];
                continue;
            }
            series.put(key, e.getValue());
            unpriced.put(key, scopeUnpriced.getOrDefault(key, new long[2]));
        }
        if (rest != null) {
            series.put(rest, smallest.build());
        }
        List<ForecastResult.ScopeSummary> out = new ArrayList<>();
        List<String> unshown = new ArrayList<>();
        for (var e : series.entrySet()) {
            String key = e.getKey();
            OutageDays.Outage own = OutageDays.ofScope(key, read, first, last, e.getValue(),
                    horizon.periodStart(last.plusDays(1)), unshown);
            ScopeForecast f = new ScopeForecast(key, e.getValue().dense(first, last), own.factor(),
                    own.stoppedFrom(), edge, first, last, horizon, holdout, prices, ScopeForecast.logShare(total),
                    e.getValue().denseRequests(first, last), total);
            if (successors.containsKey(key)) {
                f.replacedBy(successors.get(key));
            }
            long[] c = unpriced.get(key);
            boolean unknown = c[0] > 0 && c[1] >= c[0]; // all of its requests unpriced: its cost is unknown, not $0
            out.add(new ForecastResult.ScopeSummary(key, null, unknown ? null : f.monthToDate(),
                    unknown ? null : CostForecaster.quarterToDate(f), unknown ? null : f.periodTotal,
                    unknown ? ForecastResult.Interval.UNMEASURED : f.periodInterval, null, null, null, null));
        }
        return out;
    }

    /** The note on the scopes not listed: how many, that the total counts them, their forecasts' sum; {@code groups}: every --by scope. */
    static String note(Dimension by, int top, int count, int groups, List<ForecastResult.ScopeSummary> notListed,
                       ForecastResult.ScopeSummary total) {
        double sum = 0;
        for (ForecastResult.ScopeSummary x : notListed) {
            sum += x.forecastTotalUsd() == null ? 0 : x.forecastTotalUsd();
        }
        return Dollars.format("%d more --by %s scopes are not listed (--top %d): they are "
                        + "forecast all the same (together $%.2f for the period) and forecast_total_usd%s counts them; "
                        + "--top %d lists every one", count, by.id(), top, sum,
                total.forecastTotalUsd() == null ? " (null here)" : "", groups);
    }
}
