package io.techopt.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Most logs (OpenAI's own usage export, many proxies) name the model and not the provider: --group-by provider put
 * every request in one "(none)" group although the price catalog knows whose model each is (the FOCUS export already
 * takes ProviderName from it). A request without a provider field is grouped under its catalog entry's provider, with
 * a note saying how many were; a logged provider always wins, and a model no catalog knows stays "(none)".
 */
class GroupByProviderOfALogWithoutProvidersTest {
    @TempDir
    Path tmp;

    private static String line(String id, String model, String provider) {
        return "{\"timestamp\":\"2026-10-01T01:05:15Z\",\"request_id\":\"" + id + "\",\"model\":\"" + model + "\""
                + (provider == null ? "" : ",\"provider\":\"" + provider + "\"")
                + ",\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}\n";
    }

    @Test
    void requestsWithoutAProviderFieldAreGroupedUnderTheirCatalogProviderWithANote() throws IOException {
        Path log = tmp.resolve("no-provider.jsonl");
        Files.writeString(log, line("a1", "gpt-4o", null) + line("a2", "claude-sonnet-4-20250514", null)
                + line("a3", "mystery-model", null) + line("a4", "gpt-4o", "openai"));
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", "--group-by", "provider", log.toString());
        assertEquals(0, r.code(), r.err());
        Map<String, Long> requests = new HashMap<>();
        Map<String, Double> cost = new HashMap<>();
        for (JsonNode row : r.json().get("groups").get(0).get("rows")) {
            requests.put(row.get("key").get("provider").asText(), row.get("requests").asLong());
            cost.put(row.get("key").get("provider").asText(), row.get("cost_usd").isNull() ? null : row.get("cost_usd").asDouble());
        }
        assertEquals(Map.of("openai", 2L, "anthropic", 1L, "(none)", 1L), requests, r.out());
        assertEquals(0.007, cost.get("openai"), 1e-12);
        assertEquals(0.0045, cost.get("anthropic"), 1e-12);
        String warnings = r.json().get("warnings").toString();
        assertTrue(warnings.contains("groups by provider: 2 requests log no provider and are grouped under their model's "
                + "provider in the price catalog"), warnings);
    }

    @Test
    void aLoggedProviderIsKeptEvenWhereTheCatalogNamesAnother() throws IOException {
        Path log = tmp.resolve("azure.jsonl");
        Files.writeString(log, line("b1", "gpt-4o", "azure") + line("b2", "gpt-4o", "azure"));
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", "--group-by", "provider", log.toString());
        JsonNode rows = r.json().get("groups").get(0).get("rows");
        assertEquals(1, rows.size(), rows.toString());
        assertEquals("azure", rows.get(0).get("key").get("provider").asText());
        assertTrue(!r.json().get("warnings").toString().contains("log no provider"), r.json().get("warnings").toString());
    }
}
