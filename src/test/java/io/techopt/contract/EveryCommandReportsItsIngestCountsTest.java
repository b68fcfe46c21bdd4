package io.techopt.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 18, keep it caught: every command that reads logs says in its JSON what ingest did with each non-empty line
 * (an {@code ingest} object, the same keys for every command), so requests + bad + duplicates + filtered + lines
 * without a request add up to the lines read, also under {@code -q}.
 */
class EveryCommandReportsItsIngestCountsTest {
    static final List<String> KEYS = List.of("lines_read", "requests_read", "bad_lines", "duplicate_request_ids",
            "filtered_requests", "ignored_lines", "estimated_requests", "bad_line_samples");

    /** The commands that read logs, with the options that let each run on the log given (hash embedder: no download). */
    static List<List<String>> commands(String experiment) {
        List<List<String>> c = new ArrayList<>(List.of(List.of("analyze"), List.of("budget"), List.of("compress", "--log"),
                List.of("cache-warm", "--dry-run", "--embedder", "hash", "--min-count", "1"),
                List.of("cache-warm", "simulate", "--embedder", "hash"), List.of("route-sim"), List.of("cost-forecast")));
        if (experiment != null) {
            c.add(List.of("ab-report", "--experiment", experiment));
        }
        return c;
    }

    @TempDir
    Path tmp;

    @Test
    void everyCommandCountsEveryLineOfARealAzureTraceWithPlantedBadRows() throws IOException {
        Path trace = shared("data/azure-llm-trace-2023/AzureLLMInferenceTrace_code.csv");
        List<String> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(trace)) {
            rows.add(r.readLine()); // header
            for (int i = 0; i < 240; i++) {
                rows.add(r.readLine());
            }
        }
        // three bad rows among real ones: cut short, a negative count, a count that is not a number
        rows.add(40, "2023-11-16 18:17:09.1000000,4808");
        rows.add(90, "2023-11-16 18:17:19.1000000,-12,10");
        rows.add(150, "2023-11-16 18:17:29.1000000,300,ten");
        Path log = Files.writeString(tmp.resolve("azure-code.csv"), String.join("\n", rows) + "\n");
        long dataRows = rows.size() - 1; // the header is no request and no bad line
        for (List<String> c : commands(null)) {
            List<String> args = new ArrayList<>(c);
            args.addAll(List.of("-f", "json", "-q", "--default-model", "gpt-4o-mini", log.toString()));
            JsonNode ingest = ingestOf(c, args);
            assertAddsUp(c, ingest, dataRows, 3, 0);
        }
    }

    @Test
    void everyCommandCountsEveryLineOfTheBundledSampleWithBadLinesAndARepeatedRequestId() throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(Path.of("samples/requests.jsonl.gz"))), StandardCharsets.UTF_8))) {
            for (int i = 0; i < 1700; i++) {
                String l = r.readLine();
                if (i >= 1300) { // around the first requests of the sample's experiment
                    lines.add(l);
                }
            }
        }
        lines.add(0, "{oops");                    // a bad first line
        lines.add(100, lines.get(50));            // the same request logged twice
        lines.add(200, "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"usage\":{\"input_tokens\":-5,\"output_tokens\":1}}");
        lines.add(300, "");                       // empty: not a line to account for
        Path log = Files.writeString(tmp.resolve("sample.jsonl"), String.join("\n", lines) + "\n");
        long nonEmpty = lines.stream().filter(l -> !l.isBlank()).count();
        for (List<String> c : commands("support-prompt-v2")) {
            List<String> args = new ArrayList<>(c);
            args.addAll(List.of("-f", "json", "-q", log.toString()));
            JsonNode ingest = ingestOf(c, args);
            assertAddsUp(c, ingest, nonEmpty, 2, -1);
            assertTrue(ingest.get("duplicate_request_ids").asLong() >= 1, c + ": " + ingest);
        }
    }

    @Test
    void underQuietARunThatSkippedBadLinesStillSaysSoOnceOnStderr() throws IOException {
        Path log = TestSupport.write(tmp, "two-bad.jsonl", TestSupport.GOOD_LINE + "\n{oops\n" + TestSupport.GOOD_LINE.replace("10:00", "10:01")
                + "\n[1,2\n");
        for (List<String> c : commands(null)) {
            List<String> args = new ArrayList<>(c);
            args.addAll(List.of("-f", "json", "-q", log.toString()));
            TestSupport.Run run = TestSupport.cli(args.toArray(String[]::new));
            assertEquals(0, run.code(), c + ": " + run.err());
            long said = run.err().lines().filter(l -> l.contains("2 bad lines skipped")).count();
            assertEquals(1, said, c + " -q must still say once that bad lines were skipped; stderr:\n" + run.err());
            assertFalse(run.err().contains("{oops"), c + ": -q lists no bad line itself: " + run.err());
        }
        Path clean = TestSupport.write(tmp, "clean.jsonl", TestSupport.GOOD_LINE + "\n");
        TestSupport.Run run = TestSupport.cli("budget", "-f", "json", "-q", clean.toString());
        assertEquals("", run.err(), "-q with nothing skipped stays silent");
    }

    private static JsonNode ingestOf(List<String> c, List<String> args) {
        TestSupport.Run run = TestSupport.cli(args.toArray(String[]::new));
        assertEquals(0, run.code(), c + ": " + run.err());
        JsonNode j = run.json();
        JsonNode ingest = j.get("ingest");
        if (ingest == null || !ingest.isObject()) {
            fail(c + " carries no ingest object in its JSON: keys " + iterable(j.fieldNames()));
        }
        for (String k : KEYS) {
            assertTrue(ingest.has(k), c + ": ingest has no " + k + ": " + ingest);
        }
        assertEquals(List.of(), JsonSchemas.violations(schema(c), j), c + " against its schema");
        return ingest;
    }

    private static String schema(List<String> c) {
        return switch (c.get(0)) {
            case "analyze" -> "analyze-logs";
            case "budget" -> "budget-log";
            case "compress" -> "compress-log";
            case "cache-warm" -> c.get(1).equals("simulate") ? "cache-warm-simulate" : "cache-warm";
            default -> c.get(0);
        };
    }

    /** Every non-empty data line is a request, a bad line, a repeat, filtered out, or holds no request. */
    private static void assertAddsUp(List<String> c, JsonNode ingest, long nonEmpty, long bad, long ignored) {
        long sum = ingest.get("requests_read").asLong() + ingest.get("bad_lines").asLong()
                + ingest.get("duplicate_request_ids").asLong() + ingest.get("filtered_requests").asLong()
                + ingest.get("ignored_lines").asLong();
        assertEquals(nonEmpty, sum, c + ": " + ingest);
        assertEquals(nonEmpty, ingest.get("lines_read").asLong(), c + ": " + ingest);
        assertEquals(bad, ingest.get("bad_lines").asLong(), c + ": " + ingest);
        assertEquals(bad, ingest.get("bad_line_samples").size(), c + ": " + ingest);
        assertEquals(0, ingest.get("filtered_requests").asLong(), c + ": no window, nothing filtered: " + ingest);
        if (ignored >= 0) {
            assertEquals(ignored, ingest.get("ignored_lines").asLong(), c + ": " + ingest);
        }
        for (JsonNode s : ingest.get("bad_line_samples")) {
            assertTrue(s.has("file") && s.get("line").asLong() > 0 && !s.get("reason").asText().isBlank(), c + ": " + s);
        }
    }

    private static String iterable(java.util.Iterator<String> it) {
        List<String> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l.toString();
    }

    /** Real data beside the project; under CI a missing copy is a failure, not a skip. */
    private static Path shared(String relative) {
        return TestSupport.shared(relative);
    }
}
