package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Langfuse SDKs flush a long call as a {@code generation-create} (start, model, input) in one ingestion batch and its
 * {@code generation-update} (end, usage, cost, level) in a later one. The update is merged into the observation
 * created earlier in the input, whichever line or file it is in, as updates within one batch are.
 */
class LangfuseUpdateInALaterLineTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path tmp;

    static String at(long ms) {
        return T0.plusMillis(ms).toString();
    }

    static String batch(String... events) {
        return "{\"batch\":[" + String.join(",", events) + "],\"metadata\":{\"sdk_name\":\"python\"}}";
    }

    static String event(String type, String body) {
        return "{\"id\":\"ev-" + Math.abs(body.hashCode()) + "\",\"type\":\"" + type + "\",\"timestamp\":\"" + at(0)
                + "\",\"body\":" + body + "}";
    }

    static List<String> generationCreatedThenUpdatedInTheNextBatch() {
        return List.of(
                batch(event("trace-create", "{\"id\":\"t1\",\"name\":\"chat\",\"userId\":\"u1\"}"),
                        event("generation-create", "{\"id\":\"g1\",\"traceId\":\"t1\",\"name\":\"answer\",\"model\":\"gpt-4o\","
                                + "\"startTime\":\"" + at(0) + "\",\"input\":[{\"role\":\"user\",\"content\":\"hello there\"}]}")),
                batch(event("generation-update", "{\"id\":\"g1\",\"traceId\":\"t1\",\"endTime\":\"" + at(500) + "\","
                        + "\"output\":{\"role\":\"assistant\",\"content\":\"hi\"},\"usageDetails\":{\"input\":1000,\"output\":200},"
                        + "\"level\":\"ERROR\",\"statusMessage\":\"upstream 500\"}")));
    }

    JsonNode analyze(List<String> lines) throws Exception {
        Path f = tmp.resolve("langfuse.jsonl");
        Files.write(f, lines);
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
        assertEquals(0, run.code(), run.err());
        return run.json();
    }

    @Test
    void aGenerationUpdateInALaterBatchIsMergedIntoItsRequestNotABadLine() throws Exception {
        JsonNode j = analyze(generationCreatedThenUpdatedInTheNextBatch());
        assertEquals(0, j.get("bad_lines").asLong(), j.toString());
        assertEquals(1, j.get("requests").asLong());
        assertEquals(0, j.get("duplicate_request_ids").asLong());
        // the update's usage, not tokens counted from the text
        assertEquals(1000, j.at("/tokens/input").asLong());
        assertEquals(200, j.at("/tokens/output").asLong());
        assertEquals(1000 * 2.5e-6 + 200 * 10e-6, j.get("cost_usd").asDouble(), 1e-15);
        assertEquals(1, j.get("errors").asLong(), "the update's level ERROR");
        assertEquals(500.0, j.at("/by_model/0/latency_ms/p50").asDouble(), 1e-9);
    }

    @Test
    void aGenerationUpdateInALaterBatchGivesTheSpanItsEndInsteadOfAMalformedSpan() throws Exception {
        JsonNode lat = analyze(generationCreatedThenUpdatedInTheNextBatch()).get("latency");
        assertEquals(0, lat.get("malformed_spans").asLong(), lat.toString());
        assertEquals(1, lat.get("spans").asLong());
        assertEquals(500.0, lat.get("wall_ms").asDouble(), 1e-9);
        assertEquals(1.0, lat.at("/slowest_traces/0/wall_share/llm").asDouble(), 0);
        assertEquals(1000 * 2.5e-6 + 200 * 10e-6, lat.get("cost_usd").asDouble(), 1e-15);
    }

    @Test
    void aSpanEndedByAnUpdateInAnotherFileIsMappedWithItsChildren() throws Exception {
        // root span [0, 1000) created in file a, ended in file b; its generation [100, 600) complete in file a
        Path a = TestSupport.write(tmp, "a.jsonl", batch(
                event("span-create", "{\"id\":\"root\",\"traceId\":\"t2\",\"name\":\"agent\",\"startTime\":\"" + at(0) + "\"}"),
                event("generation-create", "{\"id\":\"g2\",\"traceId\":\"t2\",\"parentObservationId\":\"root\",\"model\":\"gpt-4o\","
                        + "\"startTime\":\"" + at(100) + "\",\"endTime\":\"" + at(600) + "\",\"usageDetails\":{\"input\":10,\"output\":5}}"))
                + "\n");
        Path b = TestSupport.write(tmp, "b.jsonl", batch(
                event("span-update", "{\"id\":\"root\",\"traceId\":\"t2\",\"endTime\":\"" + at(1000) + "\"}")) + "\n");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", a.toString(), b.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode lat = run.json().get("latency");
        assertEquals(0, lat.get("malformed_spans").asLong(), lat.toString());
        JsonNode t = lat.at("/slowest_traces/0");
        assertEquals(2, t.get("spans").asLong());
        assertEquals(1000.0, t.get("wall_ms").asDouble(), 1e-9);
        assertEquals(0.5, t.at("/wall_share/llm").asDouble(), 1e-12);
        assertEquals(0.5, t.at("/wall_share/other").asDouble(), 1e-12);
    }

    @Test
    void anUpdateWithNoCreateAnywhereIsStillReportedWithItsOwnLine() throws Exception {
        List<String> lines = List.of(
                batch(event("trace-create", "{\"id\":\"t3\",\"name\":\"x\"}")),
                batch(event("generation-update", "{\"id\":\"ghost\",\"traceId\":\"t3\",\"endTime\":\"" + at(5) + "\","
                        + "\"usageDetails\":{\"input\":1,\"output\":1}}")),
                generationCreatedThenUpdatedInTheNextBatch().get(0), generationCreatedThenUpdatedInTheNextBatch().get(1));
        Path f = tmp.resolve("orphan.jsonl");
        Files.write(f, lines);
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", f.toString());
        JsonNode j = run.json();
        assertEquals(1, j.get("requests").asLong());
        assertEquals(1, j.get("bad_lines").asLong());
        assertTrue(run.err().contains("orphan.jsonl:2:"), run.err());
        assertTrue(run.err().contains("no create"), run.err());
    }
}
