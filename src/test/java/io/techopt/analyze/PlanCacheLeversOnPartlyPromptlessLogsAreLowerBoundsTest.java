package io.techopt.analyze;

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
 * Review h19: when only some requests carry their prompt, the requests without one cannot be matched by a cache, so
 * the exact-cache and semantic-cache figures are lower bounds; their notes said nothing (/tmp/rv-h19/gen/nomsgs_some).
 */
class PlanCacheLeversOnPartlyPromptlessLogsAreLowerBoundsTest {
    @TempDir
    Path tmp;

    /** 20 requests asking one question (19 exact repeats), then `promptless` requests logged without messages. */
    private Path log(int promptless) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20 + promptless; i++) {
            String messages = i < 20 ? ",\"messages\":[{\"role\":\"user\",\"content\":\"How do I reset my password?\"}]" : "";
            sb.append(String.format("{\"timestamp\":\"2026-10-05T00:%02d:00Z\",\"model\":\"gpt-4o\",\"request_id\":\"r%d\","
                    + "\"usage\":{\"input_tokens\":500,\"output_tokens\":100},\"response\":\"ok\",\"latency_ms\":1500%s}%n",
                    i, i, messages));
        }
        return TestSupport.write(tmp, "some" + promptless + ".jsonl", sb.toString());
    }

    private static JsonNode find(JsonNode array, String key, String lever) {
        for (JsonNode s : array) {
            if (s.get(key).asText().equals(lever)) {
                return s;
            }
        }
        throw new AssertionError("no " + lever + " in " + array);
    }

    private static JsonNode run(Path log) {
        TestSupport.Run r = TestSupport.cli("analyze", log.toString(), "--semantic-cache", "hash", "--plan", "-f", "json", "-q");
        assertEquals(0, r.code(), r.err());
        return r.json();
    }

    @Test
    void requestsWithoutAPromptMakeTheCacheFiguresLowerBoundsInSavingsAndPlan() throws IOException {
        JsonNode j = run(log(10));
        JsonNode exact = find(j.get("savings"), "lever", "exact_cache");
        assertEquals(19, exact.get("requests").asLong(), exact.toString());
        String a = exact.get("assumptions").toString();
        assertTrue(a.contains("lower bound") && a.contains("10 of the 30 requests"), a);
        for (String lever : new String[]{"exact_cache", "semantic_cache"}) {
            String notes = find(j.at("/plan/levers"), "lever", lever).get("notes").toString();
            assertTrue(notes.contains("lower bound") && notes.contains("10 of the 30 requests"), lever + ": " + notes);
        }
        String semantic = find(j.get("savings"), "lever", "semantic_cache").get("assumptions").toString();
        assertTrue(semantic.contains("lower bound"), semantic);
    }

    @Test
    void whenEveryRequestCarriesItsPromptNoLowerBoundIsClaimed() throws IOException {
        JsonNode j = run(log(0));
        for (String lever : new String[]{"exact_cache", "semantic_cache"}) {
            String notes = find(j.at("/plan/levers"), "lever", lever).get("notes").toString();
            assertFalse(notes.contains("lower bound"), lever + ": " + notes);
        }
    }
}
