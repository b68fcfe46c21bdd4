package io.techopt.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command reads a store as it reads the logs ingested into it: the bundled sample, ingested without and with
 * --keep-text, gives the same JSON on the store (--store DIR, or DIR as the FILE) as on the log, option for option.
 */
class StoreReadEqualsLogReadTest {
    static final String SAMPLE = "samples/requests.jsonl.gz";

    @TempDir
    static Path tmp;
    static Path plain, withText;

    @BeforeAll
    static void ingestTheSample() {
        plain = tmp.resolve("plain");
        withText = tmp.resolve("with-text");
        assertEquals(0, TestSupport.cli("ingest", "-q", "-f", "json", SAMPLE, "--store", plain.toString()).code());
        assertEquals(0, TestSupport.cli("ingest", "-q", "-f", "json", SAMPLE, "--store", withText.toString(), "--keep-text").code());
    }

    static JsonNode run(String command, List<String> input, String... options) {
        TestSupport.Run r = runCode(command, input, options);
        assertEquals(0, r.code(), () -> command + " " + input + " " + String.join(" ", options) + "\n" + r.err());
        return r.json();
    }

    /** {@code command} may be a command and its subcommand ("cache-warm simulate"). */
    static TestSupport.Run runCode(String command, List<String> input, String... options) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of("-f", "json", "-q"));
        args.addAll(input);
        args.addAll(List.of(options));
        return TestSupport.cli(args.toArray(String[]::new));
    }

    /**
     * The JSON of a command on the log, by command and options: the same run is compared with both stores and by
     * several tests (each run of analyze --plan on the sample takes seconds), so it runs once per class.
     */
    static final java.util.Map<String, String> ON_LOG = new java.util.concurrent.ConcurrentHashMap<>();

    static JsonNode onLog(String command, String... options) {
        String json = ON_LOG.computeIfAbsent(command + "\0" + String.join("\0", options),
                k -> run(command, List.of(SAMPLE), options).toString());
        try {
            return TestSupport.JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    static void assertSameJson(String command, Path store, boolean storeAsFile, String... options) {
        String onLog = withoutTimings(onLog(command, options)).toPrettyString();
        List<String> input = storeAsFile ? List.of(store.toString()) : List.of("--store", store.toString());
        JsonNode onStore = withoutTimings(run(command, input, options));
        String what = command + " " + String.join(" ", options) + " on " + store.getFileName();
        if (command.equals("analyze")) { // DuckDB's queries by default: sums added in another order, to their last digits
            TestSupport.assertSameFigures(onLog(command, options), onStore, what);
            return;
        }
        assertEquals(onLog, onStore.toPrettyString(), what);
    }

    /** cache-warm simulate's measured lookup times, which differ from run to run on the same log too. */
    static JsonNode withoutTimings(JsonNode j) {
        if (j.has("latency_saved_ms") && j.path("semantic").has("lookup_ms_mean")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) j).remove("latency_saved_ms");
            ((com.fasterxml.jackson.databind.node.ObjectNode) j.get("semantic")).remove("lookup_ms_mean");
        }
        return j;
    }

    /** The commands besides analyze, with options; those that read prompt text only run on a --keep-text store. */
    static Stream<Arguments> otherCommands() {
        return Stream.of(
                Arguments.of("cost-forecast", false, new String[]{}),
                Arguments.of("cost-forecast", false, new String[]{"--by", "team", "--horizon", "14d", "--holdout", "5", "--since", "2026-10-03"}),
                Arguments.of("budget", false, new String[]{}),
                Arguments.of("budget", false, new String[]{"--since", "2026-10-10"}),
                Arguments.of("ab-report", false, new String[]{"--experiment", "support-prompt-v2"}),
                Arguments.of("ab-report", false, new String[]{"--experiment", "support-prompt-v2", "--cuped", "--until", "2026-10-25"}),
                Arguments.of("route-sim", false, new String[]{}),
                Arguments.of("route-sim", false, new String[]{"--quality-bar", "0.8", "--since", "2026-10-10", "--until", "2026-10-20"}),
                Arguments.of("compress", true, new String[]{}),
                Arguments.of("compress", true, new String[]{"--rate", "0.5", "--since", "2026-10-10"}),
                Arguments.of("cache-warm", true, new String[]{"--top", "50"}),
                Arguments.of("cache-warm simulate", true, new String[]{"--embedder", "hash"}));
    }

    @ParameterizedTest
    @MethodSource("otherCommands")
    void everyCommandOnAStoreGivesTheJsonOfTheLog(String command, boolean needsText, String[] options) {
        assertSameJson(command, withText, false, options);
        if (!needsText) {
            assertSameJson(command, plain, true, options);
            return;
        }
        // nothing to do without the text: a usage error that says how to keep it
        TestSupport.Run r = runCode(command, List.of("--store", plain.toString()), options);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("ingested without --keep-text") && r.err().contains("ingest the logs with --keep-text"), r.err());
    }

    @Test
    void pricesAndPriceDateRepriceTheStoredTokensAsTheyPriceTheLog() throws Exception {
        Path prices = TestSupport.write(tmp, "prices.yaml", """
                models:
                  - key: acme-llm-v2
                    prices:
                      - {effective: 2026-09-01, input: 1.0, output: 2.0}
                      - {effective: 2026-10-15, input: 2.0, output: 4.0}
                  - key: gpt-4.1
                    prices:
                      - {effective: 2026-09-01, input: 1.5, output: 6.0, cache_read: 0.4}
                      - {effective: 2026-10-20, input: 1.0, output: 4.0, cache_read: 0.25}
                """);
        double atIngest = run("analyze", List.of("--store", plain.toString())).get("cost_usd").asDouble();
        double repriced = run("analyze", List.of("--store", plain.toString()), "--prices", prices.toString()).get("cost_usd").asDouble();
        double atOneDate = run("analyze", List.of("--store", plain.toString()), "--prices", prices.toString(),
                "--price-date", "2026-10-10").get("cost_usd").asDouble();
        assertTrue(atIngest != repriced && repriced != atOneDate, atIngest + " " + repriced + " " + atOneDate);
        for (Path store : List.of(plain, withText)) {
            assertSameJson("analyze", store, false, "--prices", prices.toString(), "--group-by", "model");
            assertSameJson("analyze", store, false, "--prices", prices.toString(), "--price-date", "2026-10-10");
            assertSameJson("cost-forecast", store, false, "--prices", prices.toString());
            assertSameJson("budget", store, false, "--price-date", "2026-10-01");
        }
    }

    static Stream<Arguments> analyzeOptions() {
        return Stream.of(
                Arguments.of((Object) new String[]{}),
                Arguments.of((Object) new String[]{"--group-by", "team+model", "--group-by", "user", "--group-by", "day",
                        "--group-by", "session", "--top", "5"}),
                Arguments.of((Object) new String[]{"--since", "2026-10-05", "--until", "2026-10-20T12:00:00Z", "--group-by", "task_type"}),
                Arguments.of((Object) new String[]{"--since", "2026-10-16", "--until", "2026-10-31", "--compare-to"}),
                Arguments.of((Object) new String[]{"--since", "2026-10-21", "--until", "2026-10-28", "--compare-to", "2026-10-03..2026-10-09"}),
                Arguments.of((Object) new String[]{"--cache-ttl", "1h", "--batchable", "qa,summarization"}));
    }

    @ParameterizedTest
    @MethodSource("analyzeOptions")
    void analyzeOnAStoreWithOrWithoutTextGivesTheJsonOfTheLog(String[] options) {
        assertSameJson("analyze", plain, false, options);
        assertSameJson("analyze", withText, true, options);
    }

    @Test
    void analyzePlanAndSemanticCacheOnAKeepTextStoreGiveTheJsonOfTheLog() {
        assertSameJson("analyze", withText, false, "--plan", "--semantic-cache", "hash");
    }

    @Test
    void analyzePlanOnAStoreWithoutTextSaysSoAndLeavesTheTextLeversNull() {
        JsonNode a = run("analyze", List.of("--store", plain.toString()), "--plan", "--semantic-cache", "hash");
        JsonNode onLog = onLog("analyze", "--plan", "--semantic-cache", "hash");
        assertTrue(a.get("warnings").toString().contains("ingested without --keep-text"), a.get("warnings").toString());
        JsonNode semantic = null;
        for (JsonNode s : a.get("savings")) {
            if (s.get("lever").asText().equals("semantic_cache")) {
                semantic = s;
            }
        }
        assertTrue(semantic != null && semantic.get("usd").isNull(), "semantic_cache not measured: " + semantic);
        // what needs no text is the log's: cost, repeats, the exact-cache and prompt-cache levers (keyed by stored keys)
        assertEquals(onLog.get("cost_usd"), a.get("cost_usd"));
        assertEquals(onLog.get("repeats"), a.get("repeats"));
        for (int i = 0; i < onLog.get("savings").size(); i++) {
            String lever = onLog.get("savings").get(i).get("lever").asText();
            if (lever.equals("exact_cache") || lever.equals("prompt_cache") || lever.equals("batch")) {
                assertEquals(onLog.get("savings").get(i), a.get("savings").get(i), lever);
            }
        }
    }

    @Test
    void daysOutsideTheWindowAreNeverOpened() throws Exception {
        // a copy of the sample's store (the same ingest again would only take longer)
        Path pruned = tmp.resolve("pruned");
        try (Stream<Path> files = java.nio.file.Files.walk(plain)) {
            for (Path f : files.toList()) {
                java.nio.file.Files.copy(f, pruned.resolve(plain.relativize(f).toString()));
            }
        }
        // the Parquet files of the days outside the window are gone: a read that opened one would fail
        try (Stream<Path> days = java.nio.file.Files.list(pruned)) {
            for (Path d : days.filter(d -> d.getFileName().toString().startsWith("day=")).toList()) {
                String day = d.getFileName().toString().substring(4);
                if (day.compareTo("2026-10-05") < 0 || day.compareTo("2026-10-20") > 0) {
                    try (Stream<Path> f = java.nio.file.Files.list(d)) {
                        for (Path p : f.toList()) {
                            java.nio.file.Files.delete(p);
                        }
                    }
                }
            }
        }
        assertSameJson("analyze", pruned, false, "--since", "2026-10-05", "--until", "2026-10-20T12:00:00Z");
    }

    /**
     * Review r14 #6: a Langfuse log, 2026-10-01..11-14, 20 gpt-4o generations a day, one in two without usage, cost or
     * text (an LLM call of unknown cost, seen only as a span). A store keeps no spans: ingest keeps their count by day.
     */
    static Path langfuseHalfWithoutUsage(Path dir) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        int g = 0;
        for (java.time.LocalDate d = java.time.LocalDate.parse("2026-10-01"); !d.isAfter(java.time.LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            for (int k = 0; k < 20; k++) {
                int sec = (int) ((k + 0.5) * 86400 / 20);
                String t = d + String.format("T%02d:%02d:%02d", sec / 3600, sec / 60 % 60, sec % 60);
                boolean usage = ++g % 2 != 0;
                sb.append("{\"batch\": [{\"id\": \"ev-t-").append(g).append("\", \"type\": \"trace-create\", \"body\": {\"id\": \"trace-")
                        .append(g).append("\", \"timestamp\": \"").append(t).append(".000Z\"}, \"timestamp\": \"").append(t)
                        .append(".000Z\"}, {\"id\": \"ev-g-").append(g).append("\", \"type\": \"generation-create\", \"body\": {\"id\": \"gen-")
                        .append(g).append("\", \"traceId\": \"trace-").append(g).append("\", \"name\": \"litellm-acompletion\", ")
                        .append("\"startTime\": \"").append(t).append(".000Z\", \"endTime\": \"").append(t).append(".800Z\", ")
                        .append("\"model\": \"gpt-4o\"")
                        .append(usage ? ", \"usage\": {\"input\": 10000, \"output\": 1000, \"unit\": \"TOKENS\"}" : "")
                        .append("}, \"timestamp\": \"").append(t).append(".000Z\"}]}\n");
            }
        }
        return TestSupport.write(dir, "langfuse-half-without-usage.jsonl", sb.toString());
    }

    @Test
    void llmCallsWithoutUsageInATraceLogCountOnTheStoreAsOnTheLog() throws Exception {
        Path dir = tmp.resolve("no-usage");
        java.nio.file.Files.createDirectories(dir);
        Path log = langfuseHalfWithoutUsage(dir);
        Path store = dir.resolve("store");
        assertEquals(0, TestSupport.cli("ingest", "-q", "-f", "json", log.toString(), "--store", store.toString()).code());
        for (String[] options : List.of(new String[]{}, new String[]{"--since", "2026-10-20", "--until", "2026-11-10"})) {
            JsonNode onLog = run("cost-forecast", List.of(log.toString()), options);
            assertTrue(onLog.get("forecast_total_usd").isNull(), "half the calls are of unknown cost: " + onLog.get("warnings"));
            assertEquals(onLog.toPrettyString(), run("cost-forecast", List.of("--store", store.toString()), options).toPrettyString(),
                    "cost-forecast " + String.join(" ", options));
        }
        // analyze: the same figures and warnings (the latency map needs the spans, which the store does not keep)
        JsonNode onLog = run("analyze", List.of(log.toString()));
        JsonNode onStore = run("analyze", List.of(store.toString()));
        assertTrue(onLog.get("latency").get("headline").asText().contains("450 without usage"), onLog.get("latency").toString());
        ((com.fasterxml.jackson.databind.node.ObjectNode) onLog).remove("latency");
        TestSupport.assertSameFigures(onLog, onStore, "analyze"); // DuckDB's sums: to their last digits
    }

    @Test
    void aLangfuseUpdateOfACompletedGenerationIsNoRepeatOnTheStoreAsOnTheLog() throws Exception {
        Path dir = tmp.resolve("update");
        java.nio.file.Files.createDirectories(dir);
        // review r14 #11: a complete generation, then an update of it with other usage: one observation updated
        Path log = TestSupport.write(dir, "update.jsonl", "{\"batch\": [{\"id\": \"e1\", \"type\": \"generation-create\", "
                + "\"timestamp\": \"2026-10-01T10:00:00.000Z\", \"body\": {\"id\": \"o1\", \"traceId\": \"t1\", \"name\": \"chat\", "
                + "\"startTime\": \"2026-10-01T10:00:00.000Z\", \"endTime\": \"2026-10-01T10:00:01.000Z\", \"model\": \"gpt-4o\", "
                + "\"usage\": {\"input\": 1000, \"output\": 100, \"unit\": \"TOKENS\"}}}]}\n"
                + "{\"batch\": [{\"id\": \"e2\", \"type\": \"generation-update\", \"timestamp\": \"2026-10-01T10:00:05.000Z\", "
                + "\"body\": {\"id\": \"o1\", \"traceId\": \"t1\", \"metadata\": {\"score\": 1}, "
                + "\"usage\": {\"input\": 1000, \"output\": 200, \"unit\": \"TOKENS\"}}}]}\n");
        Path store = dir.resolve("store");
        TestSupport.Run ingest = TestSupport.cli("ingest", "-q", "-f", "json", log.toString(), "--store", store.toString());
        assertEquals(0, ingest.code(), ingest.err());
        assertEquals(1, ingest.json().at("/sources/0/rows_added").asLong(), "the updated copy is replaced, not stored beside it");
        assertEquals(1, ingest.json().at("/sources/0/requests_added").asLong());
        JsonNode onLog = run("analyze", List.of(log.toString()));
        JsonNode onStore = run("analyze", List.of(store.toString()));
        assertEquals(0, onStore.get("duplicate_request_ids").asLong());
        assertEquals(0, onStore.at("/ingest/duplicate_request_ids").asLong());
        assertEquals(1000 * 2.5e-6 + 200 * 10e-6, onStore.get("cost_usd").asDouble(), 1e-15, "the update's usage counts");
        ((com.fasterxml.jackson.databind.node.ObjectNode) onLog).remove("latency");
        TestSupport.assertSameFigures(onLog, onStore, "analyze"); // DuckDB's sums: to their last digits
    }

    @Test
    void overlappingLogsInOneStoreGiveTheJsonOfTheLogsReadTogether() throws Exception {
        Path dir = tmp.resolve("overlap");
        java.nio.file.Files.createDirectories(dir);
        // ids 60..89 are in both logs with other tokens: the later log's copy counts, on the store as on the logs
        Path a = TestSupport.write(dir, "a.jsonl", StoreLogs.log(0, 90, 0));
        Path b = TestSupport.write(dir, "b.jsonl", StoreLogs.log(60, 150, 5));
        Path store = dir.resolve("store");
        assertEquals(0, TestSupport.cli("ingest", "-q", "-f", "json", a.toString(), "--store", store.toString()).code());
        assertEquals(0, TestSupport.cli("ingest", "-q", "-f", "json", b.toString(), "--store", store.toString()).code());
        List<String> logs = List.of(a.toString(), b.toString());
        for (String[] options : List.of(new String[]{}, new String[]{"--since", "2026-10-01T12:00:00Z", "--until", "2026-10-03"})) {
            for (String command : List.of("analyze", "budget", "cost-forecast")) {
                com.fasterxml.jackson.databind.JsonNode onStore = run(command, List.of("--store", store.toString()), options);
                if (command.equals("budget")) {
                    // the one documented difference (docs/store.md): a store without text says its untyped requests'
                    // complexity was judged from prompt tokens alone, in the report as on stderr
                    var w = (com.fasterxml.jackson.databind.node.ArrayNode) onStore.get("warnings");
                    assertEquals(1, w.size(), w.toString());
                    assertTrue(w.get(0).asText().contains("judged their complexity from their prompt tokens alone"), w.toString());
                    w.removeAll();
                }
                if (command.equals("analyze")) { // DuckDB's sums: to their last digits
                    TestSupport.assertSameFigures(run(command, logs, options), onStore, command);
                } else {
                    assertEquals(run(command, logs, options).toPrettyString(), onStore.toPrettyString(), command);
                }
            }
        }
        String[] groups = {"--group-by", "user", "--group-by", "team+model"};
        TestSupport.assertSameFigures(run("analyze", logs, groups), run("analyze", List.of(store.toString()), groups), "analyze -g");
        assertEquals(30, run("analyze", List.of(store.toString())).get("ingest").get("duplicate_request_ids").asLong());
    }

    @Test
    void oneHourCacheWritesArePartOfTheCacheWritesOnTheStoreAsOnTheLog() throws Exception {
        Path dir = tmp.resolve("one-hour");
        java.nio.file.Files.createDirectories(dir);
        // review rev21b MED-1: DuckDB's queries summed the 5-minute writes alone (6,000 of the log's 14,400)
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            log.append("{\"timestamp\": \"2026-10-0").append(1 + i / 2).append("T10:00:0").append(i).append("Z\", ")
                    .append("\"request_id\": \"h").append(i).append("\", \"model\": \"claude-sonnet-4-20250514\", ")
                    .append("\"provider\": \"anthropic\", \"team\": \"").append(i == 0 ? "a" : "b").append("\", ")
                    .append("\"usage\": {\"input_tokens\": 100, \"cache_creation_input_tokens\": 1000, ")
                    .append("\"cache_creation_1h_input_tokens\": ").append(400 * (i + 1)).append(", ")
                    .append("\"cache_read_input_tokens\": 50, \"output_tokens\": 20}, \"latency_ms\": 100}\n");
        }
        Path file = TestSupport.write(dir, "one-hour.jsonl", log.toString());
        Path store = dir.resolve("store");
        assertEquals(0, TestSupport.cli("ingest", "-q", "-f", "json", file.toString(), "--store", store.toString()).code());
        String[] options = {"--group-by", "team"};
        JsonNode onLog = run("analyze", List.of(file.toString()), options);
        assertEquals(6 * 1000 + 400 * 21, onLog.at("/tokens/cache_write").asLong(), "the memory engine: 5-minute and 1-hour writes");
        assertEquals(400 * 21, onLog.at("/tokens/cache_write_1h").asLong());
        for (List<String> input : List.of(List.of("--store", store.toString()), List.of("--engine", "duckdb", file.toString()))) {
            JsonNode onDuckDb = run("analyze", input, options);
            assertEquals(14_400, onDuckDb.at("/tokens/cache_write").asLong(), input.toString());
            assertEquals(14_400, onDuckDb.at("/by_model/0/cache_write_tokens").asLong(), input.toString());
            assertEquals(2_000 + 1_200, onDuckDb.at("/daily/0/cache_write_tokens").asLong(), input.toString());
            TestSupport.assertSameFigures(onLog, onDuckDb, "analyze " + input);
        }
    }

    @Test
    void requestIdsThatRedactAlikeStayTwoRequests() throws Exception {
        Path dir = tmp.resolve("keys");
        java.nio.file.Files.createDirectories(dir);
        // two ids that are API keys: both stored as [REDACTED], still two requests (the second logged twice)
        String k1 = StoreLogs.API_KEY, k2 = "sk-proj-ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210zyxwABCD";
        String line = "{\"timestamp\":\"2026-10-01T00:0%d:00Z\",\"model\":\"gpt-4o-mini\",\"request_id\":\"%s\","
                + "\"usage\":{\"input_tokens\":%d,\"output_tokens\":3}}\n";
        Path log = TestSupport.write(dir, "keys.jsonl", String.format(line, 0, k1, 10) + String.format(line, 1, k2, 20)
                + String.format(line, 2, k2, 25));
        Path store = dir.resolve("store");
        assertEquals(0, TestSupport.cli("ingest", "-q", "-f", "json", log.toString(), "--store", store.toString()).code());
        JsonNode onStore = run("analyze", List.of(store.toString()));
        TestSupport.assertSameFigures(run("analyze", List.of(log.toString())), onStore, "analyze");
        assertEquals(2, onStore.get("requests").asLong());
        assertEquals(35, onStore.get("tokens").get("input").asLong(), "the first id's request and the second's last copy");
    }

    @Test
    void whatReadingTheLogCountedAndWarnedOfIsReportedOnTheStore() throws Exception {
        Path dir = tmp.resolve("counts");
        java.nio.file.Files.createDirectories(dir);
        // one JSON document holding two LLM calls: one line read, two requests
        Path doc = Path.of("src/test/resources/ingest/otlp_genai_spans.json");
        Path docStore = dir.resolve("doc-store");
        assertEquals(0, TestSupport.cli("ingest", "-q", "-f", "json", doc.toString(), "--store", docStore.toString()).code());
        assertEquals(run("analyze", List.of(doc.toString())).get("ingest").toPrettyString(),
                run("analyze", List.of(docStore.toString())).get("ingest").toPrettyString());
        // a timestamp without a UTC offset: parsing warns, and the store's readers warn the same
        Path log = TestSupport.write(dir, "local.jsonl", "{\"timestamp\":\"2026-10-01T08:00:00\",\"model\":\"gpt-4o-mini\","
                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":3}}\n");
        Path store = dir.resolve("store");
        assertEquals(0, TestSupport.cli("ingest", "-q", "-f", "json", log.toString(), "--store", store.toString()).code());
        JsonNode onStore = run("analyze", List.of(store.toString()));
        assertTrue(onStore.get("warnings").toString().contains("without a UTC offset"), onStore.get("warnings").toString());
        TestSupport.assertSameFigures(run("analyze", List.of(log.toString())), onStore, "analyze");
    }

    @Test
    void promptsThatHeldACredentialOrAnEmailStayOutOfTheCacheOnAKeepTextStore() throws Exception {
        Path dir = tmp.resolve("secrets");
        java.nio.file.Files.createDirectories(dir);
        // the store keeps these prompts redacted: the cache must still see they held a credential or an address
        String[] questions = {"How do I rotate my key " + StoreLogs.API_KEY + "?", "Please write to " + StoreLogs.EMAIL
                + " about the invoice", "What is a token?", "Explain caching"};
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            String q = questions[i % 4];
            b.append(String.format(java.util.Locale.ROOT, "{\"timestamp\":\"2026-10-01T00:%02d:00Z\",\"model\":\"gpt-4o-mini\","
                    + "\"request_id\":\"r%d\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}],\"response\":\"On: %s\","
                    + "\"usage\":{\"input_tokens\":100,\"output_tokens\":20}}%n", i, i, q, q));
        }
        Path log = TestSupport.write(dir, "secrets.jsonl", b.toString());
        Path store = dir.resolve("store");
        assertEquals(0, TestSupport.cli("ingest", "-q", "-f", "json", log.toString(), "--store", store.toString(), "--keep-text").code());
        JsonNode warm = run("cache-warm", List.of(store.toString()));
        assertEquals(run("cache-warm", List.of(log.toString())).toPrettyString(), warm.toPrettyString());
        assertEquals(2, warm.get("candidates").asLong(), "the two questions without a secret");
        assertEquals(withoutTimings(run("cache-warm simulate", List.of(log.toString()), "--embedder", "hash")).toPrettyString(),
                withoutTimings(run("cache-warm simulate", List.of(store.toString()), "--embedder", "hash")).toPrettyString());
    }

    @Test
    void parsingOptionsAndAStoreBesideLogsAreUsageErrors() {
        for (String[] options : List.of(new String[]{"--input-format", "csv"}, new String[]{"--default-model", "gpt-4o"},
                new String[]{"--strict"})) {
            TestSupport.Run r = runCode("analyze", List.of("--store", plain.toString()), options);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("pass it to techopt ingest"), r.err());
        }
        assertEquals(2, runCode("analyze", List.of(plain.toString(), SAMPLE)).code());
        assertEquals(2, runCode("analyze", List.of("--store", plain.toString(), SAMPLE)).code());
    }

    @Test
    void routeSimWarnsWhenRequestsWithoutATaskTypeHadNoTextToJudge() throws Exception {
        Path dir = tmp.resolve("untyped");
        java.nio.file.Files.createDirectories(dir);
        Path log = TestSupport.write(dir, "untyped.jsonl", "{\"timestamp\":\"2026-10-01T00:00:00Z\",\"model\":\"gpt-4o\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Write a function that sorts a list\"}],"
                + "\"usage\":{\"input_tokens\":100,\"output_tokens\":20}}\n");
        Path store = dir.resolve("store"), kept = dir.resolve("kept");
        assertEquals(0, TestSupport.cli("ingest", "-q", "-f", "json", log.toString(), "--store", store.toString()).code());
        assertEquals(0, TestSupport.cli("ingest", "-q", "-f", "json", log.toString(), "--store", kept.toString(), "--keep-text").code());
        TestSupport.Run r = TestSupport.cli("route-sim", "-f", "json", "--store", store.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("1 record without a known task type has no prompt text") && r.err().contains("--keep-text"), r.err());
        TestSupport.Run withText = TestSupport.cli("route-sim", "-f", "json", "--store", kept.toString());
        assertFalse(withText.err().contains("task type"), withText.err());
    }
}
