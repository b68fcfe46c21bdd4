package io.techopt.analyze.change;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.contract.JsonSchemas;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The change between two halves of real logs (the bundled sample; the Azure LLM inference trace, real arrival times
 * and token counts): the effects add up to the change to 1e-9 in total and in every row, and the two costs are what
 * analyze reports for each half alone.
 */
class CostChangeOnRealLogsTest {
    static final String SAMPLE = "samples/requests.jsonl.gz";

    @Test
    void theBundledSamplesTwoHalves() {
        check(SAMPLE, List.of(), "2026-10-01", "2026-10-16", "2026-10-31");
    }

    @Test
    void theAzureConversationTracesTwoHalfHours() {
        check(TestSupport.shared("data/azure-llm-trace-2023/AzureLLMInferenceTrace_conv.csv").toString(),
                List.of("--default-model", "gpt-4o-mini"), "2023-11-16T18:15:00Z", "2023-11-16T18:45:00Z", "2023-11-16T19:15:00Z");
    }

    static void check(String log, List<String> extra, String b0, String c0, String c1) {
        JsonNode j = run(log, extra, "--since", c0, "--until", c1, "--compare-to", b0 + ".." + c0);
        assertEquals(List.of(), JsonSchemas.violations("analyze-logs", j));
        JsonNode c = j.get("change");
        assertTrue(c.get("change_usd").isNumber(), c.toString());
        assertAddsUp(c, "total");
        double modelChange = 0;
        for (JsonNode row : c.get("by_model")) {
            if (!row.get("change_usd").isNull()) {
                assertAddsUp(row, "model " + row.get("model"));
                modelChange += row.get("change_usd").asDouble();
            }
        }
        double teamChange = 0;
        for (JsonNode row : c.get("by_team")) {
            if (!row.get("change_usd").isNull()) {
                assertAddsUp(row, "team " + row.get("team"));
                teamChange += row.get("change_usd").asDouble();
            }
        }
        assertEquals(c.get("change_usd").asDouble(), modelChange, 1e-9);
        assertEquals(c.get("change_usd").asDouble(), teamChange, 1e-9);
        assertEquals(j.get("cost_usd").asDouble(), c.at("/current/cost_usd").asDouble(), 1e-9);
        JsonNode base = run(log, extra, "--since", b0, "--until", c0);
        assertEquals(base.get("cost_usd").asDouble(), c.at("/baseline/cost_usd").asDouble(), 1e-9);
        assertEquals(base.get("requests").asLong(), c.at("/baseline/requests").asLong());
    }

    static JsonNode run(String log, List<String> extra, String... args) {
        List<String> a = new ArrayList<>(List.of("analyze", log, "-q", "-f", "json"));
        a.addAll(extra);
        a.addAll(List.of(args));
        TestSupport.Run r = TestSupport.cli(a.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return r.json();
    }

    static void assertAddsUp(JsonNode node, String where) {
        double sum = 0;
        for (String k : CostChangeTest.EFFECTS) {
            sum += node.get("effects").get(k).asDouble();
        }
        assertEquals(node.get("change_usd").asDouble(), sum, 1e-9, where + ": " + node.get("effects"));
    }
}
