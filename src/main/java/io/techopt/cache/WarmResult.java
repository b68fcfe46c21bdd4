package io.techopt.cache;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** {@code cache-warm LOG --format json}: what the nightly warm chose and wrote. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WarmResult(long requests, long candidates, long selected, boolean dryRun, Written written,
                         double expectedSavingUsdPerDay, List<SimulationResult.Skipped> skipped, List<Top> top,
                         List<String> notes) {

    /** Entries written per target; null where the target was not asked for, and every one under --dry-run. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Written(Long l1Snapshot, Long redis, Long semantic, Long semanticResumedFrom) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Top(String model, String question, long count, double avgCostUsd, double score) {
    }
}
