package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.techopt.analyze.latency.LatencyMapCliTest.chat;
import static io.techopt.analyze.latency.LatencyMapCliTest.span;
import static io.techopt.analyze.latency.OtelRequestsAreKeyedOnTraceAndSpanIdTest.withResponseId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r12 #4: Ollama (and others) draw gen_ai.response.id from a small space (chatcmpl-0..998), so a long agent
 * trace holds distinct calls under one response id. Keying a request on trace and response id alone merged them
 * (o6_ollama_agent: 2,000 calls of $0.0035, analyze 1,824 requests $6.384). Two spans with one response id are one
 * call exported twice only when they overlap in time or one is the other's parent; otherwise two requests.
 */
class AResponseIdReusedInATraceIsTwoCallsUnlessTheSpansOverlapTest {
    static final double CALL = 1000 * 2.5e-6 + 100 * 10e-6; // gpt-4o, 1,000 in / 100 out: $0.0035
    static final String T = "d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5";

    @TempDir
    Path tmp;

    JsonNode analyze(List<String> lines) throws Exception {
        return TraceRuns.analyze(tmp, "traces.jsonl", lines, "-q");
    }

    @Test
    void twoCallsOneAfterTheOtherUnderOneResponseIdAreTwoRequests() throws Exception {
        JsonNode j = analyze(List.of(span(T, "r", null, "agent", 0, 2000),
                withResponseId(chat(T, "a", "r", 0, 500, 1000, 100), "chatcmpl-7"),
                withResponseId(chat(T, "b", "r", 600, 1100, 1000, 100), "chatcmpl-7")));
        assertEquals(2, j.get("requests").asLong());
        assertEquals(0, j.get("duplicate_request_ids").asLong());
        assertEquals(2 * CALL, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals(2 * CALL, j.at("/latency/cost_usd").asDouble(), 1e-12, "the map agrees with analyze");
        assertTrue(!j.at("/latency/notes").toString().contains("repeats a call"), j.at("/latency/notes").toString());
    }

    /**
     * Review r14 #10: two parallel sibling calls (asyncio.gather) that drew the same id overlap in time; merged as one
     * call, the second's tokens and cost were lost. Overlap alone means the same call exported twice only when the
     * two spans carry the same usage; siblings of different usage are two calls.
     */
    @Test
    void twoParallelSiblingCallsOfDifferentUsageUnderOneResponseIdAreTwoRequests() throws Exception {
        JsonNode j = analyze(List.of(span(T, "r", null, "workflow", 0, 1200),
                withResponseId(chat(T, "a", "r", 100, 900, 1000, 100), "chatcmpl-7"),
                withResponseId(chat(T, "b", "r", 200, 1000, 3000, 300), "chatcmpl-7")));
        assertEquals(2, j.get("requests").asLong());
        assertEquals(4 * CALL, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals(4 * CALL, j.at("/latency/cost_usd").asDouble(), 1e-12, "the map agrees with analyze");
        // the same usage, overlapping: one call exported twice (two exporters), counted once
        JsonNode twice = analyze(List.of(span(T, "r", null, "workflow", 0, 1200),
                withResponseId(chat(T, "a", "r", 100, 900, 1000, 100), "chatcmpl-7"),
                withResponseId(chat(T, "b", "r", 110, 905, 1000, 100), "chatcmpl-7")));
        assertEquals(1, twice.get("requests").asLong());
        assertEquals(CALL, twice.get("cost_usd").asDouble(), 1e-12);
    }

    @Test
    void anAgentTraceOfTwoHundredCallsWithIdsFromNineHundredNinetyNineValuesIsTwoHundredRequests() throws Exception {
        // o6_ollama_agent in small: one trace, 200 sequential calls, ids drawn (seeded) from chatcmpl-0..998
        Random rnd = new Random(6);
        List<String> lines = new ArrayList<>();
        lines.add(span(T, "root", null, "agent run", 0, 200_010));
        Map<String, Integer> drawn = new HashMap<>();
        for (int c = 0; c < 200; c++) {
            String id = "chatcmpl-" + rnd.nextInt(999);
            drawn.merge(id, 1, Integer::sum);
            lines.add(withResponseId(chat(T, "c" + c, "root", c * 1000L + 5, c * 1000L + 900, 1000, 100), id));
        }
        assertTrue(drawn.size() < 200, "the draw must reuse ids for the test to mean anything: " + drawn.size());
        JsonNode j = analyze(lines);
        assertEquals(200, j.get("requests").asLong());
        assertEquals(0, j.get("duplicate_request_ids").asLong());
        assertEquals(200 * CALL, j.get("cost_usd").asDouble(), 1e-9);
        assertEquals(j.get("cost_usd").asDouble(), j.at("/latency/cost_usd").asDouble(), 1e-9);
    }

    @Test
    void aParentAndChildWithOneResponseIdAreOneCallEvenWhenSkewedClocksKeepThemApart() throws Exception {
        // a wrapper 0-400 and its client span 450-900 (another process' clock): nested, so one call exported twice
        JsonNode j = analyze(List.of(span(T, "r", null, "handler", 0, 1000),
                withResponseId(chat(T, "outer", "r", 0, 400, 1000, 100), "chatcmpl-9"),
                withResponseId(chat(T, "inner", "outer", 450, 900, 1000, 100), "chatcmpl-9")));
        assertEquals(1, j.get("requests").asLong());
        assertEquals(1, j.get("duplicate_request_ids").asLong());
        assertEquals(CALL, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals(CALL, j.at("/latency/cost_usd").asDouble(), 1e-12);
    }

    @Test
    void aSecondCallExportedTwiceIsOneRequestApartFromTheFirstCall() throws Exception {
        // call 1 at 0-500; call 2 at 600-1100 exported by two exporters (600-1100 and 650-1050, the same usage), all
        // chatcmpl-7: call 2 counts once
        JsonNode j = analyze(List.of(span(T, "r", null, "agent", 0, 2000),
                withResponseId(chat(T, "a", "r", 0, 500, 1000, 100), "chatcmpl-7"),
                withResponseId(chat(T, "b", "r", 600, 1100, 1000, 100), "chatcmpl-7"),
                withResponseId(chat(T, "b2", "r", 650, 1050, 1000, 100), "chatcmpl-7")));
        assertEquals(2, j.get("requests").asLong());
        assertEquals(1, j.get("duplicate_request_ids").asLong());
        assertEquals(2 * CALL, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals(2 * CALL, j.at("/latency/cost_usd").asDouble(), 1e-12);
    }
}
