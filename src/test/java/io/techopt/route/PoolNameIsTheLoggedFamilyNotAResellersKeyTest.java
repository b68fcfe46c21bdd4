package io.techopt.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Review r13 #14: with LiteLLM's price map, `claude-sonnet-4` is no key of its own and pricing.md's rule 4 finds a
 * reseller's key ending in /claude-sonnet-4 (gmi/anthropic/claude-sonnet-4), so README's route-sim pool naming
 * claude-sonnet-4 matched none of the sample's 720 claude-sonnet-4-20250514 requests (it does with built-in prices,
 * where the short name is no key at all): quality from the prior, costs at the reseller's prices. A pool name the
 * logged dated names reduce to is those logged models, whatever a rule-4 key of another catalog says.
 */
class PoolNameIsTheLoggedFamilyNotAResellersKeyTest {

    @TempDir
    Path tmp;

    /** Review r14 #12: pool deepseek-chat matched none of the sample's 165 deepseek/deepseek-chat requests with LiteLLM's map. */
    @Test
    void aPoolNameMatchesTheLoggedNameThatCarriesItsProviderPrefix() throws IOException {
        String prices = TestSupport.shared("data/litellm-prices/model_prices_and_context_window.json").toString();
        Path pool = TestSupport.write(tmp, "pool2.yaml", "default: gpt-4o-mini\nmodels:\n"
                + "  - {model: gpt-4o-mini, tier: economy, quality: 0.74}\n"
                + "  - {model: deepseek-chat, tier: economy, quality: 0.75}\n"
                + "  - {model: claude-sonnet-4-20250514, tier: premium, quality: 0.9}\n");
        for (String[] p : new String[][]{{}, {"--prices", prices}}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("route-sim", "samples/requests.jsonl.gz", "--pool",
                    pool.toString(), "-f", "json", "-q"));
            args.addAll(java.util.List.of(p));
            TestSupport.Run run = TestSupport.cli(args.toArray(new String[0]));
            assertEquals(0, run.code(), run.err());
            long deepseek = -1;
            for (JsonNode m : run.json().get("models")) {
                if (m.get("model").asText().contains("deepseek-chat")) {
                    deepseek = m.get("logged_requests").asLong();
                }
            }
            assertEquals(165, deepseek, args + ": " + run.json().get("models"));
        }
    }

    @Test
    void readmesRouteSimPoolMatchesTheSamplesClaudeRequestsWithLiteLlmsPrices() throws IOException {
        String prices = TestSupport.shared("data/litellm-prices/model_prices_and_context_window.json").toString();
        Path pool = TestSupport.write(tmp, "pool.yaml", "default: gpt-4o-mini\nmodels:\n"
                + "  - {model: gpt-4o-mini, tier: economy, quality: 0.74}\n"
                + "  - {model: claude-sonnet-4, tier: premium, quality: 0.9}\n");
        TestSupport.Run run = TestSupport.cli("route-sim", "samples/requests.jsonl.gz", "--pool", pool.toString(), "--prices", prices,
                "-f", "json", "-q");
        assertEquals(0, run.code(), run.err());
        JsonNode claude = null;
        for (JsonNode m : run.json().get("models")) {
            if (m.get("model").asText().startsWith("claude-sonnet-4")) {
                claude = m;
            }
        }
        assertEquals(720, claude == null ? -1 : claude.get("logged_requests").asLong(), run.json().get("models").toString());
    }

    /**
     * Review r15 #2: the other direction of r14 #12. A pool name carrying its provider's prefix (LiteLLM's spelling,
     * gemini/gemini-2.5-flash, anthropic/claude-sonnet-4) matched none of the sample's requests logged under the bare
     * name (gemini-2.5-flash 266 priced, claude-sonnet-4-20250514 720) with LiteLLM's map, and anthropic/claude-sonnet-4
     * was refused (exit 2) with the built-in prices: the pool ran on priors.
     */
    @Test
    void aPoolNameCarryingItsProvidersPrefixMatchesTheRequestsLoggedUnderTheBareName() throws IOException {
        String prices = TestSupport.shared("data/litellm-prices/model_prices_and_context_window.json").toString();
        Path pool = TestSupport.write(tmp, "pool3.yaml", "default: gpt-4o-mini\nmodels:\n"
                + "  - {model: gpt-4o-mini, tier: economy, quality: 0.74}\n"
                + "  - {model: gemini/gemini-2.5-flash, tier: standard, quality: 0.8}\n"
                + "  - {model: anthropic/claude-sonnet-4, tier: premium, quality: 0.9}\n");
        // review r16 #7: Bedrock's own id of the logged snapshot matched with the built-in prices only
        Path bedrock = TestSupport.write(tmp, "pool4.yaml", "default: gpt-4o-mini\nmodels:\n"
                + "  - {model: gpt-4o-mini, tier: economy, quality: 0.74}\n"
                + "  - {model: gemini/gemini-2.5-flash, tier: standard, quality: 0.8}\n"
                + "  - {model: bedrock/anthropic.claude-sonnet-4-20250514-v1:0, tier: premium, quality: 0.9}\n");
        for (String[] p : new String[][]{{pool.toString()}, {pool.toString(), "--prices", prices}, {bedrock.toString()},
                {bedrock.toString(), "--prices", prices}}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("route-sim", "samples/requests.jsonl.gz", "-f",
                    "json", "-q", "--pool"));
            args.addAll(java.util.List.of(p));
            TestSupport.Run run = TestSupport.cli(args.toArray(new String[0]));
            assertEquals(0, run.code(), args + ": " + run.err());
            long gemini = -1, claude = -1; // a pool model is reported under the name its requests were logged with
            for (JsonNode m : run.json().get("models")) {
                String model = m.get("model").asText();
                if (model.contains("gemini-2.5-flash")) {
                    gemini = m.get("logged_requests").asLong();
                } else if (model.contains("claude-sonnet-4")) {
                    claude = m.get("logged_requests").asLong();
                }
            }
            assertEquals(266, gemini, args + ": " + run.json().get("models"));
            assertEquals(720, claude, args + ": " + run.json().get("models"));
        }
    }
}
