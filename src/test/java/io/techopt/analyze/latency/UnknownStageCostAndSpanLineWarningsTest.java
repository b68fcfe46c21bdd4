package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.contract.JsonSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.techopt.analyze.latency.LatencyMapCliTest.chat;
import static io.techopt.analyze.latency.LatencyMapCliTest.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review h19b #14: a stage whose only LLM call is unpriced costs an unknown amount, never $0 (t9_csv); and lines whose
 * spans the latency map read are not "ignored" (deep.jsonl: 300 lines of spans beside one line with usage).
 */
class UnknownStageCostAndSpanLineWarningsTest {
    static final String T = "99999999999999999999999999999999", U = "88888888888888888888888888888888";

    @TempDir
    Path tmp;

    TestSupport.Run run(List<String> lines, String format) throws Exception {
        Path f = tmp.resolve("traces.jsonl");
        Files.write(f, lines);
        TestSupport.Run run = TestSupport.cli("analyze", "-f", format, f.toString());
        assertEquals(0, run.code(), run.err());
        return run;
    }

    static String unpricedChat(String trace, String id, String parent, long from, long to) {
        return span(trace, id, parent, "chat x", from, to, "gen_ai.operation.name", "chat", "gen_ai.system", "openai",
                "gen_ai.request.model", "no-such-model-zz", "gen_ai.usage.input_tokens", "1000", "gen_ai.usage.output_tokens", "100");
    }

    @Test
    void aStageWhoseOnlyCallIsUnpricedHasCostNullNotZeroInJsonAndCsv() throws Exception {
        List<String> lines = List.of(span(T, "p", null, "handler", 0, 100), unpricedChat(T, "c", "p", 10, 90));
        JsonNode j = run(lines, "json").json();
        assertTrue(JsonSchemas.violations("analyze-logs", j).isEmpty(), JsonSchemas.violations("analyze-logs", j).toString());
        JsonNode llm = j.at("/latency/stages/0");
        assertTrue(llm.get("cost_usd").isNull(), llm.toString());
        assertTrue(llm.get("share_of_cost").isNull(), llm.toString());
        assertTrue(j.at("/latency/notes").toString().contains("stage llm: every call in it is unpriced or carries no usage"),
                j.at("/latency/notes").toString());
        Path f = tmp.resolve("traces.jsonl");
        String csv = TestSupport.cli("analyze", "-f", "csv", "--table", "latency_stages", f.toString()).out();
        String row = csv.lines().filter(l -> l.startsWith("llm,")).findFirst().orElseThrow();
        // a leading empty cell keeps the columns where they were when csv named the table in its first one
        String[] cells = ("," + row).split(",", -1);
        // section, stage, spans, wall_ms, share_of_wall, median_trace_share_of_wall, critical_path_ms, share_of_critical_path, cost_usd
        assertEquals("", cells[8], row);
    }

    @Test
    void aStageWithAPricedAndAnUnpricedCallShowsThePricedCostAsBefore() throws Exception {
        JsonNode j = run(List.of(span(T, "p", null, "handler", 0, 100), unpricedChat(T, "c", "p", 10, 50),
                chat(T, "d", "p", 50, 90, 1000, 100)), "json").json();
        assertEquals(1000 * 2.5e-6 + 100 * 10e-6, j.at("/latency/stages/0/cost_usd").asDouble(), 1e-15);
        assertTrue(j.at("/latency/headline").asText().contains("(priced calls only: 1 unpriced)"), j.at("/latency/headline").asText());
    }

    @Test
    void linesWhoseSpansTheMapReadAreNotCalledIgnoredButLinesWithNothingReadableAre() throws Exception {
        List<String> lines = List.of(chat(U, "x", null, 0, 10, 1000, 100), span(T, "s1", null, "step", 0, 600),
                span(T, "s2", "s1", "step", 1, 599), span(T, "bad", null, "step", 0, 1).replace("\"spanId\":\"bad\",", ""));
        TestSupport.Run run = run(lines, "json");
        String warnings = run.json().get("warnings").toString();
        assertTrue(warnings.contains("2 lines held no LLM request with token usage (trace spans or observations without "
                + "usage): an LLM call among them has an unknown cost"), warnings);
        assertTrue(warnings.contains("1 line held no LLM request (trace events, spans or observations without usage, recorded interactions without token counts) and was ignored"),
                warnings);
        assertEquals(3, run.json().at("/ingest/ignored_lines").asLong());
        assertFalse(warnings.contains("3 lines"), warnings);
    }
}
