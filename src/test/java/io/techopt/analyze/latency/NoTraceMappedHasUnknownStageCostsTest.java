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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r11 #8: when no trace is mapped (the only trace starts before --since and is left out whole), the map's
 * cost_usd was null but every stage's cost_usd 0.0, a figure nobody measured. Stage costs are null too, and the
 * note that says why names cost_usd.
 */
class NoTraceMappedHasUnknownStageCostsTest {
    @TempDir
    Path tmp;

    @Test
    void aTraceLeftOutWholeByTheSinceLeavesEveryStageCostNullWithItsNote() throws Exception {
        String t = "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0";
        // the trace starts 500 ms before 2026-01-01 (--since); its second call is after it, a request of the period
        Path f = tmp.resolve("traces.jsonl");
        Files.write(f, List.of(span(t, "r", null, "handler", -500, 1000), chat(t, "c", "r", -400, -100, 1000, 100),
                chat(t, "d", "r", 100, 900, 1000, 100)));
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", "--since", "2026-01-01", f.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertTrue(JsonSchemas.violations("analyze-logs", j).isEmpty(), JsonSchemas.violations("analyze-logs", j).toString());
        JsonNode l = j.get("latency");
        assertEquals(0, l.get("traces").asLong());
        assertTrue(l.get("cost_usd").isNull());
        for (JsonNode s : l.get("stages")) {
            assertTrue(s.has("cost_usd") && s.get("cost_usd").isNull(), s.toString());
            assertTrue(s.get("share_of_cost").isNull(), s.toString());
        }
        String notes = l.get("notes").toString();
        assertTrue(notes.contains("no trace could be mapped: cost_usd (of the map and of each stage)"), notes);
        assertTrue(!notes.contains("every call in them is unpriced"), "no stage holds a call: that reason would be wrong: " + notes);
        TestSupport.Run csv = TestSupport.cli("analyze", "-f", "csv", "-q", "--since", "2026-01-01", f.toString(),
                "--table", "latency_stages");
        assertEquals(0, csv.code(), csv.err());
        assertTrue(csv.out().contains("\nllm,0,0,,,0,,,,"), csv.out());
    }
}
