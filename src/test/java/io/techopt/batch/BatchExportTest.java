package io.techopt.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchExportTest {
    @TempDir
    Path tmp;

    @Test
    void batchableRequestsBecomeBatchApiInputLines() throws IOException {
        Path out = tmp.resolve("batch-input.jsonl");
        assertEquals(0, TestSupport.cli("analyze", "-q", "-f", "json", "--batch-export", out.toString(),
                "--batchable", "summarization,classification", "samples/requests.jsonl.gz").code());
        // independently: successful, not batched, with messages, of those task types, one line per request id
        Set<String> expected = new HashSet<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(Path.of("samples/requests.jsonl.gz"))), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                JsonNode j = TestSupport.JSON.readTree(line);
                if (List.of("summarization", "classification").contains(j.path("task_type").asText())
                        && !"error".equals(j.path("status").asText()) && !j.path("batch").asBoolean(false)
                        && j.path("messages").size() > 0) {
                    expected.add(j.get("request_id").asText());
                }
            }
        }
        List<String> lines = Files.readAllLines(out);
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            JsonNode j = TestSupport.JSON.readTree(line);
            assertEquals("POST", j.get("method").asText());
            assertEquals("/v1/chat/completions", j.get("url").asText());
            assertTrue(j.at("/body/model").isTextual() && j.at("/body/messages").size() > 0);
            assertTrue(ids.add(j.get("custom_id").asText()), "custom_id is unique");
            assertFalse(line.contains("sk-proj-"), "no secret leaves in an export");
        }
        assertEquals(expected, ids);
    }

    @Test
    void aFailedRunLeavesNoExport() throws IOException {
        Path log = TestSupport.write(tmp, "bad.jsonl", TestSupport.GOOD_LINE + "\n{broken\n");
        Path out = tmp.resolve("never.jsonl");
        assertEquals(3, TestSupport.cli("analyze", "--strict", "--batch-export", out.toString(), log.toString()).code());
        assertFalse(Files.exists(out));
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no temporary file left either");
        }
    }

    @Test
    void batchApiOutputShowsTheSavingMeasuredFromItsUsage() {
        JsonNode j = TestSupport.cli("analyze", "-q", "-f", "json", TestSupport.shared("data/litellm-logs/batch").toString()).json();
        double paid = 51 * 2.5e-6 + 95 * 7.5e-6 + 51 * 0.075e-6 + 16 * 0.3e-6;
        double standard = 51 * 5e-6 + 95 * 15e-6 + 51 * 0.15e-6 + 16 * 0.6e-6;
        assertEquals(2, j.at("/batch_api/requests").asLong());
        assertEquals(paid, j.at("/batch_api/cost_usd").asDouble(), 1e-15);
        assertEquals(standard, j.at("/batch_api/cost_at_standard_usd").asDouble(), 1e-15);
        assertEquals(standard - paid, j.at("/batch_api/saved_usd").asDouble(), 1e-15);
    }
}
