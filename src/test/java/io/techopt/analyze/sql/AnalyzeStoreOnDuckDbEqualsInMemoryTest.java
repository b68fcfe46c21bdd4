package io.techopt.analyze.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code analyze --store} computed by DuckDB queries (DuckDbAnalyze) gives the JSON of the in-memory path (the stored
 * records fed to the Analyzer, {@code --engine memory}; DuckDB's is the default), field by field: counts and words exactly, other
 * numbers to 1e-9 relative (sums added in another order, percentiles interpolated by DuckDB's formula), and meets
 * analyze's schema. The store holds the bundled sample, a generated log of four days and a later log repeating some of
 * its request ids with other tokens (the last copy wins across sources and within one), an unpriced model and a bad
 * line: the cases of the Spark job's AnalyzeJobEqualsCliAnalyzeTest.
 */
class AnalyzeStoreOnDuckDbEqualsInMemoryTest {
    @TempDir
    static Path work;
    static Path store;

    @BeforeAll
    static void ingestASampleAndAGeneratedLogWithRepeatedIds() throws Exception {
        Path generated = work.resolve("generated.jsonl");
        assertEquals(0, TestSupport.cli("samples", "generate", "--requests", "1500", "--seed", "16", "--days", "4",
                "-o", generated.toString()).code());
        List<String> lines = Files.readAllLines(generated, StandardCharsets.UTF_8);
        List<String> later = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            later.add(lines.get(i * 97).replaceFirst("\"output_tokens\":\\d+", "\"output_tokens\":" + (7 + i)));
        }
        later.add(lines.get(0).replace("\"status\":\"ok\"", "\"status\":\"error\",\"error\":\"rate limited: retry later\""));
        later.add(lines.get(97).replaceFirst("\"latency_ms\":[0-9.]+", "\"latency_ms\":12345.5"));
        later.add(lines.get(5).replaceFirst("\"request_id\":\"[^\"]+\"", "\"request_id\":\"req-unpriced\"")
                .replaceFirst("\"model\":\"[^\"]+\"", "\"model\":\"acme-unknown-7\""));
        later.add("{\"request_id\": \"broken"); // a bad line: ingest skips it, analyze says so
        Path repeated = Files.write(work.resolve("later.jsonl"), later, StandardCharsets.UTF_8);
        store = work.resolve("store");
        TestSupport.Run r = TestSupport.cli("ingest", "-q", "-f", "json", "--store", store.toString(),
                "samples/requests.jsonl.gz", generated.toString(), repeated.toString());
        assertEquals(0, r.code(), r.err());
    }

    /**
     * The JSON of the in-memory path (--engine memory), then the default's, for the same options; asserts the default
     * ran DuckDB's queries and the in-memory path did not.
     */
    private static JsonNode[] inMemoryAndOnDuckDb(String... options) {
        List<String> args = new ArrayList<>(List.of("analyze", "-q", "-f", "json", "--store", store.toString()));
        args.addAll(List.of(options));
        long runs = DuckDbAnalyze.RUNS.get();
        List<String> inMemory = new ArrayList<>(args);
        inMemory.addAll(List.of("--engine", "memory"));
        TestSupport.Run records = TestSupport.cli(inMemory.toArray(String[]::new));
        assertEquals(runs, DuckDbAnalyze.RUNS.get(), "the in-memory path ran DuckDB's");
        TestSupport.Run sql = TestSupport.cli(args.toArray(String[]::new));
        assertEquals(runs + 1, DuckDbAnalyze.RUNS.get(), "analyze --store ran its DuckDB queries by default");
        assertEquals(0, records.code(), records.err());
        assertEquals(0, sql.code(), sql.err());
        assertEquals(records.err(), sql.err(), "stderr");
        return new JsonNode[]{records.json(), sql.json()};
    }

    @Test
    void theWholeStoreGivesTheInMemoryJson() {
        JsonNode[] both = inMemoryAndOnDuckDb();
        JsonNode expected = both[0];
        assertTrue(expected.get("duplicate_request_ids").asLong() >= 27, "repeated ids: " + expected.get("duplicate_request_ids"));
        assertTrue(expected.get("errors").asLong() > 0 && expected.get("sessions").get("sessions").asLong() > 0
                && expected.get("unpriced_models").size() > 0 && expected.get("bad_lines").asLong() >= 1,
                () -> "the store has errors, sessions, unpriced models and a bad line: " + expected.get("errors") + " "
                        + expected.get("sessions") + " " + expected.get("unpriced_models") + " " + expected.get("bad_lines"));
        assertTrue(expected.get("savings").get(1).get("requests").asLong() > 0, "prompt cache hits: " + expected.get("savings"));
        assertJsonEquals(expected, both[1]);
    }

    @Test
    void groupTablesTopsLeverOptionsAWindowAndAPriceDateGiveTheInMemoryJson() {
        JsonNode[] both = inMemoryAndOnDuckDb("-g", "model", "-g", "provider,team+model", "-g", "day", "-g", "session,user",
                "--top", "3", "--cache-ttl", "1h", "--batchable", "chat,Summarization", "--since", "2026-10-02",
                "--until", "2026-10-05T12:00:00Z", "--price-date", "2026-06-01");
        JsonNode expected = both[0];
        assertEquals(6, expected.get("groups").size());
        assertTrue(expected.get("groups").get(3).get("rows").size() > 3, "every day, untruncated");
        assertTrue(expected.get("groups").get(4).get("rows").get(3).get("key").get("session").asText().endsWith("more)"),
                "sessions beyond --top summed in one row");
        assertTrue(expected.get("filtered_requests").asLong() > 0, "requests outside the window");
        assertTrue(expected.get("savings").get(2).get("requests").asLong() > 0, "batchable requests: " + expected.get("savings"));
        assertJsonEquals(expected, both[1]);
    }

    @Test
    void aWindowWithoutRequestsGivesTheInMemoryNullFiguresAndNotes() {
        JsonNode[] both = inMemoryAndOnDuckDb("--since", "2030-01-01");
        assertTrue(both[0].get("cost_usd").isNull());
        assertJsonEquals(both[0], both[1]);
    }

    /** The same JSON up to last digits (TestSupport#assertSameFigures), and analyze's schema. */
    static void assertJsonEquals(JsonNode expected, JsonNode actual) {
        TestSupport.assertSameFigures(expected, actual, "analyze --store on DuckDB");
        List<String> violations = io.techopt.report.JsonKinds.violations("analyze-logs", actual);
        assertTrue(violations.isEmpty(), () -> "analyze's schema: " + violations);
    }
}
