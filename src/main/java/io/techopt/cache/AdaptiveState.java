package io.techopt.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the adaptive policy learned, by entry id (the cache key): each entry's verified outcomes and the shared fit.
 * It is persisted with the index it belongs to ({@link VectorIndex#keepLearnedState}), so a nightly warm and the
 * lookups after it share it; the error bound is the lookup's, never persisted.
 */
public final class AdaptiveState {
    /** The persisted format's name: a state of another format is refused, not misread. */
    static final String FORMAT = "techopt-adaptive-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdaptiveThresholds model;
    private final Map<String, List<AdaptiveThresholds.Outcome>> entries = new HashMap<>();
    /** The embedder (name/dimension) whose similarities the outcomes are in: null until a cache first uses the state. */
    private String embedder;

    public AdaptiveState(double maxError) {
        this.model = new AdaptiveThresholds(maxError);
    }

    public AdaptiveThresholds.Decision decide(String entry, double similarity) {
        return model.decide(entries.getOrDefault(entry, List.of()), similarity);
    }

    /**
     * A verified lookup: query {@code query} reached entry {@code entry} at this similarity. Both entries learn from it
     * (the pair's outcome says as much about either), the shared fit once.
     */
    public void verified(String entry, String query, double similarity, boolean correct) {
        model.verified(entries.computeIfAbsent(entry, k -> new ArrayList<>()), similarity, correct);
        if (query != null && !query.equals(entry)) {
            AdaptiveThresholds.record(entries.computeIfAbsent(query, k -> new ArrayList<>()), similarity, correct);
        }
    }

    /** An entry removed from the index takes its outcomes with it (the shared fit keeps what it learned). */
    public void forget(String entry) {
        entries.remove(entry);
    }

    /** Verified outcomes behind the shared fit. */
    public long outcomes() {
        return model.sharedOutcomes().size();
    }

    /**
     * Binds the state to the embedder whose similarities it learns from: another embedder's cosines are on another
     * scale, so a state learned with one is refused with another, never silently misapplied.
     */
    public void bindTo(String embedderId) {
        if (embedder == null) {
            embedder = embedderId;
        } else if (!embedder.equals(embedderId)) {
            throw new IllegalArgumentException("the adaptive state was learned with the embedder " + embedder + ", this run embeds with "
                    + embedderId + ": their similarities differ, so it cannot be reused (use the same --embedder, or a new index)");
        }
    }

    /** Whether the shared fit exists: before it, every candidate is explored. */
    public boolean fitted() {
        return model.fitted();
    }

    public int entriesWithOutcomes() {
        return entries.size();
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode().put("format", FORMAT).put("embedder", embedder);
        ArrayNode shared = root.putArray("shared");
        model.sharedOutcomes().forEach(o -> shared.addArray().add(o.similarity()).add(o.correct() ? 1 : 0));
        double[] fit = model.fit();
        if (fit == null) {
            root.putNull("fit");
        } else {
            ArrayNode f = root.putArray("fit");
            for (double x : fit) {
                f.add(x);
            }
        }
        root.put("since_fit", model.sinceFit());
        ObjectNode es = root.putObject("entries");
        entries.forEach((id, os) -> {
            ArrayNode a = es.putArray(id);
            os.forEach(o -> a.addArray().add(o.similarity()).add(o.correct() ? 1 : 0));
        });
        return root.toString();
    }

    /** A state read back (null or blank: nothing learned yet), deciding under {@code maxError}. */
    public static AdaptiveState fromJson(String json, double maxError) throws IOException {
        AdaptiveState s = new AdaptiveState(maxError);
        if (json == null || json.isBlank()) {
            return s;
        }
        JsonNode root = JSON.readTree(json);
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IOException("the index's adaptive state is not " + FORMAT + " (format: " + root.path("format").asText("none")
                    + "): written by another version of techopt");
        }
        double[] fit = null;
        if (root.path("fit").isArray()) {
            fit = new double[root.path("fit").size()];
            for (int i = 0; i < fit.length; i++) {
                fit[i] = root.path("fit").get(i).asDouble();
            }
        }
        s.embedder = root.path("embedder").isTextual() ? root.path("embedder").asText() : null;
        s.model.restore(outcomes(root.path("shared")), fit, root.path("since_fit").asInt());
        root.path("entries").fields().forEachRemaining(e -> s.entries.put(e.getKey(), outcomes(e.getValue())));
        return s;
    }

    private static List<AdaptiveThresholds.Outcome> outcomes(JsonNode a) {
        List<AdaptiveThresholds.Outcome> out = new ArrayList<>(a.size());
        a.forEach(o -> out.add(new AdaptiveThresholds.Outcome(o.get(0).asDouble(), o.get(1).asInt() == 1)));
        return out;
    }
}
