package io.techopt.cache;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** {@code cache-warm LOG --format json}: what the nightly warm chose and wrote. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WarmResult(long requests, long candidates, long selected, boolean dryRun, Written written,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Generate generate,
                         double expectedSavingUsdPerDay, List<SimulationResult.Skipped> skipped, List<Top> top,
                         List<String> notes) {

    /** Entries written per target; null where the target was not asked for, and every one under --dry-run. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Written(Long l1Snapshot, Long redis, Long semantic, Long semanticResumedFrom, Long semanticLearned) {
    }

    /**
     * --generate: answers asked of an endpoint for selected prompts the log left unanswered; absent without --generate.
     * needing_answer = reused + asked + unpriced + stopped_by_cap + stopped_by_failure, and asked = generated + failed +
     * truncated + refused; the figures of calls are null under --dry-run, which asks nothing.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Generate(String endpoint, String model, double maxUsd, int maxTokens, long needingAnswer, long reused, Long asked,
                           Long generated, Long retries, Long failed, Long truncated, Long refused, long unpriced,
                           Long stoppedByCap, Long stoppedByFailure, Double spentUsd, double worstCaseUsd,
                           Long inputTokens, Long outputTokens) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Top(String model, String question, long count, double avgCostUsd, double score) {
    }
}
