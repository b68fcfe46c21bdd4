package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.techopt.analyze.latency.LatencyMapCliTest.chat;
import static io.techopt.analyze.latency.UsageRolledUpToAnEnclosingSpanIsNotARequestTest.T;
import static io.techopt.analyze.latency.UsageRolledUpToAnEnclosingSpanIsNotARequestTest.agent;
import static io.techopt.analyze.latency.UsageRolledUpToAnEnclosingSpanIsNotARequestTest.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent span's total larger than the calls traced beneath it (a call sampled out) counts only the traced calls, as
 * README says; the warning said only that the totals differ, so the untraced part was nowhere (review r13 #3). It now
 * gives the tokens beyond the traced calls.
 */
class AnAgentTotalBeyondItsTracedCallsIsNamedTest {
    @TempDir
    Path tmp;

    @Test
    void theWarningGivesTheAgentTokensBeyondItsTracedCalls() throws Exception {
        // agent 3000/300 over two traced calls of 1000/100: 1000 prompt and 100 output tokens untraced
        Path f = tmp.resolve("t.jsonl");
        Files.write(f, List.of(document(chat(T, "c1", "a", 100, 1000, 1000, 100), chat(T, "c2", "a", 1100, 2900, 1000, 100),
                agent("a", null, 0, 3000, 3000, 300))));
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", f.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(2, j.get("requests").asLong());
        assertEquals(0.007, j.get("cost_usd").asDouble(), 1e-12);
        assertTrue(j.get("warnings").toString().contains("1 agent span's usage differs from the sum of the calls traced "
                + "beneath (only the traced calls are counted; 1000 prompt and 100 output tokens of the agents' totals are "
                + "beyond their traced calls"), j.get("warnings").toString());
    }
}
