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
 * A log without prompts gives the semantic cache nothing to compare: its lever is unknown, not $0 (as exact_cache and
 * prompt_cache already are), in analyze's savings and in the plan.
 */
class SemanticLeverWithoutPromptsIsNullTest {
    @TempDir
    Path tmp;

    @Test
    void withoutAnyPromptTheSemanticCacheLeverIsNullWithItsReasonNotZero() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append("{\"timestamp\":\"2026-10-01T10:").append(String.format("%02d", i)).append(":00Z\",\"model\":\"gpt-4o\","
                    + "\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}\n");
        }
        Path f = TestSupport.write(tmp, "no-prompts.jsonl", sb.toString());
        JsonNode j = TestSupport.cli("analyze", f.toString(), "--semantic-cache", "hash", "--plan", "-f", "json", "-q").json();
        JsonNode lever = null;
        for (JsonNode s : j.get("savings")) {
            if (s.get("lever").asText().equals("semantic_cache")) {
                lever = s;
            }
        }
        assertTrue(lever != null && lever.get("usd").isNull(), "savings semantic_cache: " + lever);
        assertTrue(j.get("warnings").toString().contains("savings semantic_cache: usd and share_of_cost are null"), j.get("warnings").toString());
        JsonNode step = j.at("/plan/levers/1");
        assertEquals("semantic_cache", step.get("lever").asText());
        assertTrue(step.get("usd_saved").isNull(), step.toString());
        assertTrue(step.get("notes").get(0).asText().contains("prompt"), step.toString());
    }
}
