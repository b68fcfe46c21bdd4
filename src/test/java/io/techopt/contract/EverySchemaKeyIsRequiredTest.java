package io.techopt.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r13 #9: the schemas listed keys the README documents (by_model[].price_effective, tokens.reasoning,
 * savings[].assumptions, compress-log's target...) without requiring them, so an output that lost one still validated.
 * cli.md: "Every documented key is always present" (null where unmeasurable): every property of every object in every
 * schema is required, but for the sections an option adds (analyze's latency, plan and change, ab-report's
 * assignment_check, cost-forecast's webhook, compress's removed with --diff). Review r14 #9: the schemas also left out keys every run writes and allowed
 * any other, so every object with fixed keys is closed ({@code additionalProperties: false}): a key the code writes must
 * be listed (and so required), and an output with an undocumented key fails.
 */
class EverySchemaKeyIsRequiredTest {
    /** Sections present only with the option that asks for them: schema file -> JSON path -> keys. */
    private static final Map<String, Map<String, Set<String>>> ADDED_BY_AN_OPTION = Map.of(
            "analyze-logs.schema.json", Map.of("", Set.of("latency", "plan", "change")),
            "ab-report.schema.json", Map.of("", Set.of("assignment_check")),
            "cost-forecast.schema.json", Map.of("", Set.of("webhook")),
            "cache-warm.schema.json", Map.of("", Set.of("generate")),
            "compress-prompt.schema.json", Map.of("", Set.of("removed")));
    /** The caller's own JSON echoed back (every field it had is kept), so open: schema file -> JSON paths. */
    private static final Map<String, Set<String>> CALLERS_OWN_JSON = Map.of(
            "compress-conversation.schema.json", Set.of("messages[]", "request"));

    @Test
    void everyPropertyOfEverySchemaIsRequired() throws IOException {
        List<String> optional = new ArrayList<>();
        int objects = 0;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/schemas"))) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                objects += walk(new ObjectMapper().readTree(f.toFile()), "", name, optional);
            }
        }
        assertTrue(objects > 50, "the walk reached the schemas' objects: " + objects);
        assertEquals(List.of(), optional, "properties a schema lists but does not require");
    }

    @Test
    void everyObjectWithFixedKeysIsClosed() throws IOException {
        List<String> open = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/schemas"))) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                closed(new ObjectMapper().readTree(f.toFile()), "", name, open);
            }
        }
        assertEquals(List.of(), open, "objects that allow keys they do not list (additionalProperties not false, and not a map)");
    }

    /** Objects with properties must say additionalProperties: false; an object without them must be a map (a value schema). */
    private static void closed(JsonNode node, String path, String file, List<String> open) {
        if (!node.isObject()) {
            return;
        }
        boolean object = node.path("type").isTextual() ? node.path("type").asText().equals("object")
                : node.path("type").isArray() && node.path("type").toString().contains("\"object\"");
        JsonNode ap = node.get("additionalProperties");
        boolean own = CALLERS_OWN_JSON.getOrDefault(file, Set.of()).contains(path);
        if (!own && (node.has("properties") ? ap == null || !ap.isBoolean() || ap.asBoolean() : object && (ap == null || !ap.isObject()))) {
            open.add(file + " " + (path.isEmpty() ? "(root)" : path));
        }
        if (node.get("properties") != null) {
            for (var it = node.get("properties").fields(); it.hasNext(); ) {
                var e = it.next();
                closed(e.getValue(), (path.isEmpty() ? "" : path + ".") + e.getKey(), file, open);
            }
        }
        if (node.get("items") != null) {
            closed(node.get("items"), path + "[]", file, open);
        }
        if (ap != null && ap.isObject()) {
            closed(ap, path + "[]", file, open);
        }
        for (String k : List.of("oneOf", "anyOf", "allOf")) {
            if (node.get(k) != null) {
                for (JsonNode x : node.get(k)) {
                    closed(x, path, file, open);
                }
            }
        }
        if (node.get("$defs") != null) {
            for (var it = node.get("$defs").fields(); it.hasNext(); ) {
                var e = it.next();
                closed(e.getValue(), "#" + e.getKey(), file, open);
            }
        }
    }

    private static int walk(JsonNode node, String path, String file, List<String> optional) {
        if (!node.isObject()) {
            return 0;
        }
        int objects = 0;
        JsonNode props = node.get("properties");
        if (props != null && props.isObject()) {
            objects++;
            Set<String> required = new HashSet<>();
            node.path("required").forEach(r -> required.add(r.asText()));
            Set<String> exempt = ADDED_BY_AN_OPTION.getOrDefault(file, Map.of()).getOrDefault(path, Set.of());
            for (var it = props.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!required.contains(e.getKey()) && !exempt.contains(e.getKey())) {
                    optional.add(file + " " + (path.isEmpty() ? "" : path + ".") + e.getKey());
                }
                objects += walk(e.getValue(), (path.isEmpty() ? "" : path + ".") + e.getKey(), file, optional);
            }
        }
        for (String k : List.of("items", "additionalProperties")) {
            if (node.get(k) != null) {
                objects += walk(node.get(k), path + "[]", file, optional);
            }
        }
        for (String k : List.of("oneOf", "anyOf", "allOf")) {
            if (node.get(k) != null) {
                for (JsonNode x : node.get(k)) {
                    objects += walk(x, path, file, optional);
                }
            }
        }
        if (node.get("$defs") != null) {
            for (var it = node.get("$defs").fields(); it.hasNext(); ) {
                var e = it.next();
                objects += walk(e.getValue(), "#" + e.getKey(), file, optional);
            }
        }
        return objects;
    }
}
