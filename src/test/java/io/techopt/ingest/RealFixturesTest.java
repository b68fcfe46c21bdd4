package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each reader on the real LiteLLM, Langfuse, OpenAI/Azure Batch and OTel payloads in ../shared/data. */
class RealFixturesTest {
    @Test
    void standardLoggingPayloadPricesTo0_000225() {
        Path f = TestSupport.shared("data/litellm-logs/gcs_pub_sub_body/standard_logging_payload.json");
        JsonNode j = TestSupport.cli("analyze", "-f", "json", "-q", f.toString()).json();
        assertEquals(1, j.get("requests").asLong());
        assertEquals(0.000225, j.get("cost_usd").asDouble(), 1e-15);
        assertEquals(10, j.at("/tokens/input").asLong());
        assertEquals(20, j.at("/tokens/output").asLong());
        assertEquals("gpt-4o", j.at("/by_model/0/price_key").asText());
        // LiteLLM logged 0.00022500000000000002: recomputed and billed agree
        assertEquals(0.000225, j.at("/billing/logged_cost_usd").asDouble(), 1e-15);
        assertEquals(0, j.at("/billing/difference_usd").asDouble(), 1e-12);
        // latency from startTime/endTime with their microseconds: 46.851954 - 46.847371 s
        assertEquals(4.583, j.at("/latency_ms/p50").asDouble(), 1e-9);
    }

    @Test
    void spendLogRowReadsItsStringEncodedMetadata() {
        Path f = TestSupport.shared("data/litellm-logs/gcs_pub_sub_body/spend_logs_payload.json");
        JsonNode j = TestSupport.cli("analyze", "-f", "json", "-q", "--group-by", "session", f.toString()).json();
        assertEquals(1, j.get("requests").asLong());
        assertEquals(0.000225, j.get("cost_usd").asDouble(), 1e-15);
        assertEquals("1234567890", j.at("/groups/0/rows/0/key/session").asText());
    }

    @Test
    void batchApiOutputIsPricedAtBatchRates() {
        Path dir = TestSupport.shared("data/litellm-logs/batch");
        JsonNode j = TestSupport.cli("analyze", "-f", "json", "-q", "--group-by", "provider", dir.toString()).json();
        assertEquals(2, j.get("requests").asLong());
        // gpt-4o-2024-05-13 batch: 51 x $2.50/M + 95 x $7.50/M (half of 5/15)
        // gpt-4o-mini (Azure) batch: 51 x $0.075/M + 16 x $0.30/M
        double openai = 51 * 2.5e-6 + 95 * 7.5e-6;
        double azure = 51 * 0.075e-6 + 16 * 0.3e-6;
        assertEquals(openai + azure, j.get("cost_usd").asDouble(), 1e-15);
        List<String> providers = new ArrayList<>();
        j.at("/groups/0/rows").forEach(r -> providers.add(r.at("/key/provider").asText()));
        assertTrue(providers.containsAll(List.of("openai", "azure")), providers.toString());
        // already batch: no batch lever left
        assertEquals(0, savings(j, "batch"), 0);
    }

    @Test
    void everyLangfuseBatchIngests() throws IOException {
        Path dir = TestSupport.shared("data/litellm-logs/langfuse_expected_request_body");
        long files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).count();
        }
        assertEquals(18, files);
        for (Path f : Files.list(dir).sorted().toList()) {
            JsonNode j = TestSupport.cli("analyze", "-f", "json", "-q", f.toString()).json();
            assertEquals(1, j.get("requests").asLong(), f + " holds one generation");
            assertEquals(0, j.get("bad_lines").asLong(), f.toString());
            assertTrue(j.at("/tokens/output").asLong() > 0, f.toString());
        }
        JsonNode all = TestSupport.cli("analyze", "-f", "json", "-q", dir.toString()).json();
        // two fixture files carry the same generation id: one request, counted once
        assertEquals(17, all.get("requests").asLong());
        assertEquals(1, all.get("duplicate_request_ids").asLong());
        assertEquals(0, all.get("unpriced_models").size(), all.get("unpriced_models").toString());
    }

    @Test
    void otelCapturedResponseResolvesTheBedrockInferenceProfile() {
        Path f = TestSupport.shared("data/litellm-logs/otel/captured_response.json");
        JsonNode j = TestSupport.cli("analyze", "-f", "json", "-q", f.toString()).json();
        assertEquals("us.anthropic.claude-3-7-sonnet-20250219-v1:0", j.at("/by_model/0/price_key").asText());
        assertEquals(14 * 3e-6 + 67 * 15e-6, j.get("cost_usd").asDouble(), 1e-15);
    }

    @Test
    void otlpGenAiSpansBecomeRequestsWithCachedTokensSplitOut() throws URISyntaxException {
        Path f = Path.of(getClass().getResource("/ingest/otlp_genai_spans.json").toURI());
        JsonNode j = TestSupport.cli("analyze", "-f", "json", "-q", f.toString()).json();
        assertEquals(2, j.get("requests").asLong(), "the retrieval span is not an LLM call");
        assertEquals(1, j.get("errors").asLong());
        // gen_ai.usage.input_tokens includes cached tokens: 1200 - 1024 and 5000 - 4000
        assertEquals(176 + 1000, j.at("/tokens/input").asLong());
        assertEquals(1024, j.at("/tokens/cache_read").asLong());
        assertEquals(4000, j.at("/tokens/cache_write").asLong());
        double gpt4o = 176 * 2.5e-6 + 1024 * 1.25e-6 + 80 * 10e-6;
        double sonnet = 1000 * 3e-6 + 4000 * 3.75e-6 + 300 * 15e-6;
        assertEquals(gpt4o + sonnet, j.get("cost_usd").asDouble(), 1e-12);
        for (JsonNode m : j.get("by_model")) {
            double expected = m.get("model").asText().equals("gpt-4o-2024-08-06") ? 327.993 : 2500.0;
            assertEquals(expected, m.at("/latency_ms/p50").asDouble(), 1e-6, m.toString());
        }
    }

    @Test
    void azureTraceCsvIngestsWithAnAssignedModel() {
        Path f = TestSupport.shared("data/azure-llm-trace-2023/AzureLLMInferenceTrace_code.csv");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", "--default-model", "gpt-4o-mini", f.toString());
        JsonNode j = run.json();
        assertEquals(8819, j.get("requests").asLong());
        assertEquals(0, j.get("bad_lines").asLong());
        assertEquals("gpt-4o-mini", j.at("/by_model/0/price_key").asText());
        assertTrue(j.get("cost_usd").asDouble() > 0);
        TestSupport.Run unassigned = TestSupport.cli("analyze", "-f", "json", f.toString());
        assertTrue(unassigned.err().contains("--default-model"), unassigned.err());
        assertEquals(1, unassigned.json().get("unpriced_models").size());
    }

    static double savings(JsonNode j, String lever) {
        for (JsonNode s : j.get("savings")) {
            if (s.get("lever").asText().equals(lever)) {
                return s.get("usd").asDouble();
            }
        }
        throw new AssertionError("no lever " + lever);
    }
}
