package io.techopt.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * analyze --format json equals an independent recomputation on any canonical log: counts and tokens exactly,
 * costs to 1e-9 relative, percentiles to 1e-6.
 */
class AnalyzeMatchesIndependentRecomputationTest {
    private static final List<String> MODELS = List.of("gpt-4o-mini-2024-07-18", "openai/gpt-4.1",
            "claude-sonnet-4-20250514", "gemini-2.5-pro", "deepseek-chat", "o3", "claude-haiku-4-5-20251001",
            "mystery-model-7b");
    private static final List<String> WORDS = List.of("refund", "invoice", "  password", "reset\t", "plan\n",
            "API", "key", "two\u00a0factor", "login", "export");


    @Property(tries = 40)
    void anyCanonicalLog(@ForAll("logs") List<ObjectNode> records) throws IOException {
        Path log = Files.createTempFile("techopt-prop", ".jsonl");
        try {
            StringBuilder sb = new StringBuilder();
            for (ObjectNode r : records) {
                sb.append(r.toString()).append('\n');
            }
            Files.writeString(log, sb.toString());
            assertMatches(log);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void generatedSampleLog(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path log = tmp.resolve("sample.jsonl");
        assertEquals(0, TestSupport.cli("samples", "generate", "--requests", "4000", "--seed", "7", "--days", "20",
                "--out", log.toString()).code());
        assertMatches(log);
    }

    static void assertMatches(Path log) throws IOException {
        IndependentRecomputation x = IndependentRecomputation.of(log);
        TestSupport.Run run = TestSupport.cli("analyze", "--format", "json", "--quiet", log.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(x.requests, j.get("requests").asLong(), "requests");
        assertEquals(0, j.get("bad_lines").asLong());
        assertEquals(x.errors, j.get("errors").asLong(), "errors");
        assertEquals(x.input, j.at("/tokens/input").asLong(), "input tokens");
        assertEquals(x.output, j.at("/tokens/output").asLong(), "output tokens");
        assertEquals(x.cacheRead, j.at("/tokens/cache_read").asLong(), "cache read tokens");
        assertEquals(x.cacheWrite, j.at("/tokens/cache_write").asLong(), "cache write tokens");
        assertRelative(x.cost.doubleValue(), j.get("cost_usd").asDouble(), "cost_usd");
        if (x.latencies.length > 0) {
            assertClose(IndependentRecomputation.percentile(x.latencies, 0.5), j.at("/latency_ms/p50").asDouble(), "p50");
            assertClose(IndependentRecomputation.percentile(x.latencies, 0.95), j.at("/latency_ms/p95").asDouble(), "p95");
            assertClose(IndependentRecomputation.percentile(x.latencies, 0.99), j.at("/latency_ms/p99").asDouble(), "p99");
            double mean = java.util.Arrays.stream(x.latencies).average().orElseThrow();
            assertClose(mean, j.at("/latency_ms/mean").asDouble(), "mean");
        } else {
            assertTrue(j.at("/latency_ms/p50").isNull());
        }
        assertEquals(x.withPrompt, j.at("/repeats/requests_with_prompt").asLong(), "requests_with_prompt");
        double rate = x.withPrompt == 0 ? 0 : 1 - (double) x.distinctPrompts / x.withPrompt;
        assertClose(rate, j.at("/repeats/exact_repeat_rate").asDouble(), "exact_repeat_rate");
        assertEquals(x.byModel.size(), j.get("by_model").size());
        long unpriced = 0;
        for (JsonNode m : j.get("by_model")) {
            IndependentRecomputation.ModelTotals t = x.byModel.get(m.get("model").asText());
            assertEquals(t.requests, m.get("requests").asLong(), m.toString());
            assertEquals(t.input, m.get("input_tokens").asLong());
            assertEquals(t.output, m.get("output_tokens").asLong());
            if (t.priced) {
                assertRelative(t.cost.doubleValue(), m.get("cost_usd").asDouble(), "cost of " + m.get("model"));
            } else {
                assertTrue(m.get("cost_usd").isNull(), "unpriced model shows no cost");
                unpriced++;
            }
            if (!t.latency.isEmpty()) {
                assertClose(IndependentRecomputation.percentile(t.latency, 0.5), m.at("/latency_ms/p50").asDouble(), "model p50");
                assertClose(IndependentRecomputation.percentile(t.latency, 0.95), m.at("/latency_ms/p95").asDouble(), "model p95");
            }
        }
        assertEquals(unpriced, j.get("unpriced_models").size());
    }

    static void assertRelative(double expected, double actual, String what) {
        double tol = 1e-9 * Math.max(Math.abs(expected), 1e-300);
        assertEquals(expected, actual, expected == 0 ? 1e-15 : tol, what);
    }

    static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-6, what);
    }

    @Provide
    Arbitrary<List<ObjectNode>> logs() {
        return record().list().ofMinSize(0).ofMaxSize(250);
    }

    private Arbitrary<ObjectNode> record() {
        Arbitrary<Long> ts = Arbitraries.longs().between(Instant.parse("2025-01-01T00:00:00Z").toEpochMilli(),
                Instant.parse("2026-07-01T00:00:00Z").toEpochMilli());
        Arbitrary<String> model = Arbitraries.of(MODELS);
        Arbitrary<long[]> usage = Combinators.combine(
                Arbitraries.longs().between(0, 5000).injectDuplicates(0.1)
                        .edgeCases(e -> e.add(0L)),
                Arbitraries.longs().between(0, 3000),
                Arbitraries.longs().between(0, 2000),
                Arbitraries.of(0L, 0L, 0L, 900L),
                Arbitraries.longs().between(0, 4000),
                Arbitraries.of(0L, 0L, 0L, 0L, 250_000L)).as((a, b, c, d, e, f) -> new long[]{a + f, b, c, d, e});
        Arbitrary<Double> latency = Arbitraries.doubles().between(1, 90_000).ofScale(2).injectNull(0.2);
        Arbitrary<String> id = Arbitraries.integers().between(0, 60).map(i -> "req-" + i).injectNull(0.3);
        Arbitrary<List<String>> prompt = Arbitraries.of(WORDS).list().ofMinSize(1).ofMaxSize(4).injectDuplicates(0.3);
        Arbitrary<Integer> flags = Arbitraries.integers().between(0, 15);
        return Combinators.combine(ts, model, usage, latency, id, prompt, flags).as((t, m, u, l, rid, words, f) -> {
            ObjectNode r = TestSupport.JSON.createObjectNode();
            if ((f & 1) == 0) {
                r.put("timestamp", Instant.ofEpochMilli(t).toString());
            } else {
                r.put("timestamp", t);
            }
            r.put("model", m);
            if (rid != null) {
                r.put("request_id", rid);
            }
            ObjectNode us = r.putObject("usage");
            us.put("input_tokens", u[0]);
            us.put("cache_read_input_tokens", u[1]);
            us.put("cache_creation_input_tokens", u[2]);
            if (u[3] > 0) {
                us.put("cache_creation_1h_input_tokens", u[3]);
            }
            us.put("output_tokens", u[4]);
            if (l != null) {
                r.put("latency_ms", l);
            }
            if ((f & 2) != 0) {
                r.put("status", "error");
            }
            if ((f & 4) != 0) {
                r.put("batch", true);
            }
            if ((f & 8) != 0) {
                ArrayNode msgs = r.putArray("messages");
                msgs.addObject().put("role", "system").put("content", "be brief");
                msgs.addObject().put("role", "user").put("content", String.join(" ", words));
            }
            r.putObject("metadata").put("k", Map.of("a", 1).toString());
            return r;
        });
    }
}
