package io.techopt.core;

import java.time.LocalDate;
import java.util.List;

/**
 * Spend per UTC day as the analyze engine priced it, typed: the port through which cost-forecast reads an analysis
 * (analyze fills it, forecast reads it, neither parses the other's report strings). {@code rows} holds, for every
 * day grouping the analysis carried, one row per group in the group table's order: the per-day total has a null
 * {@code dimension} and {@code group}; a day x dimension grouping names its dimension and the group's value as
 * reports show it (redacted); {@code hours} the spend per hour of the log.
 */
public record DailySpend(long requests, List<String> warnings, List<Unpriced> unpricedModels, List<Row> rows, List<Hour> hours) {
    /**
     * The priced spend of one UTC hour of the log with requests (epoch hour: epoch ms / 3,600,000), in time order: how
     * much of the log's first and last day it covers, against how its full days spread their spend over the day;
     * {@code tokens} every token of the hour's requests, {@code unpricedTokens} those of requests without a price (the
     * share of the spend a forecast would leave out); {@code unpricedRequests} the requests without a price, and
     * {@code unpricedUsdEstimate} what their tokens would cost at the log's own average priced rate per token kind
     * (input, output, cache read, cache write; a kind no priced request has: the average priced cost per token).
     */
    public record Hour(long epochHour, double costUsd, long requests, long tokens, long unpricedTokens, long unpricedRequests,
                       double unpricedUsdEstimate) {
    }

    /** A model without a price and the requests of it, left out of every cost. */
    public record Unpriced(String model, long requests) {
    }

    /** {@code unpricedRequests}: the group's requests of models without a price (their cost is unknown, not $0). */
    public record Row(LocalDate day, Dimension dimension, String group, double costUsd, long requests, long unpricedRequests) {
        public Row(LocalDate day, Dimension dimension, String group, double costUsd, long requests) {
            this(day, dimension, group, costUsd, requests, 0);
        }
    }
}
