package io.techopt.budget;

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
 * Issue 12 defect 2 in budget: a prompt's size (every prompt token, whatever its rate) is {@code prompt_tokens}, never
 * {@code input_tokens}, which is full-rate input only; totals use analyze's token kinds and cost.
 */
class BudgetTokenColumnsTest {
    @TempDir
    Path tmp;

    @Test
    void promptSizesCountCachedTokensUnderTheirOwnNameAndTotalsMatchAnalyze() throws IOException {
        Path log = TestSupport.write(tmp, "cached.jsonl", String.join("\n",
                "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"claude-sonnet-4-20250514\",\"task_type\":\"simple_qa\","
                        + "\"usage\":{\"input_tokens\":100,\"cache_read_input_tokens\":1000,\"cache_creation_input_tokens\":200,"
                        + "\"output_tokens\":50,\"reasoning_tokens\":20}}",
                "{\"timestamp\":\"2026-10-01T10:01:00Z\",\"model\":\"claude-sonnet-4-20250514\",\"task_type\":\"simple_qa\","
                        + "\"status\":\"error\",\"usage\":{\"input_tokens\":300,\"output_tokens\":0}}",
                "{\"timestamp\":\"2026-10-01T10:02:00Z\",\"model\":\"acme-unknown-7\",\"task_type\":\"summarization\","
                        + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}", ""));
        TestSupport.Run run = TestSupport.cli("budget", "-f", "json", "-q", log.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        JsonNode g = j.at("/groups/0");
        assertFalse(g.has("input_tokens"), "a prompt's size is not full-rate input: " + g);
        assertEquals(1300.0, g.at("/prompt_tokens/p99").asDouble(), 1e-9, "100 full-rate + 1,000 cache read + 200 cache write");

        JsonNode a = TestSupport.cli("analyze", "-f", "json", "-q", log.toString()).json();
        assertEquals(a.get("requests").asLong(), j.get("requests").asLong());
        assertEquals(a.get("errors").asLong(), j.get("errors").asLong());
        assertEquals(a.get("cost_usd").asDouble(), j.get("cost_usd").asDouble(), 1e-12);
        for (String kind : new String[]{"input", "cache_read", "cache_write", "output", "reasoning"}) {
            assertEquals(a.at("/tokens/" + kind).asLong(), j.at("/tokens/" + kind).asLong(), kind);
        }
        assertEquals(410, j.at("/tokens/input").asLong(), "full-rate input of every request: 100 + 300 + 10");
        assertEquals(1000, j.at("/tokens/cache_read").asLong());
        String table = TestSupport.cli("budget", "-f", "csv", "-q", log.toString()).out();
        assertTrue(table.contains("prompt_p50") && !table.contains("in_p50"), table);
    }
}
