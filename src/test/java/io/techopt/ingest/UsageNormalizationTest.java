package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.core.Usage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every recorded provider usage object in OpenLLMetry's cassettes that carries token counts normalizes so that
 * no token is counted twice: the normalized total equals the provider's own total, cached prompt tokens are
 * split out of OpenAI-style prompt counts, and Anthropic-style counts are kept as they are.
 */
class UsageNormalizationTest {
    @Test
    void everyRecordedUsageNormalizesWithoutDoubleCounting() throws Exception {
        Path f = TestSupport.shared("data/openllmetry-usage/openllmetry_cassette_usage.jsonl");
        Map<String, Integer> checkedBySchema = new TreeMap<>();
        int records = 0, withCounts = 0;
        for (String line : Files.readAllLines(f)) {
            JsonNode rec = TestSupport.JSON.readTree(line);
            records++;
            JsonNode raw = rec.get("usage");
            Expected e = expected(raw);
            Usage u = UsageNormalizer.normalize(raw);
            if (e == null) {
                continue; // rerank search units, Pinecone read units: no tokens
            }
            withCounts++;
            String where = rec.get("cassette").asText() + "#" + rec.get("interaction").asText() + " " + raw;
            assertNotNull(u, where);
            assertEquals(e.prompt, u.promptTokens(), "prompt tokens, all kinds: " + where);
            assertEquals(e.output, u.outputTokens(), "output tokens: " + where);
            assertEquals(e.cacheRead, u.cacheReadTokens(), "cache reads: " + where);
            assertEquals(e.prompt - e.cacheRead - e.cacheWrite, u.inputTokens(), "full-rate input: " + where);
            if (e.providerTotal >= 0) {
                assertEquals(e.providerTotal, u.totalTokens(), "the provider's own total: " + where);
            }
            checkedBySchema.merge(e.schema, 1, Integer::sum);
        }
        assertEquals(855, records);
        assertTrue(withCounts >= 840, "records with token counts: " + withCounts + " " + checkedBySchema);
        assertTrue(checkedBySchema.keySet().containsAll(List.of("openai-chat", "openai-responses", "anthropic",
                "bedrock", "gemini", "cohere", "ollama", "stream")), checkedBySchema.toString());
    }

    @Test
    void anthropicOneHourCacheWritesAreKeptApart() throws Exception {
        JsonNode u = TestSupport.JSON.readTree("""
                {"input_tokens": 12, "cache_creation_input_tokens": 3000, "cache_read_input_tokens": 500,
                 "cache_creation": {"ephemeral_5m_input_tokens": 1000, "ephemeral_1h_input_tokens": 2000},
                 "output_tokens": 40}""");
        assertEquals(new Usage(12, 500, 1000, 2000, 40, 0), UsageNormalizer.normalize(u));
    }

    @Test
    void openAiPromptTokensIncludeCachedTokens() throws Exception {
        JsonNode u = TestSupport.JSON.readTree("""
                {"prompt_tokens": 2006, "completion_tokens": 300, "total_tokens": 2306,
                 "prompt_tokens_details": {"cached_tokens": 1920},
                 "completion_tokens_details": {"reasoning_tokens": 192}}""");
        assertEquals(new Usage(86, 1920, 0, 0, 300, 192), UsageNormalizer.normalize(u));
    }

    @Test
    void geminiThoughtsAreOutput() throws Exception {
        JsonNode u = TestSupport.JSON.readTree("""
                {"usageMetadata": {"promptTokenCount": 5000, "cachedContentTokenCount": 4096,
                 "candidatesTokenCount": 877, "thoughtsTokenCount": 1058, "totalTokenCount": 6935}}""");
        assertEquals(new Usage(904, 4096, 0, 0, 1935, 1058), UsageNormalizer.normalize(u));
    }

    private record Expected(String schema, long prompt, long cacheRead, long cacheWrite, long output, long providerTotal) {
    }

    /** What each provider's documentation says its fields mean, written out case by case. */
    static Expected expected(JsonNode raw) {
        if (raw.has("stream_events")) {
            long prompt = -1, read = 0, write = 0, output = -1, total = -1;
            for (JsonNode ev : raw.get("stream_events")) {
                JsonNode u = ev.has("usage") ? ev.get("usage") : ev;
                if (u.has("prompt_tokens")) {
                    prompt = u.get("prompt_tokens").asLong();
                    read = u.path("prompt_tokens_details").path("cached_tokens").asLong(u.path("prompt_token_details").path("cached_tokens").asLong());
                    total = u.path("total_tokens").asLong(-1);
                }
                if (u.has("input_tokens")) {
                    read = u.path("cache_read_input_tokens").asLong();
                    write = u.path("cache_creation_input_tokens").asLong();
                    prompt = u.get("input_tokens").asLong() + read + write;
                }
                if (u.has("prompt_eval_count")) {
                    prompt = u.get("prompt_eval_count").asLong();
                }
                if (u.has("completion_tokens")) {
                    output = u.get("completion_tokens").asLong();
                }
                if (u.has("output_tokens")) {
                    output = u.get("output_tokens").asLong();
                }
                if (u.has("eval_count")) {
                    output = u.get("eval_count").asLong();
                }
            }
            return prompt < 0 && output < 0 ? null : new Expected("stream", Math.max(prompt, 0), read, write, Math.max(output, 0), total);
        }
        if (raw.has("usageMetadata")) {
            JsonNode m = raw.get("usageMetadata");
            long out = m.path("candidatesTokenCount").asLong() + m.path("thoughtsTokenCount").asLong();
            return new Expected("gemini", m.path("promptTokenCount").asLong(), m.path("cachedContentTokenCount").asLong(), 0,
                    out, m.path("totalTokenCount").asLong(-1));
        }
        if (raw.has("meta") || (raw.has("usage") && raw.get("usage").has("billed_units"))) {
            JsonNode b = raw.has("meta") ? raw.get("meta").get("billed_units") : raw.get("usage").get("billed_units");
            if (!b.has("input_tokens") && !b.has("output_tokens")) {
                return null;
            }
            return new Expected("cohere", b.path("input_tokens").asLong(), 0, 0, b.path("output_tokens").asLong(), -1);
        }
        if (raw.has("prompt_eval_count") || raw.has("eval_count")) {
            return new Expected("ollama", raw.path("prompt_eval_count").asLong(), 0, 0, raw.path("eval_count").asLong(), -1);
        }
        if (raw.has("prompt_token_count")) {
            return new Expected("bedrock-meta", raw.get("prompt_token_count").asLong(), 0, 0,
                    raw.path("generation_token_count").asLong(), -1);
        }
        if (raw.has("inputTextTokenCount")) {
            return new Expected("bedrock-titan", raw.get("inputTextTokenCount").asLong(), 0, 0, 0, -1);
        }
        JsonNode u = raw.get("usage");
        if (u == null) {
            return null;
        }
        if (u.has("prompt_tokens") || u.has("completion_tokens")) {
            JsonNode d = u.has("prompt_tokens_details") ? u.get("prompt_tokens_details") : u.path("prompt_token_details");
            long cached = d.path("cached_tokens").asLong(0);
            return new Expected("openai-chat", u.path("prompt_tokens").asLong(), cached, 0,
                    u.path("completion_tokens").asLong(), u.path("total_tokens").asLong(-1));
        }
        if (u.has("input_tokens_details")) {
            return new Expected("openai-responses", u.get("input_tokens").asLong(),
                    u.get("input_tokens_details").path("cached_tokens").asLong(), 0, u.path("output_tokens").asLong(),
                    u.path("total_tokens").asLong(-1));
        }
        if (u.has("input_tokens") || u.has("output_tokens")) {
            long read = u.path("cache_read_input_tokens").asLong(), write = u.path("cache_creation_input_tokens").asLong();
            return new Expected("anthropic", u.path("input_tokens").asLong() + read + write, read, write,
                    u.path("output_tokens").asLong(), -1);
        }
        if (u.has("inputTokens") || u.has("outputTokens")) {
            long read = Math.max(u.path("cacheReadInputTokens").asLong(), u.path("cacheReadInputTokenCount").asLong());
            long write = Math.max(u.path("cacheWriteInputTokens").asLong(), u.path("cacheWriteInputTokenCount").asLong());
            return new Expected("bedrock", u.path("inputTokens").asLong() + read + write, read, write,
                    u.path("outputTokens").asLong(), u.path("totalTokens").asLong(-1));
        }
        if (u.has("total_tokens")) {
            return new Expected("embedding-total", u.get("total_tokens").asLong(), 0, 0, 0, u.get("total_tokens").asLong());
        }
        return null;
    }
}
