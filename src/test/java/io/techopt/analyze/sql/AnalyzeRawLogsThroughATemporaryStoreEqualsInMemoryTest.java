package io.techopt.analyze.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * analyze on raw logs through a temporary store (issue #14 item 5: {@code --engine duckdb}; auto keeps raw logs in memory)
 * gives the in-memory path's JSON and stderr: the same warnings and bad lines with their line numbers, counts and
 * words exactly, other numbers to 1e-9 relative (DuckDB adds up in another order); and leaves no temporary store behind,
 * after a run or a failing one.
 */
class AnalyzeRawLogsThroughATemporaryStoreEqualsInMemoryTest {
    @TempDir
    Path work;
    /** java.io.tmpdir of each run: where the temporary store is made, checked empty after. */
    Path tmp;
    private String tmpBefore;

    @BeforeEach
    void ownTmpDir() throws IOException {
        tmp = Files.createDirectories(work.resolve("tmp"));
        tmpBefore = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
    }

    @AfterEach
    void restoreTmpDir() {
        System.setProperty("java.io.tmpdir", tmpBefore);
    }

    /** In memory, then through a temporary store: both exit 0 with the same stderr; DuckDbAnalyze ran for the second. */
    private JsonNode[] inMemoryAndThroughAStore(String... args) throws IOException {
        List<String> memory = new ArrayList<>(List.of("analyze", "-f", "json", "--engine", "memory"));
        memory.addAll(List.of(args));
        List<String> duckdb = new ArrayList<>(List.of("analyze", "-f", "json", "--engine", "duckdb"));
        duckdb.addAll(List.of(args));
        long runs = DuckDbAnalyze.RUNS.get();
        TestSupport.Run m = TestSupport.cli(memory.toArray(String[]::new));
        assertEquals(runs, DuckDbAnalyze.RUNS.get(), "--engine memory ran DuckDB's queries");
        TestSupport.Run d = TestSupport.cli(duckdb.toArray(String[]::new));
        assertEquals(runs + 1, DuckDbAnalyze.RUNS.get(), "--engine duckdb ran DuckDB's queries");
        assertEquals(0, m.code(), m.err());
        assertEquals(0, d.code(), d.err());
        assertEquals(withoutTimings(m.err()), withoutTimings(d.err()), "stderr");
        assertNoTemporaryStoreLeft();
        return new JsonNode[]{m.json(), d.json()};
    }

    /**
     * stderr without the progress summary a run slower than a few seconds ends with (its timings differ; one log's or
     * several's: "reading 24 logs 0.1 MB in 2.8 s (0.034 MB/s)" under load).
     */
    private static String withoutTimings(String err) {
        return err.replaceAll("(?m)^techopt: analyze-logs: reading .* in (all|[0-9.]+ s \\(.*\\))\\R", "");
    }

    private void assertNoTemporaryStoreLeft() throws IOException {
        try (Stream<Path> left = Files.list(tmp)) {
            List<Path> l = left.filter(p -> p.getFileName().toString().startsWith("techopt-")).toList();
            assertTrue(l.isEmpty(), "left in java.io.tmpdir: " + l);
        }
    }

    private static void assertJsonEquals(JsonNode expected, JsonNode actual) {
        AnalyzeStoreOnDuckDbEqualsInMemoryTest.assertJsonEquals(expected, actual);
    }

    @Test
    void theBundledSampleGivesTheInMemoryJson() throws IOException {
        JsonNode[] both = inMemoryAndThroughAStore("samples/requests.jsonl.gz");
        assertTrue(both[0].get("requests").asLong() == 3000 && both[0].get("savings").get(1).get("requests").asLong() > 0,
                "the sample's requests and prompt-cache hits: " + both[0].get("requests") + " " + both[0].get("savings"));
        assertJsonEquals(both[0], both[1]);
    }

    /**
     * A generated log, then a log repeating some of its request ids (the last copy counts), an unpriced model and bad
     * lines, read as a directory and gzip; with group tables, a window and a price date.
     */
    @Test
    void repeatedIdsBadLinesAWindowAndGroupTablesGiveTheInMemoryJsonAndWarnings() throws Exception {
        Path dir = Files.createDirectories(work.resolve("logs"));
        Path generated = dir.resolve("a-generated.jsonl");
        assertEquals(0, TestSupport.cli("samples", "generate", "--requests", "1500", "--seed", "18", "--days", "4",
                "-o", generated.toString()).code());
        List<String> lines = Files.readAllLines(generated, StandardCharsets.UTF_8);
        List<String> later = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            later.add(lines.get(i * 97).replaceFirst("\"output_tokens\":\\d+", "\"output_tokens\":" + (7 + i)));
        }
        later.add("{\"request_id\": \"broken"); // line 11: a bad line, reported with its line number
        later.add(lines.get(5).replaceFirst("\"request_id\":\"[^\"]+\"", "\"request_id\":\"req-unpriced\"")
                .replaceFirst("\"model\":\"[^\"]+\"", "\"model\":\"acme-unknown-7\""));
        later.add("not json at all sk-ant-api03-" + "A".repeat(40)); // a secret on a bad line: redacted on both paths
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(dir.resolve("b-later.jsonl.gz")))) {
            out.write(String.join("\n", later).getBytes(StandardCharsets.UTF_8));
        }
        JsonNode[] both = inMemoryAndThroughAStore(dir.toString());
        JsonNode e = both[0];
        assertTrue(e.get("duplicate_request_ids").asLong() >= 10 && e.get("bad_lines").asLong() == 2
                        && e.get("unpriced_models").size() > 0,
                () -> "repeats, bad lines, an unpriced model: " + e.get("duplicate_request_ids") + " " + e.get("bad_lines")
                        + " " + e.get("unpriced_models"));
        assertEquals(2, e.get("ingest").get("bad_line_samples").size(), e.get("ingest").toString());
        assertTrue(both[1].toString().contains("\"line\":11") && !both[1].toString().contains("sk-ant-api03"),
                both[1].get("ingest").toString());
        assertJsonEquals(e, both[1]);

        JsonNode[] windowed = inMemoryAndThroughAStore("-g", "model", "-g", "team+model", "-g", "day", "--top", "3",
                "--since", "2026-10-02", "--until", "2026-10-04T12:00:00Z", "--price-date", "2026-06-01",
                dir.toString());
        assertTrue(windowed[0].get("filtered_requests").asLong() > 0, "requests outside the window");
        assertEquals(3, windowed[0].get("groups").size());
        assertJsonEquals(windowed[0], windowed[1]);
    }

    @Test
    void standardInputGivesTheInMemoryJson() throws IOException {
        byte[] log = Files.readAllBytes(Path.of("samples/requests.jsonl.gz"));
        JsonNode[] both = new JsonNode[2];
        InputStream before = System.in;
        try {
            System.setIn(new ByteArrayInputStream(log));
            JsonNode[] m = new JsonNode[1];
            System.setIn(new ByteArrayInputStream(log));
            long runs = DuckDbAnalyze.RUNS.get();
            TestSupport.Run mem = TestSupport.cli("analyze", "-q", "-f", "json", "--engine", "memory", "-");
            System.setIn(new ByteArrayInputStream(log));
            TestSupport.Run duck = TestSupport.cli("analyze", "-q", "-f", "json", "--engine", "duckdb", "-");
            assertEquals(runs + 1, DuckDbAnalyze.RUNS.get());
            assertEquals(0, mem.code(), mem.err());
            assertEquals(0, duck.code(), duck.err());
            both[0] = mem.json();
            both[1] = duck.json();
        } finally {
            System.setIn(before);
        }
        assertEquals(3000, both[0].get("requests").asLong());
        assertJsonEquals(both[0], both[1]);
        assertNoTemporaryStoreLeft();
    }

    @Test
    void realLogsOfEveryKindGiveTheInMemoryJson() throws IOException {
        for (String[] args : List.of(
                new String[]{TestSupport.shared("data/litellm-logs").toString()},
                new String[]{TestSupport.shared("data/litellm-logs/langfuse_expected_request_body").toString()},
                new String[]{TestSupport.shared("data/azure-llm-trace-2023/AzureLLMInferenceTrace_code.csv").toString()},
                new String[]{TestSupport.shared("data/mooncake-trace/conversation_trace.jsonl").toString(),
                        "--default-model", "gpt-4o-mini"})) {
            JsonNode[] both = inMemoryAndThroughAStore(args);
            assertTrue(both[0].get("requests").asLong() > 0, args[0] + ": " + both[0].get("requests"));
            assertJsonEquals(both[0], both[1]);
        }
    }

    /** A run that reads nothing (every line bad) fails as in memory, and its temporary store is gone too. */
    @Test
    void aFailingRunLeavesNoTemporaryStore() throws IOException {
        Path bad = TestSupport.write(work, "bad.jsonl", "{\"request_id\": \"broken\nnot json\n");
        long runs = DuckDbAnalyze.RUNS.get();
        TestSupport.Run m = TestSupport.cli("analyze", "-q", "-f", "json", "--engine", "memory", bad.toString());
        TestSupport.Run d = TestSupport.cli("analyze", "-q", "-f", "json", "--engine", "duckdb", bad.toString());
        assertTrue(m.code() != 0, m.err());
        assertEquals(m.code(), d.code(), d.err());
        assertEquals(m.err(), d.err());
        assertEquals(runs, DuckDbAnalyze.RUNS.get(), "nothing read, nothing queried");
        assertNoTemporaryStoreLeft();
    }

    /** auto keeps small logs in memory; duckdb refuses the options that read requests one by one (exit 2). */
    @Test
    void autoKeepsASmallLogInMemoryAndDuckdbRefusesThePlan() throws IOException {
        long runs = DuckDbAnalyze.RUNS.get();
        assertEquals(0, TestSupport.cli("analyze", "-q", "-f", "json", "samples/requests.jsonl.gz").code());
        assertEquals(runs, DuckDbAnalyze.RUNS.get(), "auto on a 0.4 MB gzip log ran DuckDB");
        TestSupport.Run plan = TestSupport.cli("analyze", "-q", "-f", "json", "--engine", "duckdb", "--plan",
                "samples/requests.jsonl.gz");
        assertEquals(2, plan.code(), plan.err());
        assertTrue(plan.err().contains("--engine duckdb cannot take --plan"), plan.err());
        assertNoTemporaryStoreLeft();
    }
    /**
     * auto takes the temporary store when the logs hold more requests than the in-memory table takes under the heap (a
     * 5M-request log ran the 768 MB heap out of memory; 3M peaked at 883 MB RSS): here the limit is set to 2,000 and
     * the sample's 3,015 lines pass it. Standard input and --plan stay in memory.
     */
    @Test
    void autoTakesATemporaryStoreForLogsAboveTheInMemoryLimit() throws IOException {
        String before = System.getProperty("techopt.memoryEngineMaxRequests");
        System.setProperty("techopt.memoryEngineMaxRequests", "2000");
        try {
            long runs = DuckDbAnalyze.RUNS.get();
            TestSupport.Run auto = TestSupport.cli("analyze", "-f", "json", "samples/requests.jsonl.gz");
            assertEquals(0, auto.code(), auto.err());
            assertEquals(runs + 1, DuckDbAnalyze.RUNS.get(), "auto above the limit ran DuckDB's queries");
            assertTrue(auto.err().contains("the logs hold about 3,015 requests (from their first megabytes), more than the "
                    + "2,000 the in-memory table takes under this heap: analyzing them through a temporary store"), auto.err());
            TestSupport.Run memory = TestSupport.cli("analyze", "-f", "json", "-q", "--engine", "memory", "samples/requests.jsonl.gz");
            assertJsonEquals(memory.json(), auto.json());
            assertNoTemporaryStoreLeft();

            TestSupport.Run plan = TestSupport.cli("analyze", "-q", "-f", "json", "--plan", "samples/requests.jsonl.gz");
            assertEquals(0, plan.code(), plan.err());
            assertEquals(runs + 1, DuckDbAnalyze.RUNS.get(), "--plan reads the requests one by one, in memory");
        } finally {
            if (before == null) {
                System.clearProperty("techopt.memoryEngineMaxRequests");
            } else {
                System.setProperty("techopt.memoryEngineMaxRequests", before);
            }
        }
    }
}
