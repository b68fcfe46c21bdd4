package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Review r12 #5: Langfuse's ingestion schema takes usage as its own {input, output, total} or OpenAI's camelCase
 * {promptTokens, completionTokens, totalTokens} (IngestionUsage = Usage | OpenAiUsage). The camelCase shape was read
 * as "no usage", and a generation logging only its cost (costDetails.total) too: both became LLM calls of unknown
 * cost, requests 0, cost null, exit 0. Each is one request: priced from its tokens, or billed as logged.
 */
class LangfuseOpenAiShapedUsageAndCostOnlyTest {
    @TempDir
    Path tmp;

    private JsonNode analyze(String generationBodyExtra) throws IOException {
        String line = "{\"batch\": [{\"id\": \"ev0\", \"type\": \"trace-create\", \"body\": {\"id\": \"trace-1\", \"timestamp\": "
                + "\"2026-03-01T10:00:00.000Z\"}, \"timestamp\": \"2026-03-01T10:00:00Z\"}, {\"id\": \"ev2\", \"type\": "
                + "\"generation-create\", \"body\": {\"id\": \"G1\", \"traceId\": \"trace-1\", \"name\": \"chat\", \"startTime\": "
                + "\"2026-03-01T10:00:00.100Z\", \"endTime\": \"2026-03-01T10:00:00.400Z\", \"model\": \"gpt-4o\", "
                + generationBodyExtra + "}, \"timestamp\": \"2026-03-01T10:00:00Z\"}]}\n";
        Path log = tmp.resolve("lf-" + Math.abs(generationBodyExtra.hashCode()) + ".jsonl");
        Files.writeString(log, line);
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", log.toString());
        assertEquals(0, r.code(), r.err());
        return r.json();
    }

    @Test
    void usageInOpenAisCamelCaseShapeIsPricedFromItsTokens() throws IOException {
        JsonNode j = analyze("\"usage\": {\"promptTokens\": 1000, \"completionTokens\": 100, \"totalTokens\": 1100}");
        assertEquals(1, j.get("requests").asLong(), j.toString());
        assertEquals(0.0035, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals(1000, j.get("tokens").get("input").asLong());
        assertEquals(100, j.get("tokens").get("output").asLong());
    }

    @Test
    void aGenerationLoggingOnlyItsCostIsOneRequestBilledAsLogged() throws IOException {
        JsonNode j = analyze("\"costDetails\": {\"total\": 0.0035}");
        assertEquals(1, j.get("requests").asLong(), j.toString());
        assertEquals(0.0035, j.get("cost_usd").asDouble(), 1e-12);
    }
}
