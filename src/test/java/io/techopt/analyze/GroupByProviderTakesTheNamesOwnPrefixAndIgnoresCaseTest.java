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
 * Review r13 #7: with the built-in prices, --group-by provider put azure/gpt-4o-mini under openai and
 * bedrock/anthropic.claude-3-haiku-... under anthropic (the catalog entry's provider) although the name's own prefix
 * says who bills; and a log spelling the provider "OpenAI" on some lines and "openai" on others made two groups.
 */
class GroupByProviderTakesTheNamesOwnPrefixAndIgnoresCaseTest {
    @TempDir
    Path tmp;

    private static String line(String id, String model, String provider) {
        return "{\"timestamp\":\"2026-10-01T01:05:15Z\",\"request_id\":\"" + id + "\",\"model\":\"" + model + "\""
                + (provider == null ? "" : ",\"provider\":\"" + provider + "\"")
                + ",\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}\n";
    }

    private static Map<String, Long> requestsByProvider(JsonNode json) {
        Map<String, Long> out = new HashMap<>();
        for (JsonNode row : json.get("groups").get(0).get("rows")) {
            out.merge(row.get("key").get("provider").asText(), row.get("requests").asLong(), Long::sum);
        }
        return out;
    }

    @Test
    void aProviderPrefixInTheModelNameSaysWhoBillsWhateverCatalogPricesIt() throws IOException {
        Path log = tmp.resolve("prefixed.jsonl");
        Files.writeString(log, line("a1", "azure/gpt-4o-mini", null) + line("a2", "azure/gpt-4o-mini", null)
                + line("a3", "bedrock/anthropic.claude-3-haiku-20240307-v1:0", null) + line("a4", "gpt-4o-mini", null)
                + line("a5", "claude-sonnet-4-20250514", null));
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", "--group-by", "provider", log.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(Map.of("azure", 2L, "bedrock", 1L, "openai", 1L, "anthropic", 1L), requestsByProvider(r.json()), r.out());
        String warnings = r.json().get("warnings").toString();
        assertTrue(warnings.contains("3 requests log no provider and are grouped under the provider their model name starts with"),
                warnings);
        assertTrue(warnings.contains("2 requests log no provider and are grouped under their model's provider in the price catalog"),
                warnings);
    }

    /**
     * Review r15 #8: the same log grouped differently with LiteLLM's map (gemini-2.5-flash under its internal
     * "vertex_ai-language-models", Bedrock's own ids under anthropic or (none), an OpenAI fine-tune under (none)):
     * one vocabulary whatever the price book.
     */
    @Test
    void theProviderOfANameIsTheSameWithEitherPriceBook() throws IOException {
        Path log = tmp.resolve("names.jsonl");
        Files.writeString(log, line("d1", "gemini-2.5-flash", null) + line("d2", "vertex_ai/gemini-2.5-flash", null)
                + line("d3", "anthropic.claude-3-haiku-20240307-v1:0", null)
                + line("d4", "us.anthropic.claude-3-5-sonnet-20241022-v2:0", null)
                + line("d5", "ft:gpt-4o-mini-2024-07-18:acme::abc123", null) + line("d6", "claude-sonnet-4-20250514", null));
        Map<String, Long> expected = Map.of("google", 1L, "vertex_ai", 1L, "bedrock", 2L, "openai", 1L, "anthropic", 1L);
        String prices = TestSupport.shared("data/litellm-prices/model_prices_and_context_window.json").toString();
        for (String[] extra : new String[][]{{}, {"--prices", prices}}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("analyze", "-f", "json", "-q", "--group-by",
                    "provider", log.toString()));
            args.addAll(java.util.List.of(extra));
            TestSupport.Run r = TestSupport.cli(args.toArray(new String[0]));
            assertEquals(0, r.code(), r.err());
            assertEquals(expected, requestsByProvider(r.json()), args + ": " + r.out());
        }
    }

    @Test
    void providerSpellingsThatDifferOnlyInCaseAreOneGroup() throws IOException {
        Path log = tmp.resolve("case.jsonl");
        Files.writeString(log, line("b1", "gpt-4o-mini", "OpenAI") + line("b2", "gpt-4o-mini", "openai")
                + line("b3", "gpt-4o-mini", "OPENAI") + line("b4", "gpt-4o-mini", null) + line("b5", "gpt-4o-mini", "Azure"));
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", "--group-by", "provider", log.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode rows = r.json().get("groups").get(0).get("rows");
        assertEquals(2, rows.size(), rows.toString());
        assertEquals(Map.of("openai", 4L, "azure", 1L), requestsByProvider(r.json()), rows.toString());
    }

    /** Lower-cased, an AWS session key id logged as a provider would no longer look like one to the redactor: it is not lower-cased. */
    @Test
    void aSecretLoggedAsTheProviderIsNotLowerCasedPastTheRedactor() throws IOException {
        Path log = tmp.resolve("secret.jsonl");
        Files.writeString(log, line("c1", "gpt-4o-mini", "ASIAEKOITGXEWVFRWKZ0") + line("c2", "gpt-4o-mini", "openai"));
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", "--group-by", "provider", log.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(!r.out().toLowerCase(java.util.Locale.ROOT).contains("asiaekoitgxewvfrwkz0"), r.out());
    }
}
