package io.techopt.pricing;

import io.techopt.TestSupport;
import io.techopt.core.Usage;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The price book: catalogs, the four resolution rules, and the cost formula of pricing.md. */
class PriceBookTest {
    @TempDir
    Path tmp;

    @Test
    void builtinCatalogCoversAtLeastFortyCurrentChatModelsWithDates() {
        PriceBook b = PriceBook.builtin();
        assertTrue(b.size() >= 40, "models: " + b.size());
        for (String k : new String[]{"gpt-4o", "gpt-5", "claude-sonnet-4-5-20250929", "gemini-2.5-pro", "mistral-large-latest",
                "deepseek-chat", "groq/llama-3.3-70b-versatile", "anthropic.claude-3-5-sonnet-20240620-v1:0"}) {
            PriceEntry e = b.get(k);
            assertNotNull(e, k);
            assertTrue(e.isDated(), k + " carries the date its price took effect");
        }
        PriceVersion sonnet = b.get("claude-sonnet-4-20250514").latest();
        assertEquals(3e-6, sonnet.standard().input(), 1e-18);
        assertEquals(3.75e-6, sonnet.standard().cacheWrite(), 1e-18);
        assertEquals(6e-6, sonnet.standard().cacheWrite1h(), 1e-18);
        assertEquals(200_000, sonnet.longContext().get(0).aboveTokens());
        assertEquals(1.25e-6, b.get("gpt-4o").latest().batchInput(), 1e-18);
    }

    @Test
    void loadsLiteLlmsFullMap() throws IOException {
        PriceBook b = PriceBook.builtin();
        int before = b.size();
        b.load(TestSupport.shared("data/litellm-prices/model_prices_and_context_window.json"));
        // every entry priced per token is read; image, audio-second and search-only entries are not token-priced
        assertTrue(b.size() - before > 2000, "entries added: " + (b.size() - before));
        PriceBook.Resolution r = b.resolve("gpt-4o", null);
        assertEquals("model_prices_and_context_window.json", r.entry().catalog(), "a later catalog wins per model");
        PriceVersion gemini = b.get("gemini/gemini-2.5-pro").latest();
        assertEquals(2.5e-6, gemini.longContext().get(0).input(), 1e-18);
    }

    @Test
    void resolutionRulesInOrder() throws IOException {
        PriceBook b = PriceBook.builtin();
        b.load(TestSupport.shared("data/litellm-prices/model_prices_and_context_window.json"));
        assertResolves(b, "GPT-4o", null, "gpt-4o", 1);
        assertResolves(b, "openrouter/anthropic/claude-sonnet-4-20250514", null, "claude-sonnet-4-20250514", 1 + 1);
        assertResolves(b, "gpt-4o-mini-2099-01-01", null, "gpt-4o-mini", 3);
        assertResolves(b, "deepseek-chat-20991231", null, "deepseek-chat", 3);
        assertResolves(b, "claude-3-haiku-29991231", null, "openrouter/anthropic/claude-3-haiku", 4);
        assertResolves(b, "mistralai/Mixtral-8x7B-Instruct-v0.1", null, "deepinfra/mistralai/Mixtral-8x7B-Instruct-v0.1", 4);
        PriceBook.Resolution preferred = b.resolve("meta-llama/Llama-3.3-70B-Instruct-Turbo", "together_ai");
        assertTrue(preferred.entry().key().startsWith("together_ai/"), preferred.entry().key());
        assertNull(b.resolve("acme-llm-v2", "vllm"), "unknown models are unpriced, never $0");
    }

    private static void assertResolves(PriceBook b, String model, String provider, String key, int rule) {
        PriceBook.Resolution r = b.resolve(model, provider);
        assertNotNull(r, model);
        assertEquals(key.toLowerCase(), r.entry().key().toLowerCase(), model);
        assertEquals(rule, r.rule(), model);
    }

    @Test
    void costFollowsThePricingFormula() {
        PriceVersion sonnet = PriceBook.builtin().get("claude-sonnet-4-20250514").latest();
        Usage u = new Usage(1000, 2000, 300, 400, 500, 0);
        double expected = 1000 * 3e-6 + 2000 * 0.3e-6 + 300 * 3.75e-6 + 400 * 6e-6 + 500 * 15e-6;
        assertEquals(expected, CostCalculator.cost(sonnet, u, false), 1e-15);
        assertEquals(expected / 2, CostCalculator.cost(sonnet, u, true), 1e-15, "no batch fields: half of every rate");
        Usage longContext = new Usage(150_000, 60_000, 0, 0, 1000, 0);
        double lc = 150_000 * 6e-6 + 60_000 * 0.6e-6 + 1000 * 22.5e-6;
        assertEquals(lc, CostCalculator.cost(sonnet, longContext, false), 1e-12, "above 200k every token uses the tier");
        Usage exactly200k = new Usage(200_000, 0, 0, 0, 10, 0);
        assertEquals(200_000 * 3e-6 + 10 * 15e-6, CostCalculator.cost(sonnet, exactly200k, false), 1e-12, "the tier starts above 200k");

        PriceVersion gpt4o = PriceBook.builtin().get("gpt-4o").latest();
        assertEquals(1000 * 1.25e-6 + 100 * 5e-6, CostCalculator.cost(gpt4o, new Usage(1000, 0, 0, 0, 100, 0), true), 1e-15,
                "catalog batch fields");
        assertEquals(1000 * 2.5e-6, CostCalculator.cost(gpt4o, new Usage(0, 0, 1000, 0, 0, 0), false), 1e-15,
                "no cache-write price: the input rate");
    }

    @Property(tries = 300)
    void costIsLinearAndNeverNegative(@ForAll @LongRange(max = 190_000) long in, @ForAll @LongRange(max = 5000) long read,
                                      @ForAll @LongRange(max = 5000) long write, @ForAll @LongRange(max = 100_000) long out) {
        PriceBook b = PriceBook.builtin();
        for (String k : new String[]{"gpt-4.1", "claude-haiku-4-5-20251001", "deepseek-chat", "gemini-2.5-flash"}) {
            PriceVersion v = b.get(k).latest();
            Usage u = new Usage(in, read, write, 0, out, 0);
            double c = CostCalculator.cost(v, u, false);
            assertTrue(c >= 0);
            double parts = CostCalculator.cost(v, new Usage(in, 0, 0, 0, 0, 0), false)
                    + CostCalculator.cost(v, new Usage(0, read, 0, 0, 0, 0), false)
                    + CostCalculator.cost(v, new Usage(0, 0, write, 0, 0, 0), false)
                    + CostCalculator.cost(v, new Usage(0, 0, 0, 0, out, 0), false);
            assertEquals(parts, c, 1e-12 * Math.max(1, c), k);
            assertTrue(CostCalculator.cost(v, u, true) <= c + 1e-15, "batch never costs more");
        }
    }

    @Test
    void yamlOverrideAndPriceDate() throws IOException {
        Path yaml = TestSupport.write(tmp, "ours.yaml", """
                models:
                  - key: acme-llm-v2
                    provider: vllm
                    prices:
                      - {effective: 2026-01-01, input: 0.20, output: 0.60}
                      - {effective: 2026-10-15, input: 0.10, output: 0.30}
                """);
        PriceBook b = PriceBook.builtin();
        b.load(yaml);
        PriceEntry e = b.resolve("acme-llm-v2", null).entry();
        assertEquals(0.2e-6, e.at(LocalDate.parse("2026-10-14")).standard().input(), 1e-18);
        assertEquals(0.1e-6, e.at(LocalDate.parse("2026-10-15")).standard().input(), 1e-18);
        assertEquals(0.2e-6, e.at(LocalDate.parse("2020-01-01")).standard().input(), 1e-18, "before the first date: the oldest known");
        Path flat = TestSupport.write(tmp, "flat.json", "{\"gpt-4o\": {\"input\": 1.0, \"output\": 2.0}}");
        b.load(flat);
        assertEquals(1e-6, b.resolve("gpt-4o", null).entry().latest().standard().input(), 1e-18);
    }

    @Test
    void priceDateRepricesHistory() throws IOException {
        String line = "{\"timestamp\":\"2025-05-01T00:00:00Z\",\"model\":\"o3\",\"usage\":{\"input_tokens\":1000000,\"output_tokens\":0}}\n";
        Path log = TestSupport.write(tmp, "o3.jsonl", line);
        double atTheTime = TestSupport.cli("analyze", "-f", "json", "-q", log.toString()).json().get("cost_usd").asDouble();
        double today = TestSupport.cli("analyze", "-f", "json", "-q", "--price-date", "2026-11-01", log.toString()).json()
                .get("cost_usd").asDouble();
        assertEquals(10.0, atTheTime, 1e-9, "o3 cost $10/M input in May 2025");
        assertEquals(2.0, today, 1e-9, "and $2/M after the June 2025 cut");
    }
}
