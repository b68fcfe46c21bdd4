package io.techopt.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r13 #6: one model sold at two prices (Azure's azure/gpt-4o-mini-2024-07-18 at $0.165/$0.66, OpenAI's
 * gpt-4o-mini-2024-07-18 at $0.15/$0.60 per 1M in LiteLLM's map) stayed two pool models, and route-sim re-priced
 * the OpenAI name's 800-token answers as if Azure wrote 200: "always azure" saved 36% where it costs 6.8% more.
 * Two names that reduce to one by the price book's rules are the same weights: re-priced at the target's prices,
 * the answer keeps its logged length.
 */
class NamesOfOneModelKeepTheLoggedAnswerLengthTest {
    @TempDir
    Path tmp;

    private Path log(String a, int outA, String b, int outB) throws IOException {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (String[] m : new String[][]{{a, String.valueOf(outA)}, {b, String.valueOf(outB)}}) {
            for (int k = 0; k < 10; k++, i++) {
                sb.append(String.format("{\"timestamp\":\"2026-10-01T%02d:%02d:00Z\",\"model\":\"%s\",\"request_id\":\"q%d\","
                        + "\"task_type\":\"summarization\",\"quality\":0.8,\"usage\":{\"input_tokens\":1000,\"output_tokens\":%s},"
                        + "\"latency_ms\":1500}%n", 10 + k, k, m[0], i, m[1]));
            }
        }
        return TestSupport.write(tmp, "one-model-two-prices.jsonl", sb.toString());
    }

    private static String prices() {
        return TestSupport.shared("data/litellm-prices/model_prices_and_context_window.json").toString();
    }

    private static double strategy(JsonNode sim, String name) {
        for (JsonNode s : sim.get("strategies")) {
            if (s.get("name").asText().equals(name)) {
                return s.get("cost_usd").asDouble();
            }
        }
        throw new AssertionError("no strategy '" + name + "' in " + sim.get("strategies"));
    }

    @Test
    void movingEveryRequestToTheDearerServiceOfTheSameModelCostsMoreNotLess() throws IOException {
        Path log = log("azure/gpt-4o-mini-2024-07-18", 200, "gpt-4o-mini-2024-07-18", 800);
        TestSupport.Run r = TestSupport.cli("route-sim", log.toString(), "--prices", prices(), "-f", "json", "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        // by hand: 10 x (1000 x 0.165 + 200 x 0.66) / 1e6 + 10 x (1000 x 0.15 + 800 x 0.60) / 1e6
        assertEquals(0.00927, strategy(j, "as-logged"), 1e-9);
        // all on Azure: its own 10 as logged + 10 x (1000 x 0.165 + 800 x 0.66) / 1e6
        assertEquals(0.00990, strategy(j, "always azure/gpt-4o-mini-2024-07-18"), 1e-9);
        // all on OpenAI: 10 x (1000 x 0.15 + 200 x 0.60) / 1e6 + its own 10 as logged
        assertEquals(0.00900, strategy(j, "always gpt-4o-mini-2024-07-18"), 1e-9);
        for (JsonNode s : j.get("strategies")) {
            assertTrue(s.get("cost_usd").asDouble() >= 0.00900 - 1e-9, "only the price difference can be saved: " + s);
        }
    }

    @Test
    void theGeminiAliasAndItsSnapshotDifferOnlyByPrice() throws IOException {
        Path log = log("gemini-2.0-flash", 200, "gemini-2.0-flash-001", 800);
        TestSupport.Run r = TestSupport.cli("route-sim", log.toString(), "--prices", prices(), "-f", "json", "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(0.0081, strategy(j, "as-logged"), 1e-9);
        // 10 x (1000 x 0.10 + 200 x 0.40) / 1e6 + 10 x (1000 x 0.10 + 800 x 0.40) / 1e6: price alone, -26%, not -56%
        assertEquals(0.0060, strategy(j, "always gemini-2.0-flash"), 1e-9);
    }

    @Test
    void thePlanSavesOnlyThePriceDifferenceAndPrintsTheQualityBarAsGiven() throws IOException {
        Path log = log("azure/gpt-4o-mini-2024-07-18", 200, "gpt-4o-mini-2024-07-18", 800);
        TestSupport.Run r = TestSupport.cli("analyze", log.toString(), "--prices", prices(), "--semantic-cache", "hash",
                "--plan", "-f", "json", "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode routing = r.json().at("/plan/levers/3");
        assertEquals("routing", routing.get("lever").asText());
        // at most moving Azure's 10 requests to OpenAI's prices: 0.00927 - 0.00900
        assertTrue(routing.get("usd_saved").asDouble() <= 0.00027 + 1e-9, routing.toString());
        assertFalse(routing.get("notes").toString().contains("0000000"), routing.toString());
    }
}
