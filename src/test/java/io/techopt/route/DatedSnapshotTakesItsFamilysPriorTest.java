package io.techopt.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r11 #10: the default pool read each model's tier (and so its quality prior) from its price, so
 * gpt-4o-2024-05-13 ($5/$15, an older snapshot dearer than gpt-4o's $2.50/$10) was "premium" with prior 0.88 against
 * gpt-4o's 0.80, became the strong model, and model-router, adaptive and always-strong sent every request to it at
 * "+0.107 quality". A dated snapshot takes its family's tier and prior; on a tie the family's own model is the strong one.
 */
class DatedSnapshotTakesItsFamilysPriorTest {
    @TempDir
    Path tmp;

    @Test
    void aDearerDatedSnapshotIsNotRatedAboveItsFamilyAndTheFamilysModelIsTheStrongOne() throws IOException {
        String[] models = {"gpt-4o", "gpt-4o-2024-05-13", "gpt-4o-mini", "gpt-4o-mini", "gpt-4o", "gpt-4o-mini"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            sb.append(String.format("{\"timestamp\":\"2026-10-06T10:%02d:00Z\",\"model\":\"%s\",\"provider\":\"openai\",\"request_id\":\"p%d\","
                    + "\"usage\":{\"input_tokens\":1000,\"output_tokens\":100},\"latency_ms\":1000,\"response\":\"Answer %d\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Explain photosynthesis in plants %d in detail.\"}]}%n",
                    i, models[i % models.length], i, i, i));
        }
        Path log = TestSupport.write(tmp, "alias.jsonl", sb.toString());
        TestSupport.Run r = TestSupport.cli("route-sim", log.toString(), "-f", "json", "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        JsonNode family = null, snapshot = null;
        for (JsonNode m : j.get("models")) {
            if (m.get("model").asText().equals("gpt-4o")) {
                family = m;
            } else if (m.get("model").asText().equals("gpt-4o-2024-05-13")) {
                snapshot = m;
            }
        }
        assertTrue(family != null && snapshot != null, j.get("models").toString());
        assertEquals(family.get("tier").asText(), snapshot.get("tier").asText(), "the snapshot takes its family's tier");
        assertEquals(family.get("quality_prior").asDouble(), snapshot.get("quality_prior").asDouble(), 0.0);
        assertEquals("gpt-4o", j.get("strong_model").asText());
        String notes = j.get("assumptions").toString();
        assertTrue(notes.contains("gpt-4o-2024-05-13 is a dated snapshot of gpt-4o"), notes);
    }
}
