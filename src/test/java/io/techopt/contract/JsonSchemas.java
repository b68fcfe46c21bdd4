package io.techopt.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The published JSON Schemas (src/main/resources/schemas, shipped in the jar), validated with networknt. */
public final class JsonSchemas {
    /** Every schema file; a test checks this list against the directory so none is forgotten. */
    public static final List<String> ALL = List.of("analyze-logs", "compress-prompt", "compress-conversation", "compress-log",
            "budget-log", "budget-prompt", "cache-warm-calibrate", "cache-warm-simulate", "cache-warm-replay", "cache-warm", "route-sim", "route-sim-matrix",
            "ab-report", "cost-forecast", "batch-export-manifest", "ingest");

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

    private JsonSchemas() {
    }

    public static Schema schema(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            if (JsonSchemas.class.getResource("/schemas/" + n + ".schema.json") == null) {
                throw new AssertionError("no schema src/main/resources/schemas/" + n + ".schema.json");
            }
            return REGISTRY.getSchema(SchemaLocation.of("classpath:schemas/" + n + ".schema.json"));
        });
    }

    /** Every violation as "instance location: message". */
    public static List<String> violations(String name, JsonNode doc) {
        List<Error> errors = schema(name).validate(doc);
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }
}
