package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.contract.JsonSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.techopt.analyze.latency.LatencyMapCliTest.chat;
import static io.techopt.analyze.latency.LatencyMapCliTest.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review h19b #2: traces whose LLM spans carry no gen_ai usage (instrumentation that records the call but not its
 * tokens) and traces with no LLM span at all. Every span is read, so the input is not "nothing read": the map is
 * drawn, an LLM call without usage is an LLM call whose cost is unknown (null, with a note), and analyze's totals
 * count only requests with usage, which a warning says.
 */
class TracesWithoutUsageTest {
    static final String T = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";

    @TempDir
    Path tmp;

    TestSupport.Run run(List<String> lines, String... extra) throws Exception {
        Path f = tmp.resolve("traces.jsonl");
        Files.write(f, lines);
        List<String> args = new ArrayList<>(List.of("analyze", "-f", "json", f.toString()));
        args.addAll(List.of(extra));
        return TestSupport.cli(args.toArray(new String[0]));
    }

    JsonNode json(TestSupport.Run run) {
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertTrue(JsonSchemas.violations("analyze-logs", j).isEmpty(), JsonSchemas.violations("analyze-logs", j).toString());
        return j;
    }

    @Test
    void aChatSpanWithoutUsageIsMappedAsAnLlmCallWhoseCostIsUnknownAndTheRunSucceeds() throws Exception {
        // t13_nousage: handler [0,1000) with a chat [100,900) named by gen_ai.operation.name, no gen_ai.usage.*
        TestSupport.Run run = run(List.of(span(T, "r", null, "handler", 0, 1000),
                span(T, "c", "r", "chat gpt-4o", 100, 900, "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4o")));
        JsonNode j = json(run);
        JsonNode lat = j.get("latency");
        assertEquals(1, lat.get("traces").asLong());
        assertEquals(2, lat.get("spans").asLong());
        assertEquals(0.8, lat.at("/stages/0/share_of_wall").asDouble(), 1e-12);
        assertTrue(lat.get("cost_usd").isNull(), lat.toString());
        assertTrue(lat.at("/stages/0/cost_usd").isNull(), "the llm stage's cost is unknown, not $0: " + lat.at("/stages/0"));
        assertTrue(lat.at("/slowest_traces/0/cost_usd").isNull(), lat.at("/slowest_traces/0").toString());
        assertTrue(lat.get("headline").asText().contains("1 without usage"), lat.get("headline").asText());
        assertTrue(lat.get("notes").toString().contains("1 LLM call in traces carries no token usage"), lat.get("notes").toString());
        // analyze's totals: no request with usage was read; a warning says why and that the spans were not ignored
        assertEquals(0, j.get("requests").asLong());
        String warnings = j.get("warnings").toString();
        assertTrue(warnings.contains("an LLM call among them has an unknown cost"), warnings);
        assertFalse(warnings.contains("ignored"), warnings);
        assertFalse(run.err().contains("no request could be read"), run.err());
    }

    @Test
    void aSpanNamingItsGenAiSystemIsAnLlmCallEvenWithoutAnOperationName() throws Exception {
        JsonNode lat = json(run(List.of(span(T, "r", null, "handler", 0, 1000),
                span(T, "c", "r", "call", 0, 500, "gen_ai.system", "openai", "gen_ai.request.model", "gpt-4o")))).get("latency");
        assertEquals(0.5, lat.at("/stages/0/share_of_wall").asDouble(), 1e-12);
        assertEquals(1, lat.at("/stages/0/spans").asLong());
        assertTrue(lat.get("cost_usd").isNull(), lat.toString());
    }

    @Test
    void aSpanNamingItsGenAiSystemButNamedAsAToolOrAnEmbeddingKeepsThatStage() throws Exception {
        JsonNode lat = json(run(List.of(span(T, "r", null, "handler", 0, 1000),
                span(T, "t", "r", "execute_tool lookup", 0, 200, "gen_ai.system", "openai"),
                span(T, "e", "r", "openai.embeddings", 200, 300, "gen_ai.system", "openai")))).get("latency");
        assertEquals(1, lat.at("/stages/" + Stage.TOOL.ordinal() + "/spans").asLong());
        assertEquals(1, lat.at("/stages/" + Stage.RETRIEVAL.ordinal() + "/spans").asLong());
        assertEquals(0, lat.at("/stages/0/spans").asLong());
        assertFalse(lat.get("notes").toString().contains("no token usage"), lat.get("notes").toString());
    }

    @Test
    void tracesWithNoLlmSpanAtAllAreMappedAndTheRunSucceeds() throws Exception {
        // deep.jsonl without its last line: only 'step' spans, each under the one before
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            lines.add(span(T, "s" + i, i == 1 ? null : "s" + (i - 1), "step", i, 100 - i));
        }
        JsonNode j = json(run(lines));
        JsonNode lat = j.get("latency");
        assertEquals(1, lat.get("traces").asLong());
        assertEquals(5, lat.get("spans").asLong());
        assertEquals(1.0, lat.at("/stages/" + Stage.OTHER.ordinal() + "/share_of_wall").asDouble(), 1e-12);
        assertEquals(0.0, lat.at("/stages/0/share_of_wall").asDouble(), 1e-12);
        assertTrue(lat.get("cost_usd").isNull(), "no LLM call: no cost to measure");
        assertEquals(0, j.get("requests").asLong());
        assertEquals(5, j.at("/ingest/ignored_lines").asLong(), "lines_read still reconciles");
        assertTrue(j.get("warnings").toString().contains("5 lines held no LLM request with token usage"), j.get("warnings").toString());
    }

    @Test
    void inputWhoseSpansCouldNotBeReadIsStillNothingReadWithExitCode3() throws Exception {
        // no spanId: the span is malformed, nothing of the line could be read
        TestSupport.Run run = run(List.of(span(T, "r", null, "handler", 0, 1000).replace("\"spanId\":\"r\",", "")));
        assertEquals(3, run.code(), run.err());
        assertTrue(run.err().contains("no request could be read"), run.err());
    }

    @Test
    void aWrapperSpanWithoutUsageAroundAPricedCallIsThatCallNotASecondOneOfUnknownCost() throws Exception {
        // an agent framework's chat span [0,1000) around the provider client's own chat span [100,900) with usage,
        // and under that LiteLLM's raw_gen_ai_request [200,300) (an LLM span by name, no usage): one call, priced
        JsonNode j = json(run(List.of(span(T, "w", null, "chat gpt-4o", 0, 1000, "gen_ai.operation.name", "chat"),
                chat(T, "c", "w", 100, 900, 1000, 100), span(T, "x", "c", "raw_gen_ai_request", 200, 300))));
        JsonNode lat = j.get("latency");
        assertEquals(1000 * 2.5e-6 + 100 * 10e-6, lat.get("cost_usd").asDouble(), 1e-15);
        assertEquals(j.get("cost_usd").asDouble(), lat.get("cost_usd").asDouble(), 1e-15);
        assertEquals(1000 * 2.5e-6 + 100 * 10e-6, lat.at("/slowest_traces/0/cost_usd").asDouble(), 1e-15);
        assertFalse(lat.get("notes").toString().contains("no token usage"), lat.get("notes").toString());
        assertFalse(lat.get("headline").asText().contains("without usage"), lat.get("headline").asText());
    }

    @Test
    void aSecondCallWithoutUsageBesideAPricedOneMakesTheTraceCostNullAndTheMapsCostALowerBound() throws Exception {
        String u = "ffffffffffffffffffffffffffffffff";
        JsonNode j = json(run(List.of(span(T, "r", null, "handler", 0, 1000), chat(T, "c1", "r", 0, 400, 1000, 100),
                span(T, "c2", "r", "chat gpt-4o", 500, 900, "gen_ai.operation.name", "chat"),
                span(u, "r", null, "handler", 0, 100), chat(u, "c1", "r", 0, 50, 2000, 0))));
        JsonNode lat = j.get("latency");
        double priced = 1000 * 2.5e-6 + 100 * 10e-6 + 2000 * 2.5e-6;
        assertEquals(priced, lat.get("cost_usd").asDouble(), 1e-15);
        assertEquals(priced, lat.at("/stages/0/cost_usd").asDouble(), 1e-15);
        assertTrue(LatencyMapCliTest.trace(j, "eeee").get("cost_usd").isNull());
        assertEquals(1, LatencyMapCliTest.trace(j, "eeee").get("unpriced_calls").asLong());
        assertEquals(2000 * 2.5e-6, LatencyMapCliTest.trace(j, "ffff").get("cost_usd").asDouble(), 1e-15);
        assertTrue(lat.get("notes").toString().contains("1 LLM call in traces carries no token usage"), lat.get("notes").toString());
    }
}
