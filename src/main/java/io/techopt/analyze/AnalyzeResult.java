package io.techopt.analyze;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.techopt.core.Saving;

import java.util.List;
import java.util.Map;

/**
 * The {@code analyze-logs --format json} model. Keys are snake_case and stable (cli.md). Token columns mean the same
 * everywhere: {@code input_tokens} is full-rate input only; cache reads, cache writes (5-minute and 1-hour, of which
 * {@code cache_write_1h_tokens} is the 1-hour part), output and reasoning (part of output) are separate columns.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"requests", "bad_lines", "errors", "cost_usd", "tokens", "latency_ms", "by_model", "repeats",
        "unpriced_models", "savings"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnalyzeResult(
        long requests,
        long badLines,
        long errors,
        /** Null (key present, a warning says why) when requests were read and none of them could be priced. */
        @JsonInclude(JsonInclude.Include.ALWAYS) Double costUsd,
        Tokens tokens,
        Latency latencyMs,
        List<Bin> latencyHistogram,
        List<ModelRow> byModel,
        Repeats repeats,
        List<Unpriced> unpricedModels,
        List<Saving> savings,
        Billing billing,
        BatchApi batchApi,
        Sessions sessions,
        /** Null (key present, a warning says why) when no request was read. */
        @JsonInclude(JsonInclude.Include.ALWAYS) Period period,
        List<GroupTable> groups,
        /** Spend on the calendar, zero-filled; by week, month or year when the range is long (daily_resolution). */
        List<Day> daily,
        String dailyResolution,
        long estimatedRequests,
        long filteredRequests,
        long duplicateRequestIds,
        List<BadLineRow> badLineSamples,
        List<Input> inputs,
        List<String> warnings,
        Pricing pricing,
        List<ErrorMessage> topErrors) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Tokens(long input, long output, long cacheRead, long cacheWrite,
                         @JsonProperty("cache_write_1h") long cacheWrite1h, long reasoning) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Latency(Double p50, Double p95, Double p99, Double mean, long requestsWithLatency) {
    }

    /** Requests whose latency lies in [from_ms, to_ms). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Bin(double fromMs, double toMs, long requests) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ShortLatency(Double p50, Double p95) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"model", "requests", "cost_usd", "input_tokens", "output_tokens", "latency_ms", "cache_read_tokens",
            "cache_write_tokens", "cache_write_1h_tokens", "reasoning_tokens"})
    public record ModelRow(String model, long requests, Double costUsd, long inputTokens, long outputTokens,
                           ShortLatency latencyMs, long cacheReadTokens, long cacheWriteTokens,
                           @JsonProperty("cache_write_1h_tokens") long cacheWrite1hTokens, long reasoningTokens, long errors,
                           double errorRate, String priceKey, String priceCatalog, String priceEffective) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Repeats(Double exactRepeatRate, long requestsWithPrompt, long distinctPrompts) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"model", "requests", "input_tokens", "output_tokens"})
    public record Unpriced(String model, long requests, long inputTokens, long outputTokens, long cacheReadTokens,
                           long cacheWriteTokens, long reasoningTokens) {
    }

    /**
     * The cost the log itself recorded against techopt's recomputation of the same requests. With no request that
     * logged a cost nothing can be compared: the figures are null (keys present) and {@code note} says why.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Billing(long requestsWithLoggedCost, Double loggedCostUsd, Double recomputedCostUsd,
                          Double differenceUsd, String note) {
        /**
         * {@code requests}: those whose logged cost can be compared with a recomputation; {@code billedAsLogged}: those
         * that logged a cost and no usage to recompute it from (review r15 #10: the note said no request logged a cost).
         */
        public static Billing of(long requests, double logged, double recomputed, long billedAsLogged) {
            if (requests == 0) {
                return new Billing(billedAsLogged, null, null, null, "not measured: logged_cost_usd, recomputed_cost_usd and difference_usd "
                        + "are null: " + (billedAsLogged > 0 ? (billedAsLogged == 1 ? "the 1 request that logged a cost carries"
                        : "the " + billedAsLogged + " requests that logged a cost carry") + " no token usage to recompute it "
                        + "from (the logged cost is used as billed), and no other request logged one"
                        : "no request in the log carries a logged cost (cost_usd, response_cost or spend) to compare with "
                        + "the recomputed cost"));
            }
            // the count is of every request that logged a cost, as its name says (review r16 #11b: it counted only the
            // compared ones, 0 beside a note about "the 1 request that logged a cost"); the note says which are compared
            return new Billing(requests + billedAsLogged, logged, recomputed, logged - recomputed, billedAsLogged == 0 ? null
                    : "logged_cost_usd and recomputed_cost_usd compare the " + requests + " request" + (requests == 1 ? "" : "s")
                    + " that logged both a cost and token usage; the other " + billedAsLogged + " logged a cost without usage "
                    + "to recompute it from (the logged cost is used as billed)");
        }
    }

    /** Requests that went through a Batch API: what they cost, and what the same usage costs at standard rates. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record BatchApi(long requests, Double costUsd, Double costAtStandardUsd, Double savedUsd) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Sessions(long sessions, Double callsPerSessionMean, Double callsPerSessionP50,
                           Double callsPerSessionP95, long callsPerSessionMax) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Period(String first, String last, long days) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record GroupTable(List<String> by, List<GroupRow> rows, long groups) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record GroupRow(Map<String, String> key, long requests, long errors, double errorRate, Double costUsd,
                           Double costShare, long inputTokens, long cacheReadTokens, long cacheWriteTokens,
                           @JsonProperty("cache_write_1h_tokens") long cacheWrite1hTokens, long outputTokens,
                           long reasoningTokens, ShortLatency latencyMs) {
    }

    /** One day (or week, month, year) of the calendar series, with the same token columns as every table. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Day(String date, long requests, Double costUsd, long inputTokens, long cacheReadTokens,
                      long cacheWriteTokens, @JsonProperty("cache_write_1h_tokens") long cacheWrite1hTokens,
                      long outputTokens, long reasoningTokens) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BadLineRow(String file, long line, String reason) {
    }

    /** A file read and the format it was read as. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Input(String file, String format) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Pricing(List<String> catalogs, String priceDate) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ErrorMessage(String message, long count) {
    }

    /**
     * This result with every cost figure null (keys kept) and {@code why} first among the warnings: what a log none of
     * whose requests could be priced reports, since their cost is unknown, not $0.
     */
    public AnalyzeResult withCostsUnknown(String why) {
        return withCostsUnknown(why, "no request of the log is of a priced model");
    }

    /**
     * This result with every cost figure null when its cost is unknown, not $0 (budget says the same): no request is of a
     * priced model ({@code unpriced} lists them), or no request was read ({@code filtered} of them outside
     * --since/--until); else this result. Worded once for analyze and the Spark job.
     */
    public AnalyzeResult withCostsUnknownWhenUnmeasured(long requests, long priced, java.util.function.Supplier<List<Unpriced>> unpriced,
                                                        long filtered) {
        AnalyzeResult result = this;
        if (requests > 0 && priced == 0) {
            List<Unpriced> u = unpriced.get();
            result = result.withCostsUnknown("cost_usd is null: none of the " + requests + " requests is of a priced model ("
                    + String.join(", ", u.stream().limit(5).map(Unpriced::model).toList())
                    + (u.size() > 5 ? ", …" : "") + "), so their cost is unknown, not $0 (add their prices with --prices FILE); "
                    + "groups cost_usd and cost_share, daily cost_usd, savings usd and share_of_cost and batch_api's "
                    + "cost_usd, cost_at_standard_usd and saved_usd are null with it");
        }
        if (requests == 0) {
            // review r9 #3: no request read is no cost measured (as period and latency are null), not $0, and --compare-to's
            // change section says the same of the current period
            String none = "no request was read" + (filtered > 0 ? " (all were outside --since/--until)" : "");
            result = result.withCostsUnknown("cost_usd is null: " + none + ", so the cost is unknown, not $0 (the log may not "
                    + "cover the period); savings usd and share_of_cost and batch_api's cost_usd, cost_at_standard_usd and "
                    + "saved_usd are null with it", none);
        }
        return result;
    }

    /** {@link #withCostsUnknown(String)}, the savings saying {@code savingsWhy}. */
    public AnalyzeResult withCostsUnknown(String why, String savingsWhy) {
        List<String> w = new java.util.ArrayList<>(warnings);
        w.add(0, why);
        List<GroupTable> g = groups == null ? null : groups.stream().map(t -> new GroupTable(t.by(), t.rows().stream()
                .map(r -> new GroupRow(r.key(), r.requests(), r.errors(), r.errorRate(), null, null, r.inputTokens(),
                        r.cacheReadTokens(), r.cacheWriteTokens(), r.cacheWrite1hTokens(), r.outputTokens(), r.reasoningTokens(),
                        r.latencyMs())).toList(), t.groups())).toList();
        List<Day> d = daily == null ? null : daily.stream().map(x -> new Day(x.date(), x.requests(), null, x.inputTokens(),
                x.cacheReadTokens(), x.cacheWriteTokens(), x.cacheWrite1hTokens(), x.outputTokens(), x.reasoningTokens())).toList();
        List<Saving> s = savings == null ? null : savings.stream().map(x -> x.usd() == null ? x
                : x.unmeasurable(savingsWhy)).toList();
        BatchApi b = batchApi == null ? null : new BatchApi(batchApi.requests(), null, null, null);
        return new AnalyzeResult(requests, badLines, errors, null, tokens, latencyMs, latencyHistogram, byModel, repeats,
                unpricedModels, s, billing, b, sessions, period, g, d, dailyResolution, estimatedRequests, filteredRequests,
                duplicateRequestIds, badLineSamples, inputs, w, pricing, topErrors);
    }
}
