package io.techopt.cache;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * {@code cache-warm simulate --format json}: the log replayed through the configured cache layers. hit_rate is null
 * with no lookup, saved_share with no priced cost, lookup_ms_mean with no semantic lookup (0/0 is not a figure).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SimulationResult(long requests, long lookups, Hits hits, Double hitRate, double costUsd, double savedUsd,
                               Double savedShare, Double latencySavedMs, Semantic semantic, List<Layer> layers,
                               List<Skipped> skipped, long outOfOrder, List<String> notes) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Hits(long l1, long l2, long l3) {
    }

    /**
     * expected_false_hits: l3 hits x (1 - precision at the threshold, from calibration); null when not calibrated.
     * threshold null and adaptive set: the adaptive policy (--max-error).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Semantic(boolean enabled, String embedder, Double threshold, boolean guards, Double expectedPrecision,
                           Double expectedFalseHits, Double falseHitRate, String calibration, Double lookupMsMean, Adaptive adaptive) {
    }

    /**
     * The adaptive policy's replay: explorations (candidates verified against the logged answer instead of served),
     * verified (those with answers on both sides to compare), served_answer_differs (hits whose logged answer is not
     * the served one), outcomes_restored (learned before, from --index) and outcomes (at the end).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Adaptive(double maxError, long explorations, long verified, long servedAnswerDiffers, long outcomesRestored,
                           long outcomes) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Layer(String layer, String config, long hits, double savedUsd) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Skipped(String reason, long requests) {
    }
}
