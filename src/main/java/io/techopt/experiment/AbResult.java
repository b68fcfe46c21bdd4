package io.techopt.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.Map;

/** The {@code ab-report --format json} model; keys are snake_case and stable. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"experiment", "srm", "variants", "comparisons", "recommendation"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AbResult(@JsonInclude(JsonInclude.Include.ALWAYS) String experiment, Srm srm, List<Variant> variants, List<Comparison> comparisons,
                       Recommendation recommendation, @JsonInclude(JsonInclude.Include.ALWAYS) String control, Map<String, Double> weights, String firstExposure,
                       String lastExposure, long usersInSeveralVariants, AssignmentCheck assignmentCheck,
                       boolean cuped, double alpha, List<String> warnings) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Srm(double pValue, @JsonInclude(JsonInclude.Include.ALWAYS) Boolean flagged, Map<String, Long> usersByVariant, double chiSquare) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"name", "users", "requests", "success_rate", "cost_per_user_usd", "cost_per_request_usd",
            "latency_p95_ms", "quality_mean"})
    public record Variant(String name, long users, long requests, Double successRate, Double costPerUserUsd,
                          Double costPerRequestUsd, Double latencyP95Ms, Double qualityMean, Double requestsPerUser,
                          List<Double> successRateCi, long ratedRequests, Double costUsd,
                          @com.fasterxml.jackson.annotation.JsonIgnore long unpricedRequests) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"variant", "control", "metric", "lift", "ci_low", "ci_high", "p_value", "p_adjusted"})
    public record Comparison(String variant, String control, String metric, Double lift, Double ciLow, Double ciHigh,
                             Double pValue, Double pAdjusted, Double controlValue, Double variantValue, String test) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Recommendation(String decision, String reason) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AssignmentCheck(long usersChecked, long mismatches, List<String> exampleUsers) {
    }
}
