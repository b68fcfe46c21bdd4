package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.contract.JsonSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.techopt.analyze.latency.LatencyMapCliTest.span;
import static io.techopt.analyze.latency.UsageRolledUpToAnEnclosingSpanIsNotARequestTest.T;
import static io.techopt.analyze.latency.UsageRolledUpToAnEnclosingSpanIsNotARequestTest.agent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent span (invoke_agent) with usage over chat spans that carry none (an instrumentation that records the run's
 * totals only) is the one priced request of its trace. Its usage is its LLM calls' tokens, yet the map booked its cost
 * to `other` with the agent's stage: headline "LLM calls: 70.0% of latency, 0.0% of cost" (review r13 #2). Its cost
 * now counts under llm (its time stays under other), with a note.
 */
class AnAgentsOwnUsageIsLlmSpendTest {
    @TempDir
    Path tmp;

    static String chatWithoutUsage(String id, long from, long to) {
        return span(T, id, "a", "chat gpt-4o", from, to, "gen_ai.operation.name", "chat", "gen_ai.system", "openai",
                "gen_ai.request.model", "gpt-4o");
    }

    @Test
    void anAgentSpansOwnUsageCountsAsLlmCostAndItsTimeStaysOther() throws Exception {
        // agent [0, 3000) ms, 2000/200 gpt-4o tokens = $0.005 + $0.002 = $0.007; calls [100, 1000) and [1100, 2900):
        // 2700 ms of the 3000 are llm (the leaves active then), 300 ms other
        Path f = tmp.resolve("t.jsonl");
        Files.write(f, List.of(agent("a", null, 0, 3000, 2000, 200), chatWithoutUsage("c1", 100, 1000),
                chatWithoutUsage("c2", 1100, 2900)));
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", f.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertTrue(JsonSchemas.violations("analyze-logs", j).isEmpty(), JsonSchemas.violations("analyze-logs", j).toString());
        assertEquals(1, j.get("requests").asLong());
        assertEquals(0.007, j.get("cost_usd").asDouble(), 1e-12);
        JsonNode lat = j.get("latency");
        assertEquals("LLM calls: 90.0% of latency, 100.0% of cost", lat.get("headline").asText());
        for (JsonNode st : lat.get("stages")) {
            switch (st.get("stage").asText()) {
                case "llm" -> {
                    assertEquals(0.007, st.get("cost_usd").asDouble(), 1e-12);
                    assertEquals(1.0, st.get("share_of_cost").asDouble(), 1e-12);
                    assertEquals(2700.0, st.get("wall_ms").asDouble(), 1e-9);
                }
                case "other" -> {
                    assertEquals(0.0, st.get("cost_usd").asDouble(), 1e-12);
                    assertEquals(300.0, st.get("wall_ms").asDouble(), 1e-9, "the agent's own time stays other");
                }
                default -> {
                }
            }
        }
        assertEquals(1.0, lat.at("/slowest_traces/0/cost_share/llm").asDouble(), 1e-12);
        assertTrue(lat.get("notes").toString().contains("1 agent span carries token usage of its own"), lat.get("notes").toString());
    }
}
