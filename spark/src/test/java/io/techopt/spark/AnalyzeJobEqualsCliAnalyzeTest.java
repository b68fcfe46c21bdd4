package io.techopt.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AnalyzeJob's JSON (analyze's figures computed by Spark SQL) equals {@code techopt analyze --store}'s on the same store,
 * field by field (counts and words exactly, every other number to 1e-9 relative), and meets analyze's JSON schema: on a
 * store of the bundled sample, a generated log of four days and a later log repeating some of its request ids with other
 * tokens (the last copy wins across sources) and a bad line, with errors, sessions, unpriced and batch requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyzeJobEqualsCliAnalyzeTest {
    @TempDir
    static Path work;
    SparkSession spark;
    Path store;

    @BeforeAll
    void ingestASampleAndAGeneratedLogWithRepeatedIds() throws Exception {
        CompletableFuture<SparkSession> session = CompletableFuture.supplyAsync(SparkTests::session); // starts beside the CLI
        Path generated = work.resolve("generated.jsonl");
        SparkTests.cli(work, "samples", "generate", "--requests", "1500", "--seed", "16", "--days", "4", "-o", generated.toString());
        List<String> lines = Files.readAllLines(generated, StandardCharsets.UTF_8);
        // a later log: ten requests of the first logged again with other tokens and an error (their last copies count),
        // two of them twice in it (the later row wins within a source too), and a request of an unpriced model
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
        // a Langfuse generation created in one log and ended, with its usage, by an update in the next (review rev24
        // HIGH-1): the update merges into the stored create, whose row the manifest lists as replaced (read by neither)
        Path created = Files.writeString(work.resolve("langfuse-a.jsonl"), "{\"batch\": [{\"id\": \"e1\", \"type\": "
                + "\"generation-create\", \"timestamp\": \"2026-10-02T10:00:00.000Z\", \"body\": {\"id\": \"lf-gen-1\", "
                + "\"traceId\": \"lf-trace-1\", \"startTime\": \"2026-10-02T10:00:00.000Z\", \"model\": \"gpt-4o\", "
                + "\"input\": [{\"role\": \"user\", \"content\": \"Summarize the refund policy in two sentences.\"}]}}]}\n");
        Path updated = Files.writeString(work.resolve("langfuse-b.jsonl"), "{\"batch\": [{\"id\": \"e2\", \"type\": "
                + "\"generation-update\", \"timestamp\": \"2026-10-02T10:00:02.000Z\", \"body\": {\"id\": \"lf-gen-1\", "
                + "\"endTime\": \"2026-10-02T10:00:02.000Z\", \"usage\": {\"input\": 1200, \"output\": 450}}}]}\n");
        store = work.resolve("store");
        SparkTests.cli(work, "ingest", "-q", "-f", "json", "--store", store.toString(),
                SparkTests.ROOT.resolve("samples/requests.jsonl.gz").toString(), generated.toString(), repeated.toString(),
                created.toString(), updated.toString());
        spark = session.join();
    }

    private JsonNode job(AnalyzeJob.Options o) throws Exception {
        return SparkTests.JSON.readTree(AnalyzeJob.json(AnalyzeJob.run(spark, o)));
    }

    /** The CLI's JSON and the job's for the same options: the CLI's JVM runs beside the job, not after it. */
    private JsonNode[] cliAndJob(AnalyzeJob.Options o, String... options) throws Exception {
        CompletableFuture<JsonNode> expected = CompletableFuture.supplyAsync(() -> {
            try {
                return cli(options);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        JsonNode actual = job(o);
        try {
            return new JsonNode[]{expected.join(), actual};
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    private JsonNode cli(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("analyze", "-q", "-f", "json", "--store", store.toString()));
        args.addAll(List.of(options));
        return SparkTests.JSON.readTree(SparkTests.cli(work, args.toArray(new String[0])));
    }

    private static void assertSchemaValid(JsonNode doc) {
        List<String> violations = io.techopt.report.JsonKinds.violations("analyze-logs", doc);
        assertTrue(violations.isEmpty(), () -> "analyze's schema: " + violations);
    }

    @Test
    void theWholeStoreGivesAnalyzesJson() throws Exception {
        JsonNode[] both = cliAndJob(new AnalyzeJob.Options(store.toString(), null, null, List.of(), 25,
                Prices.of(List.of(), null), null, 5 * 60_000L));
        JsonNode expected = both[0], actual = both[1];
        assertTrue(expected.get("duplicate_request_ids").asLong() >= 27, "repeated ids: " + expected.get("duplicate_request_ids"));
        assertTrue(expected.get("errors").asLong() > 0 && expected.get("sessions").get("sessions").asLong() > 0
                && expected.get("unpriced_models").size() > 0, "the store has errors, sessions and unpriced models");
        assertTrue(expected.get("savings").get(1).get("requests").asLong() > 0, "prompt cache hits: " + expected.get("savings"));
        SparkTests.assertJsonEquals(expected, actual, Set.of());
        assertSchemaValid(actual);
    }

    @Test
    void groupTablesTopsLeverOptionsAWindowAndAPriceDateGiveAnalyzesJson() throws Exception {
        JsonNode[] both = cliAndJob(new AnalyzeJob.Options(store.toString(), "2026-10-02", "2026-10-05T12:00:00Z",
                        List.of("model", "provider,team+model", "day", "session,user"), 3, Prices.of(List.of(), "2026-06-01"),
                        List.of("chat", "Summarization"), 60 * 60_000L),
                "-g", "model", "-g", "provider,team+model", "-g", "day", "-g", "session,user", "--top", "3",
                "--cache-ttl", "1h", "--batchable", "chat,Summarization", "--since", "2026-10-02",
                "--until", "2026-10-05T12:00:00Z", "--price-date", "2026-06-01");
        JsonNode expected = both[0], actual = both[1];
        assertEquals(6, expected.get("groups").size());
        assertTrue(expected.get("groups").get(3).get("rows").size() > 3, "every day, untruncated");
        assertTrue(expected.get("filtered_requests").asLong() > 0, "requests outside the window");
        SparkTests.assertJsonEquals(expected, actual, Set.of());
        assertSchemaValid(actual);
    }

    @Test
    void aWindowWithoutRequestsGivesAnalyzesNullFiguresAndNotes() throws Exception {
        JsonNode[] both = cliAndJob(new AnalyzeJob.Options(store.toString(), "2030-01-01", null, List.of(), 25,
                Prices.of(List.of(), null), null, 5 * 60_000L), "--since", "2030-01-01");
        JsonNode expected = both[0], actual = both[1];
        assertTrue(((ObjectNode) expected).get("cost_usd").isNull());
        SparkTests.assertJsonEquals(expected, actual, Set.of());
        assertSchemaValid(actual);
    }
}
