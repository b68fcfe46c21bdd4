package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.techopt.analyze.latency.LatencyMapCliTest.chat;
import static io.techopt.analyze.latency.LatencyMapCliTest.span;
import static io.techopt.analyze.latency.OtelRequestsAreKeyedOnTraceAndSpanIdTest.withResponseId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r11 #4: one LLM call exported as two spans of its trace with the same gen_ai.response.id (two exporters, or
 * nested double instrumentation) is one request for analyze, its last copy; the latency map priced both, so
 * latency.cost_usd was twice cost_usd although every request is in a trace (README: they are equal). The map prices
 * a request id once, its last copy, and says how many copies it mapped at no cost.
 */
class OneCallExportedTwiceIsPricedOnceInTheMapTest {
    static final double CALL = 1000 * 2.5e-6 + 100 * 10e-6; // gpt-4o, 1,000 in / 100 out: $0.0035
    static final String T = "c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4";

    @TempDir
    Path tmp;

    JsonNode analyze(List<String> lines) throws Exception {
        return TraceRuns.analyze(tmp, "traces.jsonl", lines, "-q");
    }

    @Test
    void twoSpansOfOneTraceWithOneResponseIdArePricedOnceLikeAnalyzesOneRequest() throws Exception {
        // a handler with the call recorded by two exporters side by side: 0-500 and 100-400, both chatcmpl-X, 1,000/100
        JsonNode j = analyze(List.of(span(T, "r", null, "handler", 0, 1000),
                withResponseId(chat(T, "a", "r", 0, 500, 1000, 100), "chatcmpl-X"),
                withResponseId(chat(T, "b", "r", 100, 400, 1000, 100), "chatcmpl-X")));
        assertEquals(1, j.get("requests").asLong());
        assertEquals(1, j.get("duplicate_request_ids").asLong());
        assertEquals(CALL, j.get("cost_usd").asDouble(), 1e-12);
        JsonNode l = j.get("latency");
        assertEquals(CALL, l.get("cost_usd").asDouble(), 1e-12, "the map prices the call once: latency.cost_usd = cost_usd");
        assertEquals(CALL, LatencyMapCliTest.trace(j, T.substring(0, 8)).get("cost_usd").asDouble(), 1e-12);
        JsonNode llm = l.get("stages").get(0);
        assertEquals("llm", llm.get("stage").asText());
        assertEquals(2, llm.get("spans").asLong(), "both spans are still mapped (their time is the call's)");
        assertEquals(CALL, llm.get("cost_usd").asDouble(), 1e-12);
        assertEquals(0.5, llm.get("share_of_wall").asDouble(), 1e-12);
        assertTrue(l.get("notes").toString().contains("1 LLM span repeats a call already in its trace under the same request id"),
                l.get("notes").toString());
    }

    @Test
    void overlappingSiblingsThatDisagreeOnUsageAreTwoCallsInAnalyzeAndTheMapAlike() throws Exception {
        // 2,000 then 1,000 input tokens under one id, overlapping siblings: not one call exported twice (its copies
        // carry the same usage) but two parallel calls that drew one id (review r14 #10); the map agrees with analyze
        JsonNode j = analyze(List.of(span(T, "r", null, "handler", 0, 1000),
                withResponseId(chat(T, "a", "r", 0, 500, 2000, 100), "chatcmpl-X"),
                withResponseId(chat(T, "b", "r", 100, 400, 1000, 100), "chatcmpl-X")));
        assertEquals(2, j.get("requests").asLong());
        assertEquals(CALL + 2000 * 2.5e-6 + 100 * 10e-6, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals(j.get("cost_usd").asDouble(), j.at("/latency/cost_usd").asDouble(), 1e-12);
    }

    @Test
    void nestedDoubleInstrumentationWithOneResponseIdCostsWhatAnalyzeCosts() throws Exception {
        // review r11 v3b_nested: litellm_request 0-600 around chat 50-550, both with usage and chatcmpl-Y, in a handler
        JsonNode j = analyze(List.of(span(T, "r", null, "handler", 0, 1000),
                withResponseId(span(T, "outer", "r", "litellm_request", 0, 600, "gen_ai.operation.name", "chat",
                        "gen_ai.system", "openai", "gen_ai.request.model", "gpt-4o", "gen_ai.usage.input_tokens", "1000",
                        "gen_ai.usage.output_tokens", "100"), "chatcmpl-Y"),
                withResponseId(chat(T, "inner", "outer", 50, 550, 1000, 100), "chatcmpl-Y")));
        assertEquals(1, j.get("requests").asLong());
        assertEquals(CALL, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals(CALL, j.at("/latency/cost_usd").asDouble(), 1e-12);
        assertEquals(0.6, j.at("/latency/stages/0/share_of_wall").asDouble(), 1e-12);
    }
}
