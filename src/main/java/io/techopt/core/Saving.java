package io.techopt.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * What one savings lever would have saved on a log: analyze lists its own levers and those computed by another
 * engine from the same records (the semantic cache's replay), so the type lives here, not in either engine.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"lever", "usd"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Saving(String lever, Double usd, long requests, Double shareOfCost, List<String> assumptions) {
    /** The lever with no figure: it needs prompts and no request in the log carries one. */
    public Saving unmeasurable(String why) {
        List<String> a = new java.util.ArrayList<>(assumptions);
        a.add(0, "not measured: " + why);
        return new Saving(lever, null, 0, null, a);
    }

    /** The lever with a note put first among its assumptions. */
    public Saving withFirstNote(String note) {
        List<String> a = new java.util.ArrayList<>(assumptions);
        a.add(0, note);
        return new Saving(lever, usd, requests, shareOfCost, a);
    }

    /** A cache's note when only some requests carry their prompt: the ones without cannot be matched. */
    public static String promptlessLowerBound(long promptless, long requests) {
        return String.format(java.util.Locale.ROOT, "a lower bound: %,d of the %,d requests carry no prompt (messages), so "
                + "a cache cannot match them, and what their repeats would save is not counted", promptless, requests);
    }
}
