package io.techopt.forecast;

import io.techopt.core.DailySpend;

import java.time.LocalDate;
import java.util.List;

import static io.techopt.forecast.CostForecaster.*;

/**
 * How much of the recent log is of models without a price, as a share of requests and of estimated spend: over
 * MAX_UNPRICED_SHARE the forecast figures are null, at or under it a note says every figure is a lower bound.
 */
final class UnpricedShare {
    private UnpricedShare() {
    }

    /**
     * Above this share of requests of models without a price the forecast figures are null: the priced part of such a
     * log is a sliver of its traffic, and its forecast read as the spend forecast would mislead (the same 5% as
     * ab-report's rule for a variant's cost). At or below it the priced part is forecast, with a note.
     */
    static final double MAX_UNPRICED_SHARE = 0.05;
    // (measured on requests and estimated spend over the fit's last FIT_WINDOW_DAYS and on spend over the last RECENT_DAYS: see mostlyUnpriced)
    /** The window the fit's level and season stand on, over which the unpriced share must stay small (review h12d #9). */
    static final int FIT_WINDOW_DAYS = 28;

    /**
     * Why the unpriced part of the log is too large for a forecast of the priced part to stand for the spend (null:
     * it is not; then a warning says every figure is a lower bound). The unpriced share is a SPEND share: what the
     * unpriced requests' tokens would cost at the log's own average priced rate per token kind (input, output, cache
     * read, cache write; DailySpend.Hour#unpricedUsdEstimate) over that plus the priced spend, so an output-heavy or a
     * cache-heavy mix counts at its weight (review h12d #8). Measured over the last {@link #FIT_WINDOW_DAYS} days to as
     * of (the days the fit's level and season stand on), of requests and of spend, and over the last
     * {@link #RECENT_DAYS} days, of spend: over {@link #MAX_UNPRICED_SHARE} in any of them nulls the figures, and so
     * does over it on the whole log while over half of it in the window. A model only in older history (over the share
     * there, under half of it in the window) gives a warning, not a null (review h12d #9).
     */
    static String mostlyUnpriced(DailySpend a, long unpricedOfModels, long noUsage, java.util.SortedMap<LocalDate, Long> withoutUsage,
                                 LocalDate last, List<String> warnings) {
        // LLM calls without usage (nor a logged cost) are requests of unknown cost as a model without a price makes
        // them, only without tokens to estimate their spend from: they count in the request shares (review r12 #7)
        long unpricedRequests = unpricedOfModels + noUsage, requests = a.requests() + noUsage;
        double requestShare = requests == 0 ? 0 : (double) unpricedRequests / requests;
        double[] all = new double[5], window = new double[5], recent = new double[5]; // requests, unpriced, priced $, unpriced $, tokens share num
        long tokens = 0, unpricedTokens = 0;
        LocalDate windowFrom = last.minusDays(FIT_WINDOW_DAYS - 1), recentFrom = last.minusDays(RECENT_DAYS - 1);
        List<DailySpend.Hour> hours = a.hours() == null ? List.of() : a.hours();
        for (DailySpend.Hour h : hours) {
            LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(h.epochHour(), 24));
            if (day.isAfter(last)) {
                continue;
            }
            tokens += h.tokens();
            unpricedTokens += h.unpricedTokens();
            double[] v = {h.requests(), h.unpricedRequests(), h.costUsd(), h.unpricedUsdEstimate()};
            for (int k = 0; k < 4; k++) {
                all[k] += v[k];
                window[k] += day.isBefore(windowFrom) ? 0 : v[k];
                recent[k] += day.isBefore(recentFrom) ? 0 : v[k];
            }
        }
        if (hours.isEmpty()) {
            all[0] = window[0] = a.requests();
            all[1] = window[1] = unpricedOfModels;
        }
        for (var e : withoutUsage.headMap(last.plusDays(1)).entrySet()) {
            double[] v = {e.getValue(), e.getValue()};
            for (int k = 0; k < 2; k++) {
                all[k] += v[k];
                window[k] += e.getKey().isBefore(windowFrom) ? 0 : v[k];
                recent[k] += e.getKey().isBefore(recentFrom) ? 0 : v[k];
            }
        }
        double spendAll = spendShare(all), spendWindow = spendShare(window), spendRecent = spendShare(recent);
        double requestsWindow = window[0] == 0 ? 0 : window[1] / window[0];
        double tokenShare = tokens == 0 ? 0 : (double) unpricedTokens / tokens;
        // analyze's latency map says "N without usage" of the same calls
        String calls = String.format(java.util.Locale.ROOT, "LLM calls without usage (%,d, no token usage or cost logged, "
                + "so their cost is unknown)", noUsage);
        String models = unpricedOfModels == 0 ? calls : "models without a price (" + unpricedList(a) + ")"
                + (noUsage > 0 ? " or " + calls : "");
        String limit = String.format(java.util.Locale.ROOT, "more than %.0f%%", 100 * MAX_UNPRICED_SHARE);
        String asSpend = " (their tokens of each kind, input, output, cache read and write, at the log's own average priced "
                + "rate for that kind, over that plus the priced spend)";
        String over = String.format(java.util.Locale.ROOT, "the last %d days the fit stands on, %s to %s", FIT_WINDOW_DAYS,
                windowFrom, last);
        if (requestsWindow > MAX_UNPRICED_SHARE) {
            return String.format(java.util.Locale.ROOT, "%,d of %,d requests (%.1f%%, %s) of %s are of %s (%.1f%% over "
                    + "the whole log: %,d of %,d requests)", (long) window[1], (long) window[0], 100 * requestsWindow, limit,
                    over, models, 100 * requestShare, unpricedRequests, requests);
        }
        if (spendWindow > MAX_UNPRICED_SHARE) {
            return String.format(java.util.Locale.ROOT, "%,d of %,d requests (%.1f%%) are of %s, but they hold an "
                    + "estimated %.1f%% of the spend of %s (%s)%s, and %.1f%% of the tokens of the log",
                    unpricedRequests, requests, 100 * requestShare, models, 100 * spendWindow, over, limit, asSpend,
                    100 * tokenShare);
        }
        if ((requestShare > MAX_UNPRICED_SHARE || spendAll > MAX_UNPRICED_SHARE)
                && Math.max(requestsWindow, spendWindow) > MAX_UNPRICED_SHARE / 2) {
            // over the limit on the whole log and still there in the window (not only in older history)
            return requestShare > MAX_UNPRICED_SHARE
                    ? String.format(java.util.Locale.ROOT, "%,d of %,d requests (%.1f%%, %s) are of %s (%.1f%% of %s)",
                    unpricedRequests, requests, 100 * requestShare, limit, models, 100 * requestsWindow, over)
                    : String.format(java.util.Locale.ROOT, "%,d of %,d requests (%.1f%%) are of %s, but they hold an "
                    + "estimated %.1f%% of the spend of the log (%s)%s, %.1f%% of %s, and %.1f%% of the tokens of the log",
                    unpricedRequests, requests, 100 * requestShare, models, 100 * spendAll, limit, asSpend,
                    100 * spendWindow, over, 100 * tokenShare);
        }
        if (spendRecent > MAX_UNPRICED_SHARE) {
            return String.format(java.util.Locale.ROOT, "requests of %s hold an estimated %.1f%% of the spend of the last "
                    + "%d days the forecast stands on, %s to %s (%s; %.1f%% over the whole log)%s", models,
                    100 * spendRecent, RECENT_DAYS, recentFrom, last, limit, 100 * spendAll, asSpend);
        }
        String older = requestShare > MAX_UNPRICED_SHARE || spendAll > MAX_UNPRICED_SHARE
                ? String.format(java.util.Locale.ROOT, "; over the whole log they are %.1f%% of the requests and %.1f%% "
                + "of the spend, %s, but the fit stands on the last %d days, where they are under %.1f%%: the older "
                + "history the fit also learns from is priced in part, so its level there is low and the trend may read "
                + "high", 100 * requestShare, 100 * spendAll, limit, FIT_WINDOW_DAYS, 50 * MAX_UNPRICED_SHARE) : "";
        if (unpricedOfModels == 0) {
            // no tokens to estimate their spend from (review r14 #5: "an estimated 0.0% of the spend"): unknown, and
            // about their share of requests if each cost what a priced request costs on average
            warnings.add(String.format(java.util.Locale.ROOT, "the forecast covers priced requests only: %,d of %,d "
                    + "requests (%.1f%%) are of %s: their spend is unknown (about %.1f%% of the spend if each cost what a "
                    + "priced request costs on average), and they are left out of every figure, so every figure is a lower "
                    + "bound; log their token usage%s", unpricedRequests, requests, 100 * requestShare, calls,
                    100 * requestShare, older));
            return null;
        }
        warnings.add(String.format(java.util.Locale.ROOT, "the forecast covers priced requests only: %d of %d requests "
                + "are of %s, holding %.1f%% of the tokens and an estimated %.1f%% of the spend%s (%.1f%% in the last %d "
                + "days, %.1f%% in the last %d), and are left out of every figure, so every figure is a lower bound; "
                + "%s%s", unpricedRequests, requests, models, 100 * tokenShare,
                100 * spendAll, asSpend, 100 * spendWindow, FIT_WINDOW_DAYS, 100 * spendRecent, RECENT_DAYS,
                unpricedOfModels == 0 ? "log their token usage (their spend is not in the estimate: no tokens)"
                        : "price them with --prices FILE" + (noUsage > 0 ? " (calls without usage: log it; their spend is "
                        + "not in the estimate)" : ""), older));
        return null;
    }

    /** Unpriced over unpriced plus priced estimated spend ({requests, unpriced requests, priced $, unpriced $}). */
    static double spendShare(double[] v) {
        return v[2] + v[3] <= 0 ? 0 : v[3] / (v[2] + v[3]);
    }

    static String unpricedList(DailySpend a) {
        return a.unpricedModels().stream().limit(10).map(u -> "'" + u.model() + "': " + u.requests() + " requests")
                .collect(java.util.stream.Collectors.joining(", "))
                + (a.unpricedModels().size() > 10 ? " and " + (a.unpricedModels().size() - 10) + " more models" : "");
    }
}
