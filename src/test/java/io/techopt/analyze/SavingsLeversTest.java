package io.techopt.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each savings lever on a small log whose answer is worked out by hand. */
class SavingsLeversTest {
    @TempDir
    Path tmp;

    private static final Instant T0 = Instant.parse("2026-10-01T10:00:00Z");

    private static ObjectNode rec(int secondsAfter, String model, String task, String system, String user,
                                  long input, long output, String status) {
        ObjectNode r = TestSupport.JSON.createObjectNode();
        r.put("timestamp", T0.plusSeconds(secondsAfter).toString());
        r.put("model", model);
        r.put("task_type", task);
        if (status != null) {
            r.put("status", status);
        }
        var msgs = r.putArray("messages");
        if (system != null) {
            msgs.addObject().put("role", "system").put("content", system);
        }
        msgs.addObject().put("role", "user").put("content", user);
        r.putObject("usage").put("input_tokens", input).put("output_tokens", output);
        return r;
    }

    private JsonNode analyze(List<ObjectNode> records, String... extra) throws IOException {
        StringBuilder sb = new StringBuilder();
        records.forEach(r -> sb.append(r).append('\n'));
        Path f = TestSupport.write(tmp, "levers.jsonl", sb.toString());
        List<String> args = new ArrayList<>(List.of("analyze", "-f", "json", "-q"));
        args.addAll(List.of(extra));
        args.add(f.toString());
        return TestSupport.cli(args.toArray(String[]::new)).json();
    }

    private static JsonNode lever(JsonNode j, String name) {
        for (JsonNode s : j.get("savings")) {
            if (s.get("lever").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void exactCacheServesRepeatsOfASuccessfulAnswer() throws IOException {
        double one = 1000 * 0.15e-6 + 100 * 0.6e-6; // gpt-4o-mini
        JsonNode j = analyze(List.of(
                rec(0, "gpt-4o-mini", "qa", null, "What is a refund?", 1000, 100, "error"),
                rec(10, "gpt-4o-mini", "qa", null, "What is a refund?", 1000, 100, null),  // first success: cached
                rec(20, "gpt-4o-mini", "qa", null, "What  is a refund? ", 1000, 100, null), // whitespace: a repeat
                rec(30, "gpt-4o-mini", "qa", null, "what is a refund?", 1000, 100, null),  // case differs: not
                rec(40, "gpt-4.1", "qa", null, "What is a refund?", 1000, 100, null)));    // other model: not
        JsonNode exact = lever(j, "exact_cache");
        assertEquals(1, exact.get("requests").asLong());
        assertEquals(one, exact.get("usd").asDouble(), 1e-15);
        // five prompts, three distinct: the failed request and its successful retry share one key
        assertEquals(1 - 3.0 / 5, j.at("/repeats/exact_repeat_rate").asDouble(), 1e-12);
    }

    @Test
    void batchLeverPricesBatchableTasksAtBatchRates() throws IOException {
        List<ObjectNode> log = List.of(
                rec(0, "gpt-4o", "summarization", null, "a", 10_000, 1_000, null),
                rec(1, "gpt-4o", "simple_qa", null, "b", 10_000, 1_000, null),
                rec(2, "claude-sonnet-4-20250514", "classification", null, "c", 10_000, 1_000, null));
        double gpt4o = (10_000 * 2.5e-6 + 1_000 * 10e-6) - (10_000 * 1.25e-6 + 1_000 * 5e-6);
        double sonnet = (10_000 * 3e-6 + 1_000 * 15e-6) / 2;
        JsonNode j = analyze(log);
        assertEquals(2, lever(j, "batch").get("requests").asLong());
        assertEquals(gpt4o + sonnet, lever(j, "batch").get("usd").asDouble(), 1e-12);
        JsonNode onlyQa = analyze(log, "--batchable", "simple_qa");
        assertEquals(gpt4o, lever(onlyQa, "batch").get("usd").asDouble(), 1e-12);
    }

    @Test
    void promptCacheLeverNetsWritesAgainstReadsWithinTheTtl() throws IOException {
        // 3,000 characters of system prompt in a 3,012-character prompt of 2,008 tokens: a 2,000-token prefix
        String system = "s".repeat(3000 - "system".length());
        String user = "q".repeat(12 - "user".length());
        List<ObjectNode> log = List.of(
                rec(0, "claude-sonnet-4-20250514", "qa", system, user, 2008, 10, null),    // writes the prefix
                rec(120, "claude-sonnet-4-20250514", "qa", system, user, 2008, 10, null),  // reads it (2 min later)
                rec(1000, "claude-sonnet-4-20250514", "qa", system, user, 2008, 10, null)); // 13 min later: writes again
        double writePremium = 2000 * (3.75e-6 - 3e-6);
        double readSaving = 2000 * (3e-6 - 0.3e-6);
        JsonNode j = analyze(log);
        assertEquals(1, lever(j, "prompt_cache").get("requests").asLong());
        assertEquals(readSaving - 2 * writePremium, lever(j, "prompt_cache").get("usd").asDouble(), 1e-12);
        JsonNode hourTtl = analyze(log, "--cache-ttl", "1h");
        assertEquals(2 * readSaving - writePremium, lever(hourTtl, "prompt_cache").get("usd").asDouble(), 1e-12);
    }

    @Test
    void shortPrefixesAndRequestsAlreadyCachingAreLeftOut() throws IOException {
        String system = "s".repeat(500);
        ObjectNode cached = rec(60, "claude-sonnet-4-20250514", "qa", "x".repeat(3000), "u", 8, 10, null);
        ((ObjectNode) cached.get("usage")).put("cache_read_input_tokens", 2000);
        JsonNode j = analyze(List.of(
                rec(0, "claude-sonnet-4-20250514", "qa", system, "u", 400, 10, null),
                rec(30, "claude-sonnet-4-20250514", "qa", system, "u", 400, 10, null),
                cached));
        assertEquals(0.0, lever(j, "prompt_cache").get("usd").asDouble(), 0);
    }
}
