package io.techopt.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** {@code budget --format json}: per task type and complexity, how prompts and answers fit their budgets. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BudgetResult(long requests, long errors, @JsonInclude(JsonInclude.Include.ALWAYS) Double costUsd, Tokens tokens, long unpricedRequests,
                           List<Group> groups, @JsonInclude(JsonInclude.Include.ALWAYS) Double usdEffect, long requestsAffected,
                           List<String> assumptions) {

    /**
     * Token totals with analyze's definitions and kinds: input is full-rate input only, every other kind is its own
     * key; cache_write_1h is the part of cache_write written for an hour.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Tokens(long input, long cacheRead, long cacheWrite,
                         @com.fasterxml.jackson.annotation.JsonProperty("cache_write_1h") long cacheWrite1h, long output, long reasoning) {
    }

    /** {@code prompt_tokens}: every prompt token, whatever rate it is billed at (what must fit the prompt budget). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Group(String taskType, String complexity, long requests, Pct promptTokens, Pct outputTokens,
                        Allocation budget, Double overBudgetShare, Double truncationRisk, Recommended recommended,
                        Double usdEffect, long requestsAffected) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Pct(double p50, double p95, double p99) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Allocation(int system, int context, int input, int output, int reserve, int prompt, int total) {
        static Allocation of(TokenBudget b) {
            return new Allocation(b.system(), b.context(), b.input(), b.output(), b.reserve(), b.prompt(), b.total());
        }
    }

    /** Adaptive budgets from the percentiles: the prompt at its p95, the answer at its p99 (rounded up to 64). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Recommended(Integer prompt, Integer output) {
    }
}
