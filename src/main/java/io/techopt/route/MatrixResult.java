package io.techopt.route;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.Map;

/** {@code route-sim --matrix --format json}: routers on an evaluation matrix with known per-prompt quality. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MatrixResult(long prompts, List<Model> models, String weakModel, String strongModel, String embedder,
                           List<Strategy> strategies, List<RouterCurve> routers, List<String> assumptions,
                           @JsonIgnore double targetQuality) {
    /** targetQuality: the quality the operating points aim at (NaN with --max-strong-share); the html chart marks it, the JSON says it in a note. */

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Model(String model, double quality, double costUsd, long promptTokens,
                        @JsonInclude(JsonInclude.Include.ALWAYS) Long responseTokens) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Strategy(String name, double quality, double costUsd, Map<String, Double> shareByModel) {
    }

    /** chosen: the operating point for --target-quality / --max-strong-share (default: 80% of the gap recovered). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RouterCurve(String name, double apgr, double cpt50, double cpt80, Point chosen, List<Point> curve) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Point(double threshold, double strongShare, double quality, double costUsd) {
    }
}
