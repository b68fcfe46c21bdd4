package io.techopt.cache;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * {@code cache-warm simulate --pairs FILE --format json}: labelled questions replayed through the semantic layer.
 * error_rate is wrong hits / hits (null with no hit), hit_rate correct hits / servable queries (null with none
 * servable); best_static is the sweep's highest hit rate whose error rate is at most max_error (null when none is).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ReplayResult(Data data, long queries, long servable, long seed, String embedder, boolean guards,
                           Policy policy, Outcome result, List<Outcome> staticSweep, Outcome bestStatic,
                           Double hitRateOverBestStatic, List<String> notes) {

    /** The labelled set: pairs read, distinct questions, equivalence classes (duplicates joined transitively). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Data(String format, long pairs, long questions, long classes) {
    }

    /** static with its threshold, or adaptive with its error bound; max_error also selects best_static. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Policy(String name, Double threshold, double maxError) {
    }

    /**
     * One policy's replay: threshold null for the adaptive one. explorations: lookups answered by the model and
     * verified against the candidate's answer, so that its entry learns; model_calls: queries not served (misses and
     * explorations: what the cache did not save).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Outcome(Double threshold, long hits, long correctHits, long wrongHits, Double errorRate, Double hitRate,
                          long explorations, long modelCalls) {
    }
}
