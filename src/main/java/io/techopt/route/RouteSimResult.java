package io.techopt.route;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.Map;

/** {@code route-sim LOG --format json}: the log replayed under each strategy. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RouteSimResult(long requests, @JsonInclude(JsonInclude.Include.ALWAYS) String weakModel, @JsonInclude(JsonInclude.Include.ALWAYS) String strongModel,
                             @JsonInclude(JsonInclude.Include.ALWAYS) String defaultModel,
                             List<PoolModel> models, List<Strategy> strategies, List<Cell> cells,
                             List<Unobserved> unobserved, List<String> assumptions) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PoolModel(String model, String tier, double qualityPrior, double latencyPriorMs, long loggedRequests) {
    }

    /** share_by_model: share of requests that call each model (a cascade calls two, so its shares can sum above 1). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Strategy(String name, double costUsd, double costPerRequestUsd, double savingUsd, double savingShare,
                           double quality, double qualityLow, double qualityHigh, double qualityChange,
                           Latency latencyMs, Map<String, Double> shareByModel, double unobservedShare) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Latency(double p50, double p95) {
    }

    /** A (task type, model) pair: its logged quality and the shrunk estimate the replay uses. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Cell(String taskType, String model, long observations, double qualityObserved, double qualityEstimate) {
    }

    /** Requests a strategy sent to a (task type, model) pair no logged quality backs: the prior stands in. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Unobserved(String strategy, String taskType, String model, long requests) {
    }
}
