package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.contract.JsonSchemas;
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
import static io.techopt.analyze.latency.UsageRolledUpToAnEnclosingSpanIsNotARequestTest.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An invoke_agent span carrying its run's usage but no gen_ai.request.model (semconv makes the model only
 * conditionally required) is a roll-up of its calls all the same: it needs no model, since it is not a request. It was
 * a bad line ("missing required field 'model'") and, in the same OTLP line as its calls, cost them too (exit 3;
 * review r13 #1). Only such a span that is a request (no call with usage beneath it) is bad for its missing model.
 */
class AnAgentSpanWithoutAModelIsStillARollUpTest {
    static final double CALL = 1000 * 2.5e-6 + 100 * 10e-6; // gpt-4o 1,000 in / 100 out: $0.0035

    @TempDir
    Path tmp;

    static String agentWithoutModel(String id, long from, long to, int in, int out) {
        return span(T, id, null, "invoke_agent helper", from, to, "gen_ai.operation.name", "invoke_agent",
                "gen_ai.system", "openai", "gen_ai.usage.input_tokens", "" + in, "gen_ai.usage.output_tokens", "" + out);
    }

    TestSupport.Run analyze(List<String> lines) throws Exception {
        Path f = tmp.resolve("traces.jsonl");
        Files.write(f, lines);
        return TestSupport.cli("analyze", "-f", "json", f.toString());
    }

    static List<String> run() {
        return List.of(agentWithoutModel("a", 0, 3000, 2000, 200), chat(T, "c1", "a", 100, 1000, 1000, 100),
                chat(T, "c2", "a", 1100, 2900, 1000, 100));
    }

    @Test
    void anAgentSpanWithoutAModelIsARollUpInEveryOrderAndInOneLineWithItsCalls() throws Exception {
        List<String> reversed = new ArrayList<>(run());
        Collections.reverse(reversed);
        for (List<String> lines : List.of(run(), reversed, List.of(document(run().toArray(String[]::new))))) {
            String which = lines.size() == 1 ? "one line" : lines.get(0).contains("invoke_agent") ? "agent first" : "agent last";
            TestSupport.Run run = analyze(lines);
            assertEquals(0, run.code(), which + ": " + run.err());
            JsonNode j = run.json();
            assertTrue(JsonSchemas.violations("analyze-logs", j).isEmpty(), JsonSchemas.violations("analyze-logs", j).toString());
            assertEquals(2, j.get("requests").asLong(), which);
            assertEquals(2 * CALL, j.get("cost_usd").asDouble(), 1e-12, which);
            assertEquals(0, j.get("bad_lines").asLong(), which + ": " + j.get("bad_line_samples"));
            assertEquals(2 * CALL, j.at("/latency/cost_usd").asDouble(), 1e-12, which);
            assertTrue(j.get("warnings").toString().contains("1 agent span (invoke_agent/create_agent) carrying the run's totals"),
                    which + ": " + j.get("warnings"));
        }
    }

    @Test
    void anAgentSpanWithoutAModelAndNoCallBeneathIsABadLineAtItsOwnLineAndTheOtherCallsAreRead() throws Exception {
        // line 1: a call of another trace; line 2: the agent with usage, no model and no call beneath it
        List<String> lines = List.of(chat("cccccccccccccccccccccccccccccccc", "c9", null, 0, 500, 1000, 100),
                agentWithoutModel("a", 0, 3000, 2000, 200));
        TestSupport.Run run = analyze(lines);
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(1, j.get("requests").asLong());
        assertEquals(CALL, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals(1, j.get("bad_lines").asLong());
        assertEquals(2, j.at("/bad_line_samples/0/line").asLong());
        assertTrue(j.at("/bad_line_samples/0/reason").asText().contains("missing required field 'model'"), j.toString());
        assertEquals(CALL, j.at("/latency/cost_usd").asDouble(), 1e-12, "the agent's span is on the map, of unknown cost");

        TestSupport.Run alone = analyze(List.of(agentWithoutModel("a", 0, 3000, 2000, 200)));
        assertEquals(3, alone.code(), "nothing else to read: " + alone.err());
        assertTrue(alone.err().contains("missing required field 'model'"), alone.err());
    }
}
