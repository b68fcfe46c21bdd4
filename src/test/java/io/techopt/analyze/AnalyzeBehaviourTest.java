package io.techopt.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalyzeBehaviourTest {
    @TempDir
    Path tmp;

    @Test
    void recordsWithoutUsageAreCountedWithTheTokenizerAndMarkedEstimated() throws IOException {
        String payload = """
                {"id": "chatcmpl-1", "call_type": "completion", "startTime": "2025-06-01 10:00:00.000000",
                 "endTime": "2025-06-01 10:00:01.500000", "model": "gpt-4o", "status": "success",
                 "messages": [{"role": "user", "content": "Hello, world!"}],
                 "response": {"choices": [{"message": {"role": "assistant", "content": "Hi! How can I help?"}}]}}
                """.replace("\n", " ");
        Path f = TestSupport.write(tmp, "no-usage.jsonl", payload + "\n");
        JsonNode j = TestSupport.cli("analyze", "-f", "json", "-q", f.toString()).json();
        Encoding o200k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        long prompt = 3 + 3 + o200k.countTokens("user") + o200k.countTokens("Hello, world!"); // OpenAI's chat framing
        assertEquals(1, j.get("estimated_requests").asLong());
        assertEquals(prompt, j.at("/tokens/input").asLong());
        assertEquals(o200k.countTokens("Hi! How can I help?"), j.at("/tokens/output").asLong());
        assertEquals(1500.0, j.at("/latency_ms/p50").asDouble(), 1e-9);
    }

    @Test
    void groupsCombineDimensionsAndSumTheTail() throws IOException {
        Path sample = Path.of("samples/requests.jsonl.gz");
        JsonNode j = TestSupport.cli("analyze", "-f", "json", "-q", "--group-by", "team+model", "--top", "5",
                "--group-by", "user", sample.toString()).json();
        JsonNode teamModel = j.at("/groups/0");
        assertEquals("[\"team\",\"model\"]", teamModel.get("by").toString());
        assertEquals(6, teamModel.get("rows").size(), "five groups and the rest");
        JsonNode rest = teamModel.get("rows").get(5);
        assertTrue(rest.at("/key/team").asText().matches("\\(\\d+ more\\)"), rest.toString());
        long sum = 0;
        double cost = 0;
        for (JsonNode r : teamModel.get("rows")) {
            sum += r.get("requests").asLong();
            cost += r.get("cost_usd").asDouble();
        }
        assertEquals(j.get("requests").asLong(), sum, "every request is in one row");
        assertEquals(j.get("cost_usd").asDouble(), cost, 1e-9);
        for (JsonNode r : j.at("/groups/1/rows")) {
            assertTrue(!r.at("/key/user").asText().contains("@"), "e-mail users are pseudonymized: " + r);
        }
    }

    @Test
    void bundledSampleIsWhatTheGeneratorWritesForSeed42() throws IOException {
        Path fresh = tmp.resolve("s.jsonl");
        assertEquals(0, TestSupport.cli("samples", "generate", "--requests", "3000", "--seed", "42", "--days", "30",
                "--out", fresh.toString()).code());
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("samples/requests.jsonl.gz")))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            assertEquals(Files.readString(fresh), b.toString(java.nio.charset.StandardCharsets.UTF_8),
                    "regenerate samples/requests.jsonl.gz with the README's command");
        }
        JsonNode j = TestSupport.cli("analyze", "-f", "json", "-q", fresh.toString()).json();
        assertTrue(j.get("by_model").size() >= 6);
        assertTrue(j.at("/tokens/cache_read").asLong() > 0 && j.get("errors").asLong() > 0);
        assertTrue(j.at("/sessions/sessions").asLong() > 100);
        assertTrue(j.at("/repeats/exact_repeat_rate").asDouble() > 0.1);
        assertEquals(30, j.at("/period/days").asLong());
        for (JsonNode s : j.get("savings")) {
            assertTrue(s.get("usd").asDouble() > 0, "every lever finds something in the sample: " + s);
        }
    }
}
