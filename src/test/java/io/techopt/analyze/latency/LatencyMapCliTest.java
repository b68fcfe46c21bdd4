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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** analyze's latency section on generated OTLP traces (answers known by construction) and the real Langfuse fixtures. */
class LatencyMapCliTest {
    static final long T0_MS = 1_767_225_600_000L; // 2026-01-01

    @TempDir
    Path tmp;

    /** One OTLP/JSON span as its own resourceSpans line; times in ms from T0; attrs are key, value pairs. */
    static String span(String trace, String id, String parent, String name, long fromMs, long toMs, String... attrs) {
        StringBuilder a = new StringBuilder();
        for (int i = 0; i < attrs.length; i += 2) {
            boolean number = attrs[i].startsWith("gen_ai.usage.");
            a.append(a.isEmpty() ? "" : ",").append("{\"key\":\"").append(attrs[i]).append("\",\"value\":{")
                    .append(number ? "\"intValue\":\"" : "\"stringValue\":\"").append(attrs[i + 1]).append("\"}}");
        }
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"rag\"}}]},"
                + "\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + trace + "\",\"spanId\":\"" + id + "\""
                + (parent == null ? "" : ",\"parentSpanId\":\"" + parent + "\"") + ",\"name\":\"" + name + "\","
                + "\"startTimeUnixNano\":\"" + (T0_MS + fromMs) * 1_000_000L + "\",\"endTimeUnixNano\":\""
                + (T0_MS + toMs) * 1_000_000L + "\",\"attributes\":[" + a + "]}]}]}]}";
    }

    static String chat(String trace, String id, String parent, long from, long to, int in, int out) {
        return span(trace, id, parent, "chat gpt-4o", from, to, "gen_ai.operation.name", "chat", "gen_ai.system", "openai",
                "gen_ai.request.model", "gpt-4o", "gen_ai.usage.input_tokens", "" + in, "gen_ai.usage.output_tokens", "" + out);
    }

    /**
     * TraceBreakdownTest's agent trace as OTLP lines, its spans spread through the file between the spans of a second
     * trace (chat [0,100) then a tool [100,300)), with a malformed span on line 6.
     */
    static List<String> agentTraceLines() {
        String a = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1", b = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2";
        List<String> l = new ArrayList<>();
        l.add(chat(a, "0000000000000006", "0000000000000001", 600, 900, 2000, 100));            // line 1
        l.add(span(b, "00000000000000b1", null, "handle", 0, 300));                               // line 2
        l.add(span(a, "0000000000000002", "0000000000000001", "vector search", 50, 150, "db.system", "qdrant"));
        l.add(chat(b, "00000000000000b2", "00000000000000b1", 0, 100, 1000, 100));               // line 4
        l.add(span(a, "0000000000000003", "0000000000000002", "embeddings text-embedding-3-small", 60, 100,
                "gen_ai.operation.name", "embeddings", "gen_ai.request.model", "text-embedding-3-small",
                "gen_ai.usage.input_tokens", "1000"));                                            // line 5
        l.add(span(a, "00000000000000ff", "0000000000000001", "broken", 10, 20).replace("\"endTimeUnixNano\"", "\"endTime\""));
        l.add(chat(a, "0000000000000004", "0000000000000001", 200, 500, 1000, 200));             // line 7
        l.add(span(b, "00000000000000b3", "00000000000000b1", "execute_tool lookup", 100, 300,
                "gen_ai.operation.name", "execute_tool"));                                        // line 8
        l.add(span(a, "0000000000000005", "0000000000000001", "execute_tool search_docs", 500, 700,
                "gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "search_docs"));
        l.add(span(a, "0000000000000007", "0000000000000001", "tool_call weather", 550, 650, "gen_ai.tool.name", "weather"));
        l.add(span(a, "0000000000000001", null, "invoke_agent planner", 0, 1000, "gen_ai.operation.name", "invoke_agent"));
        l.add(span(a, "0000000000000008", null, "post-process", 1100, 1200));                    // line 12
        return l;
    }

    JsonNode analyze(List<String> lines) throws Exception {
        Path f = tmp.resolve("traces.jsonl");
        Files.write(f, lines);
        // the built-in book has no embedding model: a LiteLLM-format file with the two models the traces use
        Path prices = TestSupport.write(tmp, "prices.json", "{\"gpt-4o\": {\"input_cost_per_token\": 2.5e-06, "
                + "\"output_cost_per_token\": 1e-05, \"litellm_provider\": \"openai\", \"mode\": \"chat\"}, "
                + "\"text-embedding-3-small\": {\"input_cost_per_token\": 2e-08, \"output_cost_per_token\": 0.0, "
                + "\"litellm_provider\": \"openai\", \"mode\": \"embedding\"}}");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", "--prices", prices.toString(), f.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertTrue(JsonSchemas.violations("analyze-logs", j).isEmpty(), JsonSchemas.violations("analyze-logs", j).toString());
        return j;
    }

    static JsonNode trace(JsonNode j, String prefix) {
        for (JsonNode t : j.at("/latency/slowest_traces")) {
            if (t.get("trace_id").asText().startsWith(prefix)) {
                return t;
            }
        }
        throw new AssertionError("no trace " + prefix + " in " + j.at("/latency"));
    }

    @Test
    void aMultiSpanTraceSpreadThroughTheFileMatchesTheHandComputationAndItsSharesSumToOne() throws Exception {
        JsonNode j = analyze(agentTraceLines());
        JsonNode lat = j.get("latency");
        assertEquals(2, lat.get("traces").asLong());
        assertEquals(11, lat.get("spans").asLong(), "every span, not only the four with gen_ai usage");
        assertEquals(4, j.get("requests").asLong(), "requests are read as before");
        JsonNode a = trace(j, "a1a1");
        assertEquals(1200.0, a.get("wall_ms").asDouble(), 1e-9);
        JsonNode w = a.get("wall_share");
        assertEquals((300 + 50.0 / 3 + 25 + 200) / 1200, w.get("llm").asDouble(), 1e-12);
        assertEquals((50 + 50 + 100.0 / 3 + 25) / 1200, w.get("tool").asDouble(), 1e-12);
        assertEquals(100.0 / 1200, w.get("retrieval").asDouble(), 1e-12);
        assertEquals(300.0 / 1200, w.get("other").asDouble(), 1e-12);
        assertEquals(100.0 / 1200, w.get("untraced").asDouble(), 1e-12);
        JsonNode cp = a.get("critical_path_share");
        assertEquals(600.0 / 1200, cp.get("llm").asDouble(), 1e-12);
        // Jaeger: back at chat 2's start (600) neither tool had finished: off the path, the agent's own [500,600)
        assertEquals(0, cp.get("tool").asDouble(), 1e-12);
        assertEquals(400.0 / 1200, cp.get("other").asDouble(), 1e-12);
        for (JsonNode t : lat.get("slowest_traces")) {
            assertEquals(1.0, sum(t.get("wall_share")), 1e-12, t.toString());
            assertEquals(1.0, sum(t.get("critical_path_share")), 1e-12, t.toString());
        }
        // gpt-4o $2.50 / $10 per 1M; text-embedding-3-small $0.02 per 1M (embeddings count as retrieval)
        double llm = (1000 * 2.5e-6 + 200 * 10e-6) + (2000 * 2.5e-6 + 100 * 10e-6), emb = 1000 * 0.02e-6;
        assertEquals(llm + emb, a.get("cost_usd").asDouble(), 1e-15);
        assertEquals(llm / (llm + emb), a.at("/cost_share/llm").asDouble(), 1e-12);
        assertEquals(emb / (llm + emb), a.at("/cost_share/retrieval").asDouble(), 1e-12);
        JsonNode b = trace(j, "b2b2");
        assertEquals(100.0 / 300, b.at("/wall_share/llm").asDouble(), 1e-12);
        assertEquals(200.0 / 300, b.at("/wall_share/tool").asDouble(), 1e-12);
        // the stages over both traces: time summed over traces, so shares weigh each trace by its wall time
        JsonNode llmStage = lat.at("/stages/0");
        assertEquals("llm", llmStage.get("stage").asText());
        assertEquals(((300 + 50.0 / 3 + 25 + 200) + 100) / 1500, llmStage.get("share_of_wall").asDouble(), 1e-12);
        double total = llm + emb + (1000 * 2.5e-6 + 100 * 10e-6);
        assertEquals((total - emb) / total, llmStage.get("share_of_cost").asDouble(), 1e-12);
        assertEquals(j.get("cost_usd").asDouble(), lat.get("cost_usd").asDouble(), 1e-15, "the same requests, priced alike");
        double shares = 0;
        for (JsonNode s : lat.get("stages")) {
            shares += s.get("share_of_wall").asDouble();
        }
        assertEquals(1.0, shares, 1e-12);
        // span durations of llm: 300, 300, 100 ms: numpy linear p50 300, p95 300; per trace llm time 100 and 541.67
        assertEquals(300.0, llmStage.at("/span_ms/p50").asDouble(), 1e-9);
        assertEquals(100 + 0.95 * (300 + 50.0 / 3 + 25 + 200 - 100), llmStage.at("/per_trace_ms/p95").asDouble(), 1e-9);
        // each trace's own llm share: a 541.67/1200, b 100/300; the median of two is their mean
        double median = ((300 + 50.0 / 3 + 25 + 200) / 1200 + 100.0 / 300) / 2;
        assertEquals(median, llmStage.get("median_trace_share_of_wall").asDouble(), 1e-12);
        assertEquals(String.format(java.util.Locale.ROOT, "LLM calls: %.1f%% of latency (median trace %.1f%%), %.1f%% of cost",
                100 * llmStage.get("share_of_wall").asDouble(), 100 * median, 100 * llmStage.get("share_of_cost").asDouble()),
                lat.get("headline").asText());
    }

    @Test
    void aMalformedSpanIsReportedWithItsLineAndSkippedWhileItsTraceIsStillMapped() throws Exception {
        JsonNode lat = analyze(agentTraceLines()).get("latency");
        assertEquals(1, lat.get("malformed_spans").asLong());
        assertEquals(6, lat.at("/malformed_span_samples/0/line").asLong());
        assertTrue(lat.at("/malformed_span_samples/0/reason").asText().contains("endTimeUnixNano"));
        assertTrue(lat.get("notes").toString().contains(":6: "), lat.get("notes").toString());
    }

    @Test
    void theSameSpanSentTwiceCountsOnce() throws Exception {
        List<String> lines = agentTraceLines();
        lines.add(lines.get(6)); // chat #1 again (a retried export)
        JsonNode lat = analyze(lines).get("latency");
        assertEquals(1, lat.get("repeated_spans").asLong());
        assertEquals(11, lat.get("spans").asLong());
        assertEquals(1200.0, trace(analyze(lines), "a1a1").get("wall_ms").asDouble(), 1e-9);
    }

    @Test
    void logsWithoutSpansHaveNoLatencySection() throws Exception {
        Path f = TestSupport.write(tmp, "canonical.jsonl", TestSupport.GOOD_LINE + "\n");
        JsonNode j = TestSupport.cli("analyze", "-f", "json", "-q", f.toString()).json();
        assertFalse(j.has("latency"));
    }

    @Test
    void theRealLangfuseFixturesAreOneGenerationPerTraceSoLlmCallsAreAllOfTheirTimeAndCost() {
        Path dir = TestSupport.shared("data/litellm-logs/langfuse_expected_request_body");
        JsonNode j = TestSupport.cli("analyze", "-f", "json", "-q", "--top", "100", dir.toString()).json();
        assertTrue(JsonSchemas.violations("analyze-logs", j).isEmpty(), JsonSchemas.violations("analyze-logs", j).toString());
        JsonNode lat = j.get("latency");
        // 18 files, 17 generations (two files carry the same one): one observation per trace
        assertEquals(17, lat.get("traces").asLong());
        assertEquals(17, lat.get("spans").asLong());
        assertEquals(1, lat.get("repeated_spans").asLong());
        assertEquals(j.get("cost_usd").asDouble(), lat.get("cost_usd").asDouble(), 1e-15);
        assertEquals("LLM calls: 100.0% of latency, 100.0% of cost", lat.get("headline").asText());
        double wall = 0;
        for (JsonNode t : lat.get("slowest_traces")) {
            assertEquals(1.0, t.at("/wall_share/llm").asDouble(), 0, t.toString());
            assertEquals(1.0, sum(t.get("critical_path_share")), 1e-12);
            wall += t.get("wall_ms").asDouble();
        }
        assertEquals(lat.get("wall_ms").asDouble(), wall, 1e-9);
        // completion.json's generation: startTime 07:31:28.960749-08:00, endTime 07:31:28.962389-08:00 (microseconds kept)
        assertEquals(1.640, trace(j, "litellm-test-f3ab679b").get("wall_ms").asDouble(), 1e-9);
    }

    /** One exported Langfuse observation; times in ms after 2026-01-01T10:00:00Z. */
    static String observation(String id, String parent, String type, long from, Long to, String extra) {
        return "{\"id\":\"" + id + "\",\"traceId\":\"lf-trace-1\",\"type\":\"" + type + "\",\"name\":\"" + id + "\""
                + (parent == null ? "" : ",\"parentObservationId\":\"" + parent + "\"")
                + ",\"startTime\":\"" + java.time.Instant.parse("2026-01-01T10:00:00Z").plusMillis(from) + "\""
                + (to == null ? "" : ",\"endTime\":\"" + java.time.Instant.parse("2026-01-01T10:00:00Z").plusMillis(to) + "\"")
                + extra + "}";
    }

    @Test
    void anExportedLangfuseTraceStartingWithASpanIsReadAndItsObservationTypesGiveTheStages() throws Exception {
        // root SPAN [0,1000); RETRIEVER [0,200); GENERATION [200,700) $0.01 as logged; TOOL [700,900); an EVENT at 950
        List<String> lines = List.of(
                observation("root", null, "SPAN", 0, 1000L, ""),
                observation("search", "root", "RETRIEVER", 0, 200L, ""),
                observation("answer", "root", "GENERATION", 200, 700L, ",\"model\":\"gpt-4o\","
                        + "\"usageDetails\":{\"input\":1000,\"output\":200}"),
                observation("lookup", "root", "TOOL", 700, 900L, ""),
                observation("done", "root", "EVENT", 950, null, ""),
                observation("unfinished", "root", "AGENT", 960, null, ""));
        Path f = tmp.resolve("langfuse-observations.jsonl");
        Files.write(f, lines);
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(1, j.get("requests").asLong());
        JsonNode t = trace(j, "lf-trace-1");
        assertEquals(1000.0, t.get("wall_ms").asDouble(), 1e-9);
        assertEquals(0.2, t.at("/wall_share/retrieval").asDouble(), 1e-12);
        assertEquals(0.5, t.at("/wall_share/llm").asDouble(), 1e-12);
        assertEquals(0.2, t.at("/wall_share/tool").asDouble(), 1e-12);
        assertEquals(0.1, t.at("/wall_share/other").asDouble(), 1e-12);
        assertEquals(1000 * 2.5e-6 + 200 * 10e-6, t.get("cost_usd").asDouble(), 1e-15);
        assertEquals(4, t.get("spans").asLong(), "the event is a point, not a span; the agent without an end is malformed");
        assertEquals(1, j.at("/latency/malformed_spans").asLong());
        assertEquals(6, j.at("/latency/malformed_span_samples/0/line").asLong());
    }

    @Test
    void aLangfuseEventIsAPointNotAZeroMillisecondOtherSpan() throws Exception {
        // review h19b #10: root SPAN [0,1000), a GENERATION [100,200) and an EVENT at 500: 'other' has one span of
        // 1,000 ms, not two (p50 500)
        Path f = tmp.resolve("events.jsonl");
        Files.write(f, List.of(observation("root", null, "SPAN", 0, 1000L, ""),
                observation("answer", "root", "GENERATION", 100, 200L, ",\"model\":\"gpt-4o\","
                        + "\"usageDetails\":{\"input\":1000,\"output\":200}"),
                observation("done", "root", "EVENT", 500, null, "")));
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
        JsonNode lat = run.json().get("latency");
        JsonNode other = lat.at("/stages/" + Stage.OTHER.ordinal());
        assertEquals(1, other.get("spans").asLong());
        assertEquals(1000.0, other.at("/span_ms/p50").asDouble(), 1e-9);
        assertEquals(2, lat.get("spans").asLong());
        assertTrue(lat.get("notes").toString().contains("1 Langfuse event is a point in time"), lat.get("notes").toString());
    }

    @Test
    void aRepeatedSpanKeepsItsLastCopyAsAnalyzeDoesSoTheMapCostsWhatTheReportCosts() throws Exception {
        // review h19b #5 (t7_dup): chat c sent twice, 1,000 then 100,000 input tokens: analyze keeps the last copy
        String tr = "77777777777777777777777777777777";
        List<String> lines = List.of(span(tr, "00000000000000a1", null, "handler", 0, 100),
                chat(tr, "00000000000000c1", "00000000000000a1", 10, 20, 1000, 100),
                chat(tr, "00000000000000c1", "00000000000000a1", 10, 90, 100_000, 100));
        JsonNode j = analyze(lines);
        JsonNode lat = j.get("latency");
        assertEquals(100_000 * 2.5e-6 + 100 * 10e-6, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals(j.get("cost_usd").asDouble(), lat.get("cost_usd").asDouble(), 1e-15);
        assertEquals(1, lat.get("repeated_spans").asLong());
        assertEquals(2, lat.get("spans").asLong());
        assertEquals(0.8, trace(j, "7777").at("/wall_share/llm").asDouble(), 1e-12, "the last copy's times: [10,90)");
    }

    @Test
    void oneThirtyDayTraceDoesNotHideTheMedianTraceAndANoteNamesIt() throws Exception {
        // review h19b #4 (t16_longspan): two traces handler [0,1000) with a chat [100,900) (llm 80%), and a root tool
        // span stuck for 30 days: summed over traces llm is ~0%; the median trace's llm share is 80%
        long day = 86_400_000L;
        List<String> lines = List.of(span("a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1", "00000000000000a1", null, "handler", 0, 1000),
                chat("a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1", "00000000000000c1", "00000000000000a1", 100, 900, 1000, 100),
                span("a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2", "00000000000000a2", null, "handler", 0, 1000),
                chat("a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2", "00000000000000c2", "00000000000000a2", 100, 900, 1000, 100),
                span("a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3", "00000000000000a3", null, "tool stuck", 0, 30 * day,
                        "gen_ai.tool.name", "stuck"));
        JsonNode lat = analyze(lines).get("latency");
        JsonNode llm = lat.at("/stages/0");
        assertEquals(1600.0 / (2000 + 30 * day), llm.get("share_of_wall").asDouble(), 1e-12);
        assertEquals(0.8, llm.get("median_trace_share_of_wall").asDouble(), 1e-12);
        assertEquals(0.0, lat.at("/stages/" + Stage.TOOL.ordinal() + "/median_trace_share_of_wall").asDouble(), 1e-12,
                "two of three traces have no tool: the median trace's tool share is 0");
        assertTrue(lat.get("headline").asText().startsWith("LLM calls: 0.0% of latency (median trace 80.0%), 100.0% of cost"),
                lat.get("headline").asText());
        assertTrue(lat.get("notes").toString().contains("one trace, a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3, is 100.0% of all traced wall time"),
                lat.get("notes").toString());
    }

    @Test
    void sinceAndUntilTakeWholeTracesEachInThePeriodItsFirstSpanStartsIn() throws Exception {
        // review h19b #7 (t10_period): --since 2026-01-01 --until 00:00:01. Trace 1 starts 500 ms before --since (its
        // root [-500,1000), chats [-400,-100) and [100,200), a tool [600,900)): out whole, not half a trace with
        // orphans. Trace 2 [0,100) with a chat [10,90): in. Trace 3 starts at 900 and ends after --until (a chat
        // [1000,1400) in its root [900,1500)): in whole.
        String t1 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", t2 = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", t3 = "cccccccccccccccccccccccccccccccc";
        List<String> lines = List.of(span(t1, "00000000000000a1", null, "handler", -500, 1000),
                chat(t1, "00000000000000a2", "00000000000000a1", -400, -100, 1000, 100),
                chat(t1, "00000000000000a3", "00000000000000a1", 100, 200, 1000, 100),
                span(t1, "00000000000000a4", "00000000000000a1", "tool x", 600, 900, "gen_ai.tool.name", "x"),
                span(t2, "00000000000000b1", null, "handler", 0, 100),
                chat(t2, "00000000000000b2", "00000000000000b1", 10, 90, 1000, 100),
                span(t3, "00000000000000c1", null, "handler", 900, 1500),
                chat(t3, "00000000000000c2", "00000000000000c1", 1000, 1400, 1000, 100));
        Path f = tmp.resolve("period.jsonl");
        Files.write(f, lines);
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", "--since", "2026-01-01",
                "--until", "2026-01-01T00:00:01Z", f.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertTrue(JsonSchemas.violations("analyze-logs", j).isEmpty(), JsonSchemas.violations("analyze-logs", j).toString());
        JsonNode lat = j.get("latency");
        assertEquals(2, lat.get("traces").asLong());
        assertEquals(4, lat.get("spans").asLong());
        assertEquals(4, lat.get("spans_outside_period").asLong());
        assertEquals(700.0, lat.get("wall_ms").asDouble(), 1e-9);
        assertEquals(0, lat.at("/stages/" + Stage.UNTRACED.ordinal() + "/wall_ms").asDouble(), 1e-9);
        assertEquals(400.0 / 600, trace(j, "cccc").at("/wall_share/llm").asDouble(), 1e-12);
        String notes = lat.get("notes").toString();
        assertFalse(notes.contains("not in the input"), notes);
        assertTrue(notes.contains("1 trace (4 spans) starting outside --since/--until left out whole"), notes);
    }

    @Test
    void aSecretInALongTraceIdIsRedactedBeforeTheIdIsCutSoNoPrefixOfItLeaks() throws Exception {
        // review h19b #8 (t15_trunc): 50 't's, a space, then an OpenAI key: cut at 64 characters first, the key's first
        // 13 characters were shown ("sk-proj-AbCdE…"), too short for the redactor to recognise
        String tr = "t".repeat(50) + " sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
        JsonNode j = analyze(List.of(span(tr, "00000000000000a1", null, "handler", 0, 100),
                chat(tr, "00000000000000a2", "00000000000000a1", 10, 90, 1000, 100)));
        String out = j.toString();
        assertFalse(out.contains("sk-proj-AbC"), out);
        assertFalse(out.contains("AbCdE"), out);
        assertTrue(trace(j, "tttt").get("trace_id").asText().contains("[REDACTED"), trace(j, "tttt").toString());
    }

    static double sum(JsonNode shares) {
        double s = 0;
        for (JsonNode v : shares) {
            s += v.asDouble();
        }
        return s;
    }
}
