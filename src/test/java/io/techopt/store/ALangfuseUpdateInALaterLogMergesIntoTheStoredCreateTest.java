package io.techopt.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review rev24 HIGH-1: a Langfuse {@code generation-create} in one log and its {@code generation-update} in a log
 * ingested later (a nightly job's batches split across files) are one request, as analyze on both logs merges them:
 * the update merges into the stored create, and the store gives the JSON of the two logs read together.
 */
class ALangfuseUpdateInALaterLogMergesIntoTheStoredCreateTest {
    @TempDir
    Path tmp;

    /** A LiteLLM-style Langfuse batch (the SDK's shape, as in ../shared/data/litellm-logs/langfuse_expected_request_body). */
    static String batch(String... events) {
        return "{\"batch\": [" + String.join(", ", events) + "], \"metadata\": {\"batch_size\": " + events.length
                + ", \"sdk_integration\": \"litellm\", \"sdk_name\": \"python\", \"sdk_version\": \"2.44.1\"}}\n";
    }

    static String trace(String id, String user) {
        return "{\"id\": \"ev-" + id + "\", \"type\": \"trace-create\", \"timestamp\": \"2026-10-01T10:00:00.125002Z\", "
                + "\"body\": {\"id\": \"" + id + "\", \"timestamp\": \"2026-10-01T10:00:00.124873Z\", \"name\": \"litellm-acompletion\", "
                + "\"userId\": \"" + user + "\", \"sessionId\": \"sess-" + id + "\", \"tags\": []}}";
    }

    /** A generation created as the call starts: its prompt, no end, no usage (unless {@code usage}). */
    static String create(String id, String trace, String start, String usage) {
        return "{\"id\": \"ev-c-" + id + "\", \"type\": \"generation-create\", \"timestamp\": \"" + start + "\", "
                + "\"body\": {\"id\": \"" + id + "\", \"traceId\": \"" + trace + "\", \"name\": \"litellm-acompletion\", "
                + "\"startTime\": \"" + start + "\", \"model\": \"gpt-4o\", \"modelParameters\": {\"temperature\": \"0.2\"}, "
                + "\"metadata\": {\"hidden_params\": {\"custom_llm_provider\": \"openai\", \"api_base\": \"https://api.openai.com\"}, "
                + "\"cache_hit\": false}, \"level\": \"DEFAULT\", "
                + "\"input\": {\"messages\": [{\"role\": \"system\", \"content\": \"You are a support assistant for an online shop.\"}, "
                + "{\"role\": \"user\", \"content\": \"Where is my order 4711? It was due on Monday and the tracking page shows nothing.\"}]}"
                + (usage == null ? "" : ", " + usage) + "}}";
    }

    /** The update that ends it: its end time, and what else {@code fields} says (usage, output, level). */
    static String update(String id, String end, String fields) {
        return "{\"id\": \"ev-u-" + id + "\", \"type\": \"generation-update\", \"timestamp\": \"" + end + "\", "
                + "\"body\": {\"id\": \"" + id + "\", \"endTime\": \"" + end + "\", \"completionStartTime\": \"" + end + "\""
                + (fields == null ? "" : ", " + fields) + "}}";
    }

    static final String USAGE = "\"usage\": {\"input\": 1200, \"output\": 450, \"unit\": \"TOKENS\"}, "
            + "\"usageDetails\": {\"input\": 1200, \"output\": 450, \"total\": 1650, \"cache_read_input_tokens\": 0}";
    static final String OUTPUT = "\"output\": {\"role\": \"assistant\", \"content\": \"Your order 4711 left our warehouse on "
            + "Tuesday; the carrier's scan was delayed. It should arrive by Thursday, and the tracking page will update tonight.\"}";

    static TestSupport.Run cli(String... args) {
        return TestSupport.cli(args);
    }

    static JsonNode json(TestSupport.Run r, String what) {
        assertEquals(0, r.code(), what + ": " + r.err());
        return r.json();
    }

    /** Ingests each group of logs in one run, in order, into a new store. */
    Path store(String name, List<List<Path>> runs, String... options) {
        Path store = tmp.resolve(name);
        for (List<Path> logs : runs) {
            List<String> args = new ArrayList<>(List.of("ingest", "-q", "-f", "json"));
            logs.forEach(l -> args.add(l.toString()));
            args.addAll(List.of("--store", store.toString()));
            args.addAll(List.of(options));
            json(cli(args.toArray(String[]::new)), "ingest " + logs);
        }
        return store;
    }

    static JsonNode analyze(String... args) {
        List<String> a = new ArrayList<>(List.of("analyze", "-f", "json", "-q"));
        a.addAll(List.of(args));
        return json(cli(a.toArray(String[]::new)), String.join(" ", a));
    }

    /** analyze on the store gives analyze's JSON on the logs read together (but the latency map: no spans are stored). */
    static JsonNode assertStoreIsTheLogs(Path store, Path... logs) {
        List<String> paths = new ArrayList<>();
        for (Path l : logs) {
            paths.add(l.toString());
        }
        JsonNode onLogs = analyze(paths.toArray(String[]::new));
        ((ObjectNode) onLogs).remove("latency");
        JsonNode onStore = withoutBadLineSamples(analyze("--store", store.toString()), onLogs);
        TestSupport.assertSameFigures(onLogs, onStore, "analyze --store vs analyze " + paths);
        JsonNode inMemory = withoutBadLineSamples(analyze("--store", store.toString(), "--engine", "memory"), onLogs);
        TestSupport.assertSameFigures(onLogs, inMemory, "analyze --store --engine memory vs analyze " + paths);
        return onStore;
    }

    /**
     * A store's JSON as docs/store.md says it differs from the logs' where they had bad lines: ingest listed them, so the
     * samples are the logs' (empty on the store) and the store adds a note that ingest skipped them.
     */
    static JsonNode withoutBadLineSamples(JsonNode onStore, JsonNode onLogs) {
        if (onLogs.at("/ingest/bad_lines").asLong() == 0) {
            return onStore;
        }
        ((ObjectNode) onStore).set("bad_line_samples", onLogs.get("bad_line_samples"));
        ((ObjectNode) onStore.get("ingest")).set("bad_line_samples", onLogs.at("/ingest/bad_line_samples"));
        var w = (com.fasterxml.jackson.databind.node.ArrayNode) onStore.get("warnings");
        for (int i = w.size() - 1; i >= 0; i--) {
            if (w.get(i).asText().contains("skipped when the store's logs were ingested")) {
                w.remove(i);
            }
        }
        return onStore;
    }

    Path write(String name, String content) throws Exception {
        return TestSupport.write(tmp, name, content);
    }

    @Test
    void anUpdateWithUsageInALaterLogIsTheRequestOfBothLogsReadTogether() throws Exception {
        Path a = write("a.jsonl", batch(trace("trace-1", "alice"), create("gen-1", "trace-1", "2026-10-01T10:00:00.100Z", null)));
        Path b = write("b.jsonl", batch(update("gen-1", "2026-10-01T10:00:02.600Z", USAGE + ", " + OUTPUT)));
        Path store = store("two-runs", List.of(List.of(a), List.of(b)));
        JsonNode s = assertStoreIsTheLogs(store, a, b);
        assertEquals(1, s.get("requests").asLong());
        assertEquals(1200 * 2.5e-6 + 450 * 10e-6, s.get("cost_usd").asDouble(), 1e-12, "the update's usage is priced");
        assertEquals(0, s.get("duplicate_request_ids").asLong(), "one observation updated, not logged twice");
        assertEquals(0, s.at("/ingest/bad_lines").asLong());
        // cost-forecast reads the store record by record (last copies only): the logs' JSON too
        JsonNode forecastOnLogs = json(cli("cost-forecast", "-f", "json", "-q", a.toString(), b.toString()), "cost-forecast on the logs");
        assertEquals(forecastOnLogs.toPrettyString(),
                json(cli("cost-forecast", "-f", "json", "-q", "--store", store.toString()), "cost-forecast --store").toPrettyString());
        // the store says what the second row is: no request logged twice
        JsonNode report = json(cli("ingest", "-q", "-f", "json", a.toString(), "--store", store.toString()), "ingest a again");
        assertFalse(report.get("notes").toString().contains("repeat a request id"), report.get("notes").toString());
        assertTrue(report.get("notes").toString().contains("replaced by a Langfuse update"), report.get("notes").toString());
    }

    @Test
    void anUpdateWithoutUsageHasItsOutputTokensCountedAsOnTheLogs() throws Exception {
        Path a = write("a.jsonl", batch(trace("trace-2", "bob"), create("gen-2", "trace-2", "2026-10-01T11:00:00.000Z", null)));
        Path b = write("b.jsonl", batch(update("gen-2", "2026-10-01T11:00:03.250Z", OUTPUT + ", \"level\": \"DEFAULT\"")));
        JsonNode s = assertStoreIsTheLogs(store("estimated", List.of(List.of(a), List.of(b))), a, b);
        assertTrue(s.at("/ingest/estimated_tokens").asLong() > 0 || s.toString().contains("estimated"), s.toString());
    }

    @Test
    void anUpdateThatOnlyEndsACreateWithUsageKeepsTheCreatesUsage() throws Exception {
        Path a = write("a.jsonl", batch(trace("trace-3", "carol"), create("gen-3", "trace-3", "2026-10-01T12:00:00.000Z", USAGE)));
        Path b = write("b.jsonl", batch(update("gen-3", "2026-10-01T12:00:01.500Z", null)));
        JsonNode s = assertStoreIsTheLogs(store("ends-only", List.of(List.of(a), List.of(b))), a, b);
        assertEquals(1200 * 2.5e-6 + 450 * 10e-6, s.get("cost_usd").asDouble(), 1e-12);
    }

    @Test
    void anUpdateOfAnErrorMarksTheStoredRequestFailed() throws Exception {
        Path a = write("a.jsonl", batch(trace("trace-4", "dave"), create("gen-4", "trace-4", "2026-10-01T13:00:00.000Z", null)));
        Path b = write("b.jsonl", batch(update("gen-4", "2026-10-01T13:00:30.000Z",
                "\"level\": \"ERROR\", \"statusMessage\": \"litellm.RateLimitError: Rate limit reached for gpt-4o\"")));
        JsonNode s = assertStoreIsTheLogs(store("error", List.of(List.of(a), List.of(b))), a, b);
        assertEquals(1, s.get("errors").asLong(), s.toString());
    }

    /**
     * Review adv25b MED-1: an update that changed only the model kept the first model's prompt key, so two creates of
     * one prompt, one then sent to gpt-4o-mini, were a repeat on the store (exact_repeat_rate 0.5, an exact-cache saving
     * of 94% of the cost) where the logs have two prompts; with --keep-text the key is of the kept text.
     */
    @Test
    void anUpdateThatChangesTheModelGivesThePromptTheNewModelsKey() throws Exception {
        Path a = write("a.jsonl", batch(trace("trace-6", "frank"), create("gen-6", "trace-6", "2026-10-01T15:00:00.000Z", USAGE),
                create("gen-7", "trace-6", "2026-10-01T15:00:05.000Z", USAGE)));
        Path b = write("b.jsonl", batch(update("gen-6", "2026-10-01T15:00:02.000Z", "\"model\": \"gpt-4o-mini\", " + OUTPUT)));
        for (String[] options : new String[][]{{}, {"--keep-text"}}) {
            JsonNode s = assertStoreIsTheLogs(store("model" + options.length, List.of(List.of(a), List.of(b)), options), a, b);
            assertEquals(2, s.at("/repeats/distinct_prompts").asLong(), s.toString());
            assertEquals(0.0, s.at("/repeats/exact_repeat_rate").asDouble(), s.toString());
        }
    }

    /**
     * Review adv25c MED-2: an observation complete with usage is held without its prompt (memory), so an update after it
     * (the SDK's end(), then update(usage=...)) re-mapped it without one: of two calls of one prompt, analyze on the log
     * found 1 request with a prompt and no repeat (the truth: 2 and 0.5), and across logs the store and the logs
     * disagreed. The held observation keeps its prompt's keys.
     */
    @Test
    void aSecondUpdateOfACompleteObservationKeepsItsPromptsKeys() throws Exception {
        String ended = USAGE + ", \"endTime\": \"2026-10-01T16:00:02.000Z\"";
        String second = "\"usageDetails\": {\"input\": 1300, \"output\": 400}";
        Path sdk = write("sdk.jsonl", batch(trace("trace-8", "gina"), create("gen-8", "trace-8", "2026-10-01T16:00:00.000Z", ended),
                create("gen-9", "trace-8", "2026-10-01T16:00:01.000Z", ended))
                + batch(update("gen-9", "2026-10-01T16:00:03.000Z", second)));
        JsonNode onLog = analyze(sdk.toString());
        assertEquals(2, onLog.get("requests").asLong(), onLog.toString());
        assertEquals(2, onLog.at("/repeats/requests_with_prompt").asLong(), onLog.toString());
        assertEquals(0.5, onLog.at("/repeats/exact_repeat_rate").asDouble(), onLog.toString());
        assertStoreIsTheLogs(store("second-update", List.of(List.of(sdk))), sdk);

        Path a = write("a.jsonl", batch(trace("trace-9", "hank"), create("gen-10", "trace-9", "2026-10-01T17:00:00.000Z", null),
                create("gen-11", "trace-9", "2026-10-01T17:00:01.000Z", ended)));
        Path b = write("b.jsonl", batch(update("gen-10", "2026-10-01T17:00:02.000Z", USAGE)));
        Path c = write("c.jsonl", batch(update("gen-10", "2026-10-01T17:00:04.000Z", second)));
        JsonNode s = assertStoreIsTheLogs(store("three-logs", List.of(List.of(a), List.of(b), List.of(c))), a, b, c);
        assertEquals(2, s.at("/repeats/requests_with_prompt").asLong(), s.toString());
    }

    @Test
    void anUpdateWhoseCreateWasNeverStoredStaysABadLineAsOnTheLog() throws Exception {
        Path a = write("a.jsonl", batch(trace("trace-5", "erin"), create("gen-5", "trace-5", "2026-10-01T14:00:00.000Z", USAGE)));
        // b's other generation is a request, so b is stored (a log of bad lines only is not: docs/store.md)
        Path b = write("b.jsonl", batch(update("gen-other", "2026-10-01T14:00:02.000Z", USAGE))
                + batch(create("gen-5b", "trace-5", "2026-10-01T14:00:03.000Z", USAGE).replace("\"startTime\"",
                        "\"endTime\": \"2026-10-01T14:00:04.000Z\", \"startTime\"")));
        JsonNode s = assertStoreIsTheLogs(store("orphan", List.of(List.of(a), List.of(b))), a, b);
        assertEquals(1, s.at("/ingest/bad_lines").asLong(), s.toString());
    }

    @Test
    void bothLogsInOneIngestRunMergeAsOnTheLogs() throws Exception {
        Path a = write("a.jsonl", batch(trace("trace-6", "frank"), create("gen-6", "trace-6", "2026-10-01T15:00:00.000Z", null)));
        Path b = write("b.jsonl", batch(update("gen-6", "2026-10-01T15:00:02.000Z", USAGE + ", " + OUTPUT)));
        JsonNode s = assertStoreIsTheLogs(store("one-run", List.of(List.of(a, b))), a, b);
        assertEquals(1200 * 2.5e-6 + 450 * 10e-6, s.get("cost_usd").asDouble(), 1e-12);
    }

    @Test
    void theSameUpdateLogIngestedAgainIsSkipped() throws Exception {
        Path a = write("a.jsonl", batch(trace("trace-7", "gina"), create("gen-7", "trace-7", "2026-10-01T16:00:00.000Z", null)));
        Path b = write("b.jsonl", batch(update("gen-7", "2026-10-01T16:00:02.000Z", USAGE)));
        Path store = store("twice", List.of(List.of(a), List.of(b)));
        JsonNode again = json(cli("ingest", "-q", "-f", "json", b.toString(), "--store", store.toString()), "ingest b again");
        assertFalse(again.toString().contains("\"rows_added\":1"), again.toString());
        assertStoreIsTheLogs(store, a, b);
    }

    @Test
    void aGrownUpdateLogReplacingItsEarlierCopyKeepsTheCreateReplaced() throws Exception {
        Path a = write("a.jsonl", batch(trace("trace-9", "ivan"), create("gen-9", "trace-9", "2026-10-01T18:00:00.000Z", null)));
        String updates = batch(update("gen-9", "2026-10-01T18:00:02.000Z", USAGE));
        Path b = write("b.jsonl", updates);
        Path store = store("grown", List.of(List.of(a), List.of(b)));
        // b grows (the same file, more batches): it replaces its earlier copy, whose merged row goes with it
        java.nio.file.Files.writeString(b, updates + batch(create("gen-9b", "trace-9", "2026-10-01T18:00:05.000Z", USAGE)
                .replace("\"startTime\"", "\"endTime\": \"2026-10-01T18:00:06.000Z\", \"startTime\"")));
        json(cli("ingest", "-q", "-f", "json", b.toString(), "--store", store.toString()), "ingest the grown b");
        JsonNode s = assertStoreIsTheLogs(store, a, b);
        assertEquals(2, s.get("requests").asLong());
        assertEquals(0, s.get("duplicate_request_ids").asLong());
    }

    @Test
    void aKeepTextStoreKeepsTheUpdatesAnswerAndNoTextWithout() throws Exception {
        Path a = write("a.jsonl", batch(trace("trace-8", "hank"), create("gen-8", "trace-8", "2026-10-01T17:00:00.000Z", null)));
        Path b = write("b.jsonl", batch(update("gen-8", "2026-10-01T17:00:02.000Z", USAGE + ", " + OUTPUT)));
        Path keep = store("keep-text", List.of(List.of(a), List.of(b)), "--keep-text");
        assertStoreIsTheLogs(keep, a, b);
        Path plain = store("no-text", List.of(List.of(a), List.of(b)));
        assertStoreIsTheLogs(plain, a, b);
        // the merged row keeps the update's answer only where text is kept, its prompt from the stored create
        assertEquals(List.of("true false", "true true"), texts(keep)); // the create as stored, then the merged row
        assertEquals(List.of("false false", "false false"), texts(plain));
    }

    /** Whether each row of the store holds a prompt and an answer, in read order ("true false" ...). */
    static List<String> texts(Path store) throws Exception {
        List<String> out = new ArrayList<>();
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement();
             var rs = st.executeQuery("SELECT messages IS NOT NULL, response LIKE '%order 4711%' FROM read_parquet('"
                     + store + "/day=*/*.parquet') ORDER BY seq, ord")) {
            while (rs.next()) {
                out.add(rs.getBoolean(1) + " " + rs.getBoolean(2));
            }
        }
        return out;
    }
}
