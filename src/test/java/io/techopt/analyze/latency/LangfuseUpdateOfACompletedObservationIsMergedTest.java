package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.techopt.analyze.latency.LangfuseUpdateInALaterLineTest.at;
import static io.techopt.analyze.latency.LangfuseUpdateInALaterLineTest.batch;
import static io.techopt.analyze.latency.LangfuseUpdateInALaterLineTest.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r9 #5 (still open in r11): Langfuse merges every update into its observation, later fields winning, even one
 * that comes after the observation was ended (its SDKs: {@code end()}, then {@code update(usage=…)}). A second
 * {@code generation-update} of a generation an earlier line had already completed was a bad line, its usage and level
 * lost (lf_twice: $0.0035 and status ok; by hand 2,000 × 2.5e-6 + 100 × 1e-5 = $0.0060, error). It is merged: the
 * generation is mapped again, merged, and its last copy counts, once.
 */
class LangfuseUpdateOfACompletedObservationIsMergedTest {
    @TempDir
    Path tmp;

    TestSupport.Run analyze(List<String> lines) throws Exception {
        Path f = tmp.resolve("langfuse.jsonl");
        Files.write(f, lines);
        return TestSupport.cli("analyze", "-f", "json", "--group-by", "user", f.toString());
    }

    @Test
    void aSecondUpdateOfAGenerationCompletedInAnEarlierLineIsMergedNotABadLine() throws Exception {
        // lf_twice: create S and G; update G (end, 1,000/100); update G again (2,000/100, ERROR); end S
        TestSupport.Run run = analyze(List.of(
                batch(event("trace-create", "{\"id\":\"trace-1\",\"name\":\"agent run\"}"),
                        event("span-create", "{\"id\":\"S\",\"traceId\":\"trace-1\",\"name\":\"agent step\",\"startTime\":\"" + at(0) + "\"}"),
                        event("generation-create", "{\"id\":\"G\",\"traceId\":\"trace-1\",\"parentObservationId\":\"S\",\"name\":\"chat\","
                                + "\"startTime\":\"" + at(100) + "\",\"model\":\"gpt-4o\"}")),
                batch(event("generation-update", "{\"id\":\"G\",\"traceId\":\"trace-1\",\"endTime\":\"" + at(600) + "\","
                        + "\"usageDetails\":{\"input\":1000,\"output\":100}}")),
                batch(event("generation-update", "{\"id\":\"G\",\"traceId\":\"trace-1\",\"usageDetails\":{\"input\":2000,\"output\":100},"
                        + "\"level\":\"ERROR\"}")),
                batch(event("span-update", "{\"id\":\"S\",\"traceId\":\"trace-1\",\"endTime\":\"" + at(1000) + "\"}"))));
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(0, j.get("bad_lines").asLong(), run.err());
        assertEquals(1, j.get("requests").asLong());
        assertEquals(2000 * 2.5e-6 + 100 * 10e-6, j.get("cost_usd").asDouble(), 1e-15);
        assertEquals(1, j.get("errors").asLong(), "the second update's level ERROR");
        assertEquals(500.0, j.at("/by_model/0/latency_ms/p50").asDouble(), 1e-9, "the first update's end time stays");
        JsonNode l = j.get("latency");
        assertEquals(0, l.get("malformed_spans").asLong());
        assertEquals(j.get("cost_usd").asDouble(), l.get("cost_usd").asDouble(), 1e-15);
        assertEquals(0.5, l.at("/stages/0/share_of_wall").asDouble(), 1e-12);
    }

    @Test
    void anUpdateOfAGenerationCreatedAndEndedWithinOneEarlierBatchIsMergedToo() throws Exception {
        TestSupport.Run run = analyze(List.of(
                batch(event("trace-create", "{\"id\":\"t2\",\"name\":\"chat\",\"userId\":\"u2\"}"),
                        event("generation-create", "{\"id\":\"g2\",\"traceId\":\"t2\",\"model\":\"gpt-4o\",\"startTime\":\"" + at(0)
                                + "\",\"input\":[{\"role\":\"user\",\"content\":\"hello\"}]}"),
                        event("generation-update", "{\"id\":\"g2\",\"traceId\":\"t2\",\"endTime\":\"" + at(300) + "\","
                                + "\"usageDetails\":{\"input\":1000,\"output\":100}}")),
                batch(event("generation-update", "{\"id\":\"g2\",\"traceId\":\"t2\",\"usageDetails\":{\"input\":1000,\"output\":400}}"))));
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(0, j.get("bad_lines").asLong(), run.err());
        assertEquals(1, j.get("requests").asLong());
        assertEquals(1000 * 2.5e-6 + 400 * 10e-6, j.get("cost_usd").asDouble(), 1e-15);
        assertEquals(300.0, j.at("/by_model/0/latency_ms/p50").asDouble(), 1e-9);
        assertEquals("u2", j.at("/groups/0/rows/0/key/user").asText(), "the trace's user is kept for the merged copy: " + j.get("groups"));
    }
}
