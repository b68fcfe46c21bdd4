package io.techopt.cache;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * {@code cache-warm calibrate --format json}. recommended: the highest recall whose precision reaches min_precision
 * (null when no threshold does); plain_cosine and guarded: each curve's own recommendation at that bar, for
 * comparison. A threshold's precision is null where no pair counts as a hit (0/0).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CalibrationResult(long pairs, long duplicates, long pairsInFile, String embedder, boolean guards,
                                double minPrecision, List<Threshold> thresholds, Recommended recommended,
                                Recommended plainCosine, Recommended guarded, List<String> notes) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Threshold(double threshold, Double precision, double recall, Double f1) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Recommended(double threshold, double precision, double recall) {
    }
}
