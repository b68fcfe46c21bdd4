package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.techopt.analyze.latency.LatencyMapCliTest.chat;
import static io.techopt.analyze.latency.LatencyMapCliTest.span;
import static io.techopt.analyze.latency.UsageRolledUpToAnEnclosingSpanIsNotARequestTest.T;
import static io.techopt.analyze.latency.UsageRolledUpToAnEnclosingSpanIsNotARequestTest.agent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent span (invoke_agent) carrying its run's totals was not a request only when its calls were read first; read
 * BEFORE them (its calls on later lines: an exporter that sends spans as they start, or a file sorted by start time)
 * it was counted as a request with a warning (o6_agent_first: 3 requests $0.014, by hand 2 / $0.007). An agent span
 * with usage is held (bounded) until a call beneath it is read, and then is the roll-up it is; one with no call
 * beneath by the end of the input is a request. Both orders give the same figures.
 */
class AnAgentSpanReadBeforeItsCallsIsNotARequestTest {
    static final double CALL = 1000 * 2.5e-6 + 100 * 10e-6; // gpt-4o 1,000 in / 100 out: $0.0035

    @TempDir
    Path tmp;

    JsonNode analyze(List<String> lines) throws Exception {
        return TraceRuns.analyze(tmp, "traces.jsonl", lines);
    }

    static List<String> run() {
        return List.of(agent("a", null, 0, 3000, 2000, 200), chat(T, "c1", "a", 100, 1000, 1000, 100),
                chat(T, "c2", "a", 1100, 2900, 1000, 100));
    }

    @Test
    void anAgentSpanReadBeforeItsCallsCostsWhatItCostsReadAfterThem() throws Exception {
        List<String> reversed = new ArrayList<>(run());
        Collections.reverse(reversed);
        for (List<String> order : List.of(run(), reversed)) {
            JsonNode j = analyze(order);
            String which = order.get(0).contains("invoke_agent") ? "agent first" : "agent last";
            assertEquals(2, j.get("requests").asLong(), which);
            assertEquals(2 * CALL, j.get("cost_usd").asDouble(), 1e-12);
            assertEquals(2 * CALL, j.at("/latency/cost_usd").asDouble(), 1e-12, "the map agrees");
            assertTrue(j.get("warnings").toString().contains("1 span's gen_ai usage was the sum of the LLM calls beneath it"),
                    j.get("warnings").toString());
            assertTrue(!j.get("warnings").toString().contains("read after an enclosing span"), j.get("warnings").toString());
        }
    }

    @Test
    void aCallReachesTheAgentReadBeforeItThroughAStepSpanReadBeforeOrAfterTheCall() throws Exception {
        String agent = agent("a", null, 0, 3000, 1000, 100), step = span(T, "s", "a", "agent step", 50, 2000),
                call = chat(T, "c", "s", 100, 1000, 1000, 100);
        for (List<String> order : List.of(List.of(agent, step, call), List.of(agent, call, step))) {
            JsonNode j = analyze(order);
            assertEquals(1, j.get("requests").asLong());
            assertEquals(CALL, j.get("cost_usd").asDouble(), 1e-12);
            assertEquals(CALL, j.at("/latency/cost_usd").asDouble(), 1e-12);
        }
    }

    @Test
    void anAgentSpanWithUsageAndNoCallBeneathIsARequestAtTheEndOfTheInput() throws Exception {
        // an agent whose calls are not instrumented: its usage is the only record of them, so it is the request
        JsonNode j = analyze(List.of(agent("a", null, 0, 3000, 1000, 100), span(T, "t", "a", "execute_tool lookup", 100, 900,
                "gen_ai.operation.name", "execute_tool"), chat(T, "other", null, 5000, 6000, 1000, 100)));
        assertEquals(2, j.get("requests").asLong());
        assertEquals(2 * CALL, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals(2 * CALL, j.at("/latency/cost_usd").asDouble(), 1e-12);
        assertTrue(!j.get("warnings").toString().contains("was the sum of the LLM calls"), j.get("warnings").toString());
    }

    @Test
    void aWrapperReadBeforeItsCallIsStillCountedAndTheWarningSaysTheFiguresAreAnUpperBound() throws Exception {
        // litellm_request carrying its one call's usage again, read first: its sum is known only once its calls are
        // read, which no bounded wait can promise; counted, and said
        JsonNode j = analyze(List.of(span(T, "w", null, "litellm_request", 0, 1000, "gen_ai.operation.name", "chat",
                "gen_ai.system", "openai", "gen_ai.request.model", "gpt-4o", "gen_ai.usage.input_tokens", "1000",
                "gen_ai.usage.output_tokens", "100"), chat(T, "c", "w", 50, 950, 1000, 100)));
        assertEquals(2, j.get("requests").asLong());
        assertTrue(j.get("warnings").toString().contains("1 LLM span with usage was read after an enclosing span with usage "
                + "of an earlier line (not an agent span), which was counted as a request: if such a span's usage was the "
                + "sum of its calls, they are counted twice, so requests and cost_usd are an upper bound"), j.get("warnings").toString());
    }

    @Test
    void aCommandThatMapsNoSpansReadsTheSameTwoRequestsWhenTheAgentComesFirst() throws Exception {
        Path f = tmp.resolve("agent.jsonl");
        Files.write(f, run());
        List<io.techopt.core.LogRecord> read = new ArrayList<>();
        io.techopt.ingest.RecordSink sink = read::add;
        io.techopt.ingest.IngestStats stats = new io.techopt.ingest.LogReader(io.techopt.ingest.IngestOptions.defaults(),
                new io.techopt.tokens.TokenCounter()).read(io.techopt.ingest.LogSource.expand(List.of(f.toString())), sink);
        assertEquals(2, read.size());
        assertEquals(2, stats.records);
        assertTrue(read.stream().noneMatch(r -> r.usage.promptTokens() == 2000), "the agent's totals are not a request");
    }
}
