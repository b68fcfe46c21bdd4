package io.techopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which command wrote a JSON report: its output has no {@code command} key, but each command's output has its own
 * schema in {@code schemas/} (every one closed by {@code additionalProperties: false}), so the schemas a document
 * meets name its kind.
 */
public final class JsonKinds {
    /** The schemas of reports a command writes as its {@code -f json} output (batch-export's manifest is a file it writes beside). */
    public static final List<String> REPORTS = List.of("analyze-logs", "cost-forecast", "ab-report", "budget-log", "budget-prompt",
            "compress-log", "compress-prompt", "compress-conversation", "cache-warm", "cache-warm-calibrate",
            "cache-warm-simulate", "cache-warm-replay", "route-sim", "route-sim-matrix", "ingest");

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private JsonKinds() {
    }

    /** The report kinds whose schema {@code doc} meets, in {@link #REPORTS} order. */
    public static List<String> matching(JsonNode doc) {
        return REPORTS.stream().filter(k -> topKeysFit(k, doc) && violations(k, doc).isEmpty()).toList();
    }

    /**
     * Whether {@code doc}'s own keys are all the schema's top-level ones and hold its required ones: checked first, as
     * a full validation of a large report against every schema takes a while.
     */
    static boolean topKeysFit(String kind, JsonNode doc) {
        if (!doc.isObject()) {
            return false;
        }
        JsonNode schema = TOP.computeIfAbsent(kind, JsonKinds::schemaTree);
        for (JsonNode r : schema.path("required")) {
            if (!doc.has(r.asText())) {
                return false;
            }
        }
        if (schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean()) {
            for (java.util.Iterator<String> names = doc.fieldNames(); names.hasNext(); ) {
                if (!schema.path("properties").has(names.next())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static final Map<String, JsonNode> TOP = new ConcurrentHashMap<>();

    private static JsonNode schemaTree(String kind) {
        try (java.io.InputStream in = JsonKinds.class.getResourceAsStream("/schemas/" + kind + ".schema.json")) {
            return JsonRenderer.mapper().readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Where {@code doc} breaks the schema of {@code kind}, as "location: message" (empty: it meets it). */
    public static List<String> violations(String kind, JsonNode doc) {
        if (!REPORTS.contains(kind)) {
            throw new IllegalArgumentException("unknown report kind '" + kind + "' (kinds: " + String.join(", ", REPORTS) + ")");
        }
        Schema s = SCHEMAS.computeIfAbsent(kind, n -> REGISTRY.getSchema(SchemaLocation.of("classpath:schemas/" + n + ".schema.json")));
        return s.validate(doc).stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }
}
