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
 * A Langfuse observation updated after it was completed (LangfuseUpdateOfACompletedObservationIsMergedTest) is mapped
 * again, merged, and its last copy counts: it is one observation updated, not a request or span logged twice, so
 * duplicate_request_ids and latency.repeated_spans stay 0 (they were 1 each). A complete generation logged in two
 * files is still a repeat.
 */
class ALangfuseUpdateIsNotARepeatedRequestTest {
    @TempDir
    Path tmp;

    static List<String> updatedAfterItsEnd() {
        return List.of(
                batch(event("trace-create", "{\"id\":\"trace-1\",\"name\":\"agent run\"}"),
                        event("span-create", "{\"id\":\"S\",\"traceId\":\"trace-1\",\"name\":\"agent step\",\"startTime\":\"" + at(0) + "\"}"),
                        event("generation-create", "{\"id\":\"G\",\"traceId\":\"trace-1\",\"parentObservationId\":\"S\",\"name\":\"chat\","
                                + "\"startTime\":\"" + at(100) + "\",\"model\":\"gpt-4o\"}")),
                batch(event("generation-update", "{\"id\":\"G\",\"traceId\":\"trace-1\",\"endTime\":\"" + at(600) + "\","
                        + "\"usageDetails\":{\"input\":1000,\"output\":100}}")),
                batch(event("generation-update", "{\"id\":\"G\",\"traceId\":\"trace-1\",\"usageDetails\":{\"input\":2000,\"output\":100}}")),
                batch(event("span-update", "{\"id\":\"S\",\"traceId\":\"trace-1\",\"endTime\":\"" + at(1000) + "\"}")),
                batch(event("span-update", "{\"id\":\"S\",\"traceId\":\"trace-1\",\"metadata\":{\"k\":\"v\"}}")));
    }

    JsonNode analyze(Path... files) throws Exception {
        String[] args = new String[files.length + 3];
        args[0] = "analyze";
        args[1] = "-f";
        args[2] = "json";
        for (int i = 0; i < files.length; i++) {
            args[3 + i] = files[i].toString();
        }
        TestSupport.Run run = TestSupport.cli(args);
        assertEquals(0, run.code(), run.err());
        return run.json();
    }

    @Test
    void aGenerationAndASpanUpdatedAfterTheirEndAreNeitherRepeatedRequestsNorRepeatedSpans() throws Exception {
        Path f = tmp.resolve("langfuse.jsonl");
        Files.write(f, updatedAfterItsEnd());
        JsonNode j = analyze(f);
        assertEquals(1, j.get("requests").asLong());
        assertEquals(2000 * 2.5e-6 + 100 * 10e-6, j.get("cost_usd").asDouble(), 1e-15, "the update's usage counts");
        assertEquals(0, j.get("duplicate_request_ids").asLong());
        assertEquals(1, j.at("/ingest/requests_read").asLong(), "the update replaces the request read, adds none");
        assertEquals(0, j.at("/latency/repeated_spans").asLong());
        assertTrue(!j.at("/latency/notes").toString().contains("repeated a trace and span id"), j.at("/latency/notes").toString());
        assertEquals(j.get("cost_usd").asDouble(), j.at("/latency/cost_usd").asDouble(), 1e-15);
    }

    @Test
    void theSameCompleteGenerationInTwoFilesIsStillARepeat() throws Exception {
        // as two of the real Langfuse batches in ../shared/data carry one generation: logged twice, counted once
        String line = batch(event("trace-create", "{\"id\":\"t2\",\"name\":\"chat\"}"),
                event("generation-create", "{\"id\":\"g2\",\"traceId\":\"t2\",\"model\":\"gpt-4o\",\"startTime\":\"" + at(0)
                        + "\",\"endTime\":\"" + at(300) + "\",\"usageDetails\":{\"input\":1000,\"output\":100}}"));
        Path a = tmp.resolve("a.jsonl"), b = tmp.resolve("b.jsonl");
        Files.write(a, List.of(line));
        Files.write(b, List.of(line));
        JsonNode j = analyze(a, b);
        assertEquals(1, j.get("requests").asLong());
        assertEquals(1, j.get("duplicate_request_ids").asLong());
        assertEquals(1, j.at("/latency/repeated_spans").asLong());
    }

    @Test
    void theStoreCountsTheUpdateAsAnalyzeDoes() throws Exception {
        // techopt ingest counts repeats in its store (copies of a request key): the update is not one there either
        Path f = tmp.resolve("langfuse.jsonl");
        Files.write(f, updatedAfterItsEnd());
        TestSupport.Run run = TestSupport.cli("ingest", "-q", "-f", "json", f.toString(), "--store", tmp.resolve("store").toString());
        assertEquals(0, run.code(), run.err());
        JsonNode in = run.json().get("ingest");
        assertEquals(1, in.get("requests_read").asLong(), in.toString());
        assertEquals(0, in.get("duplicate_request_ids").asLong(), in.toString());
    }
}
