package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.core.LogRecord;
import io.techopt.ingest.IngestOptions;
import io.techopt.ingest.IngestStats;
import io.techopt.ingest.LogReader;
import io.techopt.ingest.LogSource;
import io.techopt.ingest.RecordSink;
import io.techopt.tokens.TokenCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.techopt.analyze.latency.LatencyMapCliTest.chat;
import static io.techopt.analyze.latency.LatencyMapCliTest.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r11 #3: an agent span ({@code invoke_agent}) carrying its calls' summed gen_ai usage, or a wrapper
 * ({@code litellm_request}, no response id) carrying its one call's usage again, was counted as one more request: cost
 * doubled with no word (v3d_agent_rollup 3 requests $0.014, hand 2 / $0.007; v3c_nested_noid 2 / $0.007, hand 1 /
 * $0.0035). Usage on a span enclosing LLM spans with usage is not a request when those calls account for it (equal
 * sums, or an agent operation), whether the trace comes in one document or its spans line by line children first
 * (a batching exporter sends a span when it ends); a warning gives the count.
 */
class UsageRolledUpToAnEnclosingSpanIsNotARequestTest {
    static final double CALL = 1000 * 2.5e-6 + 100 * 10e-6; // gpt-4o 1,000 in / 100 out: $0.0035
    static final String T = "agagagagagagagagagagagagagagagag";

    @TempDir
    Path tmp;

    /** The spans of several one-span lines as one OTLP document (one export of the whole trace). */
    static String document(String... lines) {
        StringBuilder spans = new StringBuilder();
        for (String l : lines) {
            String s = l.substring(l.indexOf("\"spans\":[") + 9, l.lastIndexOf("]}]}]}"));
            spans.append(spans.isEmpty() ? "" : ",").append(s);
        }
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[]},\"scopeSpans\":[{\"spans\":[" + spans + "]}]}]}";
    }

    static String agent(String id, String parent, long from, long to, int in, int out) {
        return span(T, id, parent, "invoke_agent helper", from, to, "gen_ai.operation.name", "invoke_agent", "gen_ai.system",
                "openai", "gen_ai.request.model", "gpt-4o", "gen_ai.usage.input_tokens", "" + in, "gen_ai.usage.output_tokens", "" + out);
    }

    static String tool(String id, String parent, long from, long to) {
        return span(T, id, parent, "execute_tool lookup", from, to, "gen_ai.operation.name", "execute_tool");
    }

    JsonNode analyze(List<String> lines) throws Exception {
        return TraceRuns.analyze(tmp, "traces.jsonl", lines);
    }

    static JsonNode stage(JsonNode j, String key) {
        for (JsonNode s : j.at("/latency/stages")) {
            if (s.get("stage").asText().equals(key)) {
                return s;
            }
        }
        throw new AssertionError(key);
    }

    @Test
    void anAgentSpanCarryingItsCallsSummedUsageIsNotAnotherRequest() throws Exception {
        // v3d_agent_rollup: invoke_agent 0-1000 with 2,000/200 over chat 0-400, tool 400-600, chat 600-1000 (1,000/100 each)
        JsonNode j = analyze(List.of(document(agent("a", null, 0, 1000, 2000, 200), chat(T, "c1", "a", 0, 400, 1000, 100),
                tool("t", "a", 400, 600), chat(T, "c2", "a", 600, 1000, 1000, 100))));
        assertEquals(2, j.get("requests").asLong());
        assertEquals(2 * CALL, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals(2 * CALL, j.at("/latency/cost_usd").asDouble(), 1e-12);
        assertEquals(1.0, stage(j, "llm").get("share_of_cost").asDouble(), 1e-12, "all the cost is in the LLM calls");
        assertEquals(0.0, stage(j, "other").get("cost_usd").asDouble(), 0);
        assertEquals(0.8, stage(j, "llm").get("share_of_wall").asDouble(), 1e-12);
        assertTrue(j.get("warnings").toString().contains("1 span's gen_ai usage was the sum of the LLM calls beneath it "
                + "(1 agent span (invoke_agent/create_agent) carrying the run's totals, 0 wrappers"), j.get("warnings").toString());
    }

    @Test
    void aWrapperWithoutResponseIdCarryingItsCallsUsageIsNotAnotherRequest() throws Exception {
        // v3c_nested_noid: handler 0-1000 > litellm_request 0-600 (1,000/100, no response id) > chat 50-550 (1,000/100)
        JsonNode j = analyze(List.of(document(span(T, "r", null, "handler", 0, 1000),
                span(T, "outer", "r", "litellm_request", 0, 600, "gen_ai.operation.name", "chat", "gen_ai.system", "openai",
                        "gen_ai.request.model", "gpt-4o", "gen_ai.usage.input_tokens", "1000", "gen_ai.usage.output_tokens", "100"),
                chat(T, "inner", "outer", 50, 550, 1000, 100))));
        assertEquals(1, j.get("requests").asLong());
        assertEquals(CALL, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals(CALL, j.at("/latency/cost_usd").asDouble(), 1e-12);
        assertEquals(0.6, stage(j, "llm").get("share_of_wall").asDouble(), 1e-12);
        assertEquals(2, stage(j, "llm").get("spans").asLong());
        assertTrue(j.get("warnings").toString().contains("0 agent spans (invoke_agent/create_agent) carrying the run's totals, "
                + "1 wrapper whose usage equals the calls' sum"), j.get("warnings").toString());
    }

    @Test
    void anAgentSpanExportedAfterItsCallsInLaterLinesIsNotARequestEvenThroughAStepSpanWithoutUsage() throws Exception {
        // one span per line in the order a batching exporter sends them (as each ends): the calls, the tool, a step
        // span without usage around the second call, then the agent span last with the run's totals
        JsonNode j = analyze(List.of(chat(T, "c1", "a", 0, 400, 1000, 100), tool("t", "a", 400, 600),
                chat(T, "c2", "step", 650, 1000, 3000, 100), span(T, "step", "a", "agent step", 600, 1000),
                agent("a", null, 0, 1000, 4000, 200)));
        assertEquals(2, j.get("requests").asLong());
        assertEquals(4000 * 2.5e-6 + 200 * 10e-6, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals(j.get("cost_usd").asDouble(), j.at("/latency/cost_usd").asDouble(), 1e-12);
    }

    @Test
    void anAgentSpanWhoseUsageDiffersFromItsTracedCallsIsStillNotARequestAndTheWarningSaysSo() throws Exception {
        JsonNode j = analyze(List.of(document(agent("a", null, 0, 1000, 5000, 300), chat(T, "c1", "a", 0, 400, 1000, 100),
                chat(T, "c2", "a", 600, 1000, 1000, 100))));
        assertEquals(2, j.get("requests").asLong());
        assertEquals(2 * CALL, j.get("cost_usd").asDouble(), 1e-12);
        assertTrue(j.get("warnings").toString().contains("1 agent span's usage differs from the sum of the calls traced beneath"),
                j.get("warnings").toString());
    }

    @Test
    void aSpanWithUsageOfItsOwnBesideItsChildsIsStillARequest() throws Exception {
        // a chain span that made a call of its own (2,000/100) and holds another call (1,000/100): two calls, no roll-up
        JsonNode j = analyze(List.of(document(span(T, "p", null, "chat gpt-4o", 0, 1000, "gen_ai.operation.name", "chat",
                        "gen_ai.system", "openai", "gen_ai.request.model", "gpt-4o", "gen_ai.usage.input_tokens", "2000",
                        "gen_ai.usage.output_tokens", "100"), chat(T, "c", "p", 100, 500, 1000, 100))));
        assertEquals(2, j.get("requests").asLong());
        assertEquals(CALL + 2000 * 2.5e-6 + 100 * 10e-6, j.get("cost_usd").asDouble(), 1e-12);
        assertTrue(!j.get("warnings").toString().contains("was the sum of the LLM calls"), j.get("warnings").toString());
    }

    @Test
    void aLoopOfParentLinksWithinOneLineIsNotReportedAsCallsReadAfterTheirEnclosingSpan() throws Exception {
        // x's parent is y and y's parent is x, both 1,000/100: broken input, one call; no "read after" warning (that
        // warning is for an enclosing span of an earlier line)
        JsonNode j = analyze(List.of(document(chat(T, "x", "y", 0, 400, 1000, 100), chat(T, "y", "x", 0, 500, 1000, 100))));
        assertEquals(1, j.get("requests").asLong());
        assertTrue(!j.get("warnings").toString().contains("read after an enclosing span"), j.get("warnings").toString());
    }

    @Test
    void everyCommandReadsTheSameRequestsWhetherItMapsSpansOrNot() throws Exception {
        // a sink that does not want spans (budget, route-sim, …) counts the same requests as analyze
        Path f = tmp.resolve("agent.jsonl");
        Files.write(f, List.of(chat(T, "c1", "a", 0, 400, 1000, 100), chat(T, "c2", "a", 600, 1000, 1000, 100),
                agent("a", null, 0, 1000, 2000, 200)));
        List<LogRecord> read = new ArrayList<>();
        RecordSink sink = read::add;
        IngestStats stats = new LogReader(IngestOptions.defaults(), new TokenCounter()).read(LogSource.expand(List.of(f.toString())), sink);
        assertEquals(2, read.size());
        assertEquals(2, stats.records);
        assertTrue(stats.warnings.toString().contains("1 span's gen_ai usage was the sum"), stats.warnings.toString());
    }
}
