package io.techopt.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.contract.JsonSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review h19 #1: a plan a user acts on never includes a lever that costs money. A lever whose figure on what the
 * earlier levers left is negative is shown with that figure and a "not recommended" note, but not applied: the
 * combined saving is the sum of the applied levers, never negative, never more than the cost.
 */
class PlanNeverAppliesALeverThatCostsMoneyTest {
    private static final String SAMPLE = "samples/requests.jsonl.gz";

    @TempDir
    Path tmp;

    private static JsonNode plan(String log) {
        TestSupport.Run r = TestSupport.cli("analyze", log, "--plan", "-f", "json", "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertTrue(JsonSchemas.violations("analyze-logs", j).isEmpty(), JsonSchemas.violations("analyze-logs", j).toString());
        return j;
    }

    /** The combined saving is the sum of the applied levers' figures, between 0 and the cost. */
    private static void combinedIsTheAppliedLevers(JsonNode p) {
        double applied = 0;
        for (JsonNode s : p.get("levers")) {
            if (s.get("applied").asBoolean()) {
                assertTrue(s.get("usd_saved").asDouble() >= 0, "an applied lever saves money: " + s);
                applied += s.get("usd_saved").asDouble();
            } else if (!s.get("usd_saved").isNull()) {
                assertTrue(s.get("usd_saved").asDouble() < 0, "only a lever that costs money is left out: " + s);
            }
        }
        double cost = p.get("cost_usd").asDouble(), combined = p.get("combined_usd_saved").asDouble();
        assertEquals(applied, combined, 1e-9);
        assertTrue(combined >= 0 && combined <= cost + 1e-12, p.toString());
        assertEquals(cost - combined, p.get("cost_after_usd").asDouble(), 1e-9);
    }

    @Test
    void uniqueLongSystemPromptsOnlyPayCacheWritesSoPromptCacheIsShownButNotApplied() throws IOException {
        // 20 Claude requests, each with its own >1,024-token system prompt: prompt caching only ever writes
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            StringBuilder sys = new StringBuilder("System prompt variant " + i + " unique words");
            for (int w = 0; w < 1500; w++) {
                sys.append(" w").append(i).append('x').append(w);
            }
            sb.append(String.format("{\"timestamp\":\"2026-10-06T10:%02d:00Z\",\"model\":\"claude-sonnet-4-20250514\","
                    + "\"request_id\":\"w%d\",\"usage\":{\"input_tokens\":3000,\"output_tokens\":100},\"messages\":["
                    + "{\"role\":\"system\",\"content\":\"%s\"},{\"role\":\"user\",\"content\":\"Question %d?\"}]}%n",
                    i, i, sys, i));
        }
        Path log = TestSupport.write(tmp, "writes.jsonl", sb.toString());
        JsonNode p = plan(log.toString()).get("plan");
        JsonNode pc = null;
        for (JsonNode s : p.get("levers")) {
            if (s.get("lever").asText().equals("prompt_cache")) {
                pc = s;
            }
        }
        assertTrue(pc != null && pc.get("usd_saved").asDouble() < 0, "prompt_cache loses money here: " + pc);
        assertFalse(pc.get("applied").asBoolean(), pc.toString());
        assertTrue(pc.get("notes").get(0).asText().startsWith("not recommended: it costs more than it saves on this traffic"),
                pc.toString());
        assertEquals(0.0, p.get("combined_usd_saved").asDouble(), 0);
        assertEquals(p.get("cost_usd").asDouble(), p.get("cost_after_usd").asDouble(), 0);
        combinedIsTheAppliedLevers(p);
    }

    @Test
    void onTheSampleALeverSavingMoreInThePlanThanAloneSaysWhichLossesTheCachesRemoved() {
        JsonNode p = plan(SAMPLE).get("plan");
        combinedIsTheAppliedLevers(p);
        int more = 0;
        for (JsonNode s : p.get("levers")) {
            if (s.get("usd_saved").isNull() || !s.get("applied").asBoolean()) {
                continue;
            }
            if (s.get("usd_saved").asDouble() > s.get("alone_usd").asDouble() + 1e-9) {
                more++;
                // what holds: it saves more only because earlier caches answered requests it alone lost money on
                assertTrue(s.get("notes").toString().contains("saves more in the plan"), s.toString());
            }
        }
        assertTrue(more > 0, "on the sample the caches remove requests a later lever loses money on: " + p);
    }
}
