package io.techopt.budget;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 (note5 open item): budget's usd_effect priced every cut prompt token at the full input rate, even the
 * cache reads among them, and ignored batch and long-context rates, so the saving was overstated for cached prompts.
 * Checked against a hand computation of pricing.md on LiteLLM's real catalog: the cut prompt tokens come from each
 * prompt kind in proportion, and the saving is the request's cost before the cut minus its cost after (batch rates;
 * the long-context tier of the prompt before and after).
 */
class BudgetSavingIsPricedLikeTheRequestTest {
    @TempDir
    Path tmp;

    static final String CLAUDE = "claude-sonnet-4-20250514", GPT = "gpt-4.1";

    /** One request as logged, and its group. */
    record Req(String task, String model, boolean batch, long input, long cacheRead, long cacheWrite, long output) {
        long prompt() {
            return input + cacheRead + cacheWrite;
        }
    }

    static Req[] requests() {
        Req[] out = new Req[200];
        for (int i = 0; i < 100; i++) {
            // "analysis": 95 prompts of 100k-194k tokens and 5 of 210k-290k; p95 lands under 200k, so the cut ones cross
            // the long-context threshold
            long p = i < 95 ? 100_000 + i * 1_000L : 210_000 + (i - 95) * 20_000L;
            out[i] = req("analysis", i, p);
            // "chat": every prompt above 200k; the cut ones stay in the long-context tier
            out[100 + i] = req("chat", i, 210_000 + i * 900L);
        }
        return out;
    }

    static Req req(String task, int i, long prompt) {
        boolean claude = i % 2 == 0;
        long read = prompt * 6 / 10, write = claude ? prompt / 10 : 0;
        return new Req(task, claude ? CLAUDE : GPT, i % 3 == 0, prompt - read - write, read, write, 400 + 7L * i);
    }

    static double rate(JsonNode e, String field, boolean tier, boolean batch, String fallback) {
        JsonNode v = tier && e.has(field + "_above_200k_tokens") ? e.get(field + "_above_200k_tokens") : e.get(field);
        if (v == null) {
            return rate(e, fallback, tier, batch, null);
        }
        if (batch) {
            // pricing.md: the kind's *_batches field (only without a long-context tier), else half the standard rate
            String b = field.replace("_per_token", "_per_token_batches");
            return !tier && !b.equals(field) && e.has(b) ? e.get(b).asDouble() : v.asDouble() * 0.5;
        }
        return v.asDouble();
    }

    /** pricing.md's cost of one request of {@code prompt} tokens split as given (fractions allowed). */
    static double cost(JsonNode e, boolean batch, double input, double read, double write, double output) {
        boolean tier = input + read + write > 200_000 && e.has("input_cost_per_token_above_200k_tokens");
        return input * rate(e, "input_cost_per_token", tier, batch, null)
                + read * rate(e, "cache_read_input_token_cost", tier, batch, "input_cost_per_token")
                + write * rate(e, "cache_creation_input_token_cost", tier, batch, "input_cost_per_token")
                + output * rate(e, "output_cost_per_token", tier, batch, null);
    }

    @Test
    void cutPromptTokensArePricedAtTheirCachedShareBatchAndLongContextRatesAsPricingMdPricesTheRequest() throws IOException {
        Path catalog = TestSupport.shared("data/litellm-prices/model_prices_and_context_window.json");
        JsonNode prices = TestSupport.JSON.readTree(catalog.toFile());
        Req[] reqs = requests();
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < reqs.length; i++) {
            Req r = reqs[i];
            log.append(String.format("{\"timestamp\":\"2026-10-%02dT10:%02d:00Z\",\"request_id\":\"b%d\",\"model\":\"%s\","
                            + "\"task_type\":\"%s\",\"batch\":%s,\"status\":\"ok\",\"usage\":{\"input_tokens\":%d,"
                            + "\"cache_read_input_tokens\":%d,\"cache_creation_input_tokens\":%d,\"output_tokens\":%d}}\n",
                    1 + i % 28, i % 60, i, r.model(), r.task(), r.batch(), r.input(), r.cacheRead(), r.cacheWrite(), r.output()));
        }
        Path file = TestSupport.write(tmp, "cached-batch-long.jsonl", log.toString());
        TestSupport.Run run = TestSupport.cli("budget", file.toString(), "--prices", catalog.toString(), "-f", "json", "-q");
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        for (JsonNode u : j.get("prices_used")) {
            assertEquals(u.get("model").asText(), u.get("price_key").asText(), "priced by LiteLLM's own entry: " + u);
        }
        Map<String, JsonNode> groups = new HashMap<>();
        j.get("groups").forEach(g -> groups.put(g.get("task_type").asText(), g));
        double total = 0;
        int crossed = 0, cachedAndCut = 0, batchedAndCut = 0;
        for (String task : new String[]{"analysis", "chat"}) {
            JsonNode g = groups.get(task);
            long recPrompt = g.at("/recommended/prompt").asLong(), recOutput = g.at("/recommended/output").asLong();
            double expected = 0;
            for (Req r : reqs) {
                if (!r.task().equals(task)) {
                    continue;
                }
                JsonNode e = prices.get(r.model());
                double keep = Math.min(1, (double) recPrompt / r.prompt());
                double before = cost(e, r.batch(), r.input(), r.cacheRead(), r.cacheWrite(), r.output());
                double after = cost(e, r.batch(), r.input() * keep, r.cacheRead() * keep, r.cacheWrite() * keep,
                        Math.min(r.output(), recOutput));
                expected += before - after;
                if (keep < 1) {
                    crossed += r.prompt() > 200_000 && recPrompt <= 200_000 && r.model().equals(CLAUDE) ? 1 : 0;
                    cachedAndCut++;
                    batchedAndCut += r.batch() ? 1 : 0;
                }
            }
            assertEquals(expected, g.get("usd_effect").asDouble(), expected * 1e-9, task + ": " + g);
            total += expected;
        }
        assertTrue(crossed > 0 && batchedAndCut > 0 && cachedAndCut > batchedAndCut,
                "the log exercises every rule: crossed " + crossed + ", batched " + batchedAndCut + ", cut " + cachedAndCut);
        assertEquals(total, j.get("usd_effect").asDouble(), total * 1e-9, j.toString());
        assertTrue(j.get("assumptions").toString().contains("cache-read rate"), j.get("assumptions").toString());
    }
}
