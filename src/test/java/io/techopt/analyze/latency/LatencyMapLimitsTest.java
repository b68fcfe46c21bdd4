package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.ingest.Span;
import io.techopt.pricing.PriceBook;
import io.techopt.report.JsonRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What happens beyond the memory limits, with hostile ids, and with Langfuse observation types. */
class LatencyMapLimitsTest {
    static final long T0 = 1_767_225_600_000L * 1_000_000L, MS = 1_000_000L;

    @TempDir
    Path tmp;

    static Span span(String trace, String id, String parent, long fromMs, long toMs, String type) {
        return new Span("f.jsonl", 1, trace, id, parent, T0 + fromMs * MS, T0 + toMs * MS, "step", 0, null, type, null,
                null, null, null);
    }

    @Test
    void aTraceThatNoLongerFitsIsLeftOutWholeAndCountedNeverMappedInPart() {
        LatencyMap m = new LatencyMap(PriceBook.builtin(), null, 10, 5, 100);
        // trace A: 3 spans; trace B: 2 spans, then a third that exceeds the 5-span limit: B is dropped whole
        m.acceptSpan(span("A", "a1", null, 0, 100, "SPAN"));
        m.acceptSpan(span("B", "b1", null, 0, 100, "SPAN"));
        m.acceptSpan(span("A", "a2", "a1", 10, 50, "TOOL"));
        m.acceptSpan(span("B", "b2", "b1", 10, 90, "GENERATION"));
        m.acceptSpan(span("A", "a3", "a1", 50, 90, "GENERATION"));
        m.acceptSpan(span("B", "b3", "b1", 90, 100, "TOOL")); // the 6th span
        m.acceptSpan(span("B", "b4", "b1", 95, 100, "TOOL")); // later spans of B: counted too
        m.acceptSpan(span("C", "c1", null, 0, 10, "SPAN")); // a new trace beyond the limit
        LatencyResult r = m.finish();
        assertEquals(1, r.traces());
        assertEquals(3, r.spans());
        assertEquals("A", r.slowestTraces().get(0).traceId());
        assertEquals(2, r.tracesBeyondLimit());
        assertEquals(5, r.spansBeyondLimit(), "B's two kept spans, its two later ones and C's");
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("2 traces (5 spans) beyond the limit of 5 spans")), r.notes().toString());
        // Langfuse types: TOOL [10,50), GENERATION [50,90), the root alone otherwise
        assertEquals(0.4, r.slowestTraces().get(0).wallShare().get("tool"), 1e-12);
        assertEquals(0.4, r.slowestTraces().get(0).wallShare().get("llm"), 1e-12);
        assertEquals(0.2, r.slowestTraces().get(0).wallShare().get("other"), 1e-12);
    }

    @Test
    void theTraceLimitKeepsSpansOfTracesAlreadyKept() {
        LatencyMap m = new LatencyMap(PriceBook.builtin(), null, 10, 100, 1);
        m.acceptSpan(span("A", "a1", null, 0, 100, "SPAN"));
        m.acceptSpan(span("B", "b1", null, 0, 100, "SPAN"));
        m.acceptSpan(span("A", "a2", "a1", 0, 100, "GENERATION"));
        LatencyResult r = m.finish();
        assertEquals(2, r.spans());
        assertEquals(1, r.tracesBeyondLimit());
        assertEquals(1.0, r.slowestTraces().get(0).wallShare().get("llm"), 1e-12);
    }

    @Test
    void aSecretInATraceIdOrAFileNameNeverReachesAnyFormat() throws Exception {
        String key = "sk-proj-" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0";
        Path f = tmp.resolve("traces.jsonl");
        List<String> lines = new ArrayList<>();
        lines.add(LatencyMapCliTest.chat(key, "0000000000000001", null, 0, 100, 100, 10));
        lines.add(LatencyMapCliTest.span(key, "0000000000000002", null, "tool " + key, 100, 200, "gen_ai.tool.name", key));
        lines.add(LatencyMapCliTest.span(key, "0000000000000003", null, "x", 10, 20).replace("\"endTimeUnixNano\"", "\"end\""));
        Files.write(f, lines);
        for (String format : List.of("json", "table", "csv", "markdown", "html")) {
            TestSupport.Run run = TestSupport.cliWithEveryCsvTable("analyze", "-f", format, f.toString());
            assertEquals(0, run.code(), run.err());
            assertFalse(run.out().contains(key.substring(8)) || run.err().contains(key.substring(8)), format + ":\n" + run.out());
            assertTrue(run.out().contains("Latency") || run.out().contains("latency"), format);
        }
        JsonNode lat = TestSupport.cli("analyze", "-f", "json", "-q", f.toString()).json().get("latency");
        assertEquals(0.5, lat.at("/slowest_traces/0/wall_share/llm").asDouble(), 1e-12);
        assertEquals(1, lat.get("malformed_spans").asLong());
    }

    @Test
    void parentLoopsAndOrphansAreCutAndSaidAndTheSharesStillSumToOne() {
        LatencyMap m = new LatencyMap(PriceBook.builtin(), null, 10);
        m.acceptSpan(span("T", "x", "y", 0, 100, "SPAN"));
        m.acceptSpan(span("T", "y", "x", 20, 80, "GENERATION"));
        m.acceptSpan(span("T", "z", "missing", 150, 200, "TOOL"));
        LatencyResult r = m.finish();
        String notes = String.join("\n", r.notes());
        assertTrue(notes.contains("1 parent link formed a loop"), notes);
        assertTrue(notes.contains("1 span names a parent not in the input"), notes);
        double sum = r.slowestTraces().get(0).wallShare().values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(1.0, sum, 1e-12);
        assertEquals(50.0 / 200, r.slowestTraces().get(0).wallShare().get("untraced"), 1e-12);
        assertTrue(JsonRenderer.mapper().valueToTree(r).has("slowest_traces"));
    }
}
