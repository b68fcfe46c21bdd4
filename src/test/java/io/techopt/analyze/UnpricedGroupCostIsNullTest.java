package io.techopt.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review h12c #3: analyze's group rows gave a group whose requests are all of unpriced models `cost_usd: 0.0` and
 * `cost_share: 0.0`, while by_model rightly gives null. Such a group's cost is null (key present) with a note; a
 * group partly unpriced keeps its number, and a note says it is a lower bound.
 */
class UnpricedGroupCostIsNullTest {
    @TempDir
    static Path dir;

    private static String record(int i, String team, String model) {
        return "{\"timestamp\":\"2026-10-0" + (1 + i % 5) + "T10:" + String.format("%02d", i % 60) + ":00Z\",\"model\":\""
                + model + "\",\"team\":\"" + team + "\",\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}\n";
    }

    private static JsonNode row(JsonNode analysis, String dim, String value) {
        for (JsonNode t : analysis.get("groups")) {
            if (t.get("by").size() == 1 && t.get("by").get(0).asText().equals(dim)) {
                for (JsonNode r : t.get("rows")) {
                    if (r.get("key").get(dim).asText().equals(value)) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no " + dim + "=" + value + " row in " + analysis.get("groups"));
    }

    @Test
    void aGroupAllOnUnpricedModelsHasNullCostAndAPartlyUnpricedOneIsALowerBound() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            sb.append(record(i, "research", "acme-llm-x"));   // all unpriced
            sb.append(record(i, "support", i % 2 == 0 ? "gpt-4o" : "acme-llm-x")); // half unpriced
            sb.append(record(i, "sales", "gpt-4o"));         // all priced
        }
        Path log = TestSupport.write(dir, "groups.jsonl", sb.toString());
        TestSupport.Run run = TestSupport.cli("analyze", "-q", "-f", "json", "--group-by", "model", "--group-by", "team",
                log.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        for (JsonNode r : new JsonNode[]{row(j, "model", "acme-llm-x"), row(j, "team", "research")}) {
            assertTrue(r.has("cost_usd") && r.get("cost_usd").isNull(), r.toString());
            assertTrue(r.has("cost_share") && r.get("cost_share").isNull(), r.toString());
        }
        JsonNode byModel = null;
        for (JsonNode m : j.get("by_model")) {
            byModel = m.get("model").asText().equals("acme-llm-x") ? m : byModel;
        }
        assertTrue(byModel != null && byModel.get("cost_usd").isNull(), "by_model agrees: " + byModel);
        assertEquals(0.035, row(j, "team", "sales").get("cost_usd").asDouble(), 1e-9); // 10 x (1000 x $2.5/M + 100 x $10/M) = 10 x $0.0035
        assertEquals(0.0175, row(j, "team", "support").get("cost_usd").asDouble(), 1e-9);
        String w = j.get("warnings").toString();
        assertTrue(w.contains("cost_usd and cost_share are null") && w.contains("research") && w.contains("acme-llm-x"), w);
        assertTrue(w.contains("lower bound") && w.contains("support"), w);
    }
}
