package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ../shared/data/openllmetry-usage holds 855 recorded provider responses (OpenLLMetry's vcrpy cassettes, one
 * interaction a line: host, HTTP status, Date header, models, raw usage). Sniffed as canonical, every line was bad
 * ("field 'status' must be ...": the HTTP status), exit 3. Each interaction with token usage is a request now, priced
 * from its provider's own usage shape; one whose response had no Date header is a bad line saying so; one without
 * token counts (rerank units) is ignored.
 */
class RecordedProviderInteractionsAreReadTest {
    @TempDir
    Path tmp;

    @Test
    void theOpenLlmetryCassetteFileIsReadNotEightHundredFiftyFiveBadLines() throws Exception {
        Path f = TestSupport.shared("data/openllmetry-usage/openllmetry_cassette_usage.jsonl");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", f.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode in = run.json().get("ingest");
        assertEquals(855, in.get("lines_read").asLong());
        // by the file: 65 interactions have no Date header (api.writer.com 64, one Mistral stream); 7 carry no tokens
        assertEquals(65, in.get("bad_lines").asLong());
        assertEquals(7, in.get("ignored_lines").asLong());
        assertEquals(783, in.get("requests_read").asLong());
        for (JsonNode b : in.get("bad_line_samples")) {
            assertTrue(b.get("reason").asText().contains("has no 'date'"), b.toString());
        }
    }

    @Test
    void anInteractionIsPricedFromItsUsageWithItsModelTimeAndStatus() throws Exception {
        // line 1 of the file: gpt-4o-mini-2024-07-18, 23 prompt / 7 completion tokens, 20 Nov 2025
        String openai = "{\"cassette\":\"c.yaml\",\"interaction\":0,\"method\":\"POST\",\"host\":\"api.openai.com\","
                + "\"path\":\"/v1/chat/completions\",\"status\":200,\"date\":\"Thu, 20 Nov 2025 12:06:07 GMT\","
                + "\"request_model\":\"gpt-4o-mini\",\"response_model\":\"gpt-4o-mini-2024-07-18\",\"stream\":false,"
                + "\"usage\":{\"usage\":{\"prompt_tokens\":23,\"completion_tokens\":7,\"total_tokens\":30}}}";
        // a Bedrock call names its model only in the path; a failed call (HTTP 500) is an error
        String bedrock = "{\"cassette\":\"c.yaml\",\"interaction\":1,\"method\":\"POST\",\"host\":\"bedrock-runtime.us-east-1.amazonaws.com\","
                + "\"path\":\"/model/amazon.nova-lite-v1%3A0/converse\",\"status\":500,\"date\":\"Thu, 20 Nov 2025 12:07:07 GMT\","
                + "\"request_model\":null,\"response_model\":null,\"stream\":false,"
                + "\"usage\":{\"usage\":{\"inputTokens\":1000,\"outputTokens\":100,\"totalTokens\":1100}}}";
        Path f = tmp.resolve("cassette.jsonl");
        Files.write(f, List.of(openai, bedrock));
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", f.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(2, j.get("requests").asLong());
        assertEquals(1, j.get("errors").asLong());
        JsonNode byModel = j.get("by_model");
        JsonNode mini = null, nova = null;
        for (JsonNode m : byModel) {
            mini = m.get("model").asText().equals("gpt-4o-mini-2024-07-18") ? m : mini;
            nova = m.get("model").asText().equals("amazon.nova-lite-v1:0") ? m : nova;
        }
        assertTrue(mini != null && nova != null, byModel.toString());
        assertEquals(23 * 0.15e-6 + 7 * 0.6e-6, mini.get("cost_usd").asDouble(), 1e-15, "gpt-4o-mini's built-in prices");
        assertEquals(1000, nova.get("input_tokens").asLong());
        assertEquals("2025-11-20", j.at("/daily/0/date").asText(j.toString()));
    }
}
