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

/** share_by_model is a share of requests: at most 1 per model, even when a cascade's weak and strong model are one. */
class ShareByModelTest {
    @TempDir
    Path dir;

    @Test
    void aOneModelPoolCallsItsModelOnEveryRequestOnceAndHasNoCascadeToItself() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            b.append(String.format("{\"request_id\":\"r%d\",\"timestamp\":\"2026-10-01T10:%02d:00Z\",\"model\":\"gpt-4o-mini\","
                    + "\"task_type\":\"summarization\",\"quality\":%.2f,\"usage\":{\"input_tokens\":500,\"output_tokens\":80}}\n", i, i, i % 2 == 0 ? 0.3 : 0.9));
        }
        Path log = TestSupport.write(dir, "one-model.jsonl", b.toString());
        TestSupport.Run run = TestSupport.cli("route-sim", log.toString(), "-f", "json", "-q");
        assertEquals(0, run.code(), run.err());
        for (JsonNode s : run.json().get("strategies")) {
            s.get("share_by_model").fields().forEachRemaining(e ->
                    assertTrue(e.getValue().asDouble() <= 1.0, s.get("name").asText() + ": " + e.getKey() + " = " + e.getValue()));
        }
        // review r9 #4: a one-model pool has no cascade (nor threshold) at all: it would escalate the model to itself
        for (JsonNode s : run.json().get("strategies")) {
            assertFalse(s.get("name").asText().startsWith("cascade") || s.get("name").asText().startsWith("threshold"), s.toString());
            assertEquals(1.0, s.at("/share_by_model/gpt-4o-mini").asDouble(), 1e-12, s.toString());
        }
    }
}
