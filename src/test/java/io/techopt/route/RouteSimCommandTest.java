package io.techopt.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** route-sim end to end: a replayed log and RouteLLM's GSM8K matrix. */
class RouteSimCommandTest {
    @TempDir
    Path dir;

    /** The strategy of that name, else the first whose name starts with it. */
    static JsonNode strategy(JsonNode report, String prefix) {
        for (JsonNode s : report.get("strategies")) {
            if (s.get("name").asText().equals(prefix)) {
                return s;
            }
        }
        for (JsonNode s : report.get("strategies")) {
            if (s.get("name").asText().startsWith(prefix)) {
                return s;
            }
        }
        throw new AssertionError("no strategy " + prefix + " in " + report.get("strategies"));
    }

    @Test
    void theSampleLogReportsEachStrategysSavingAndQualityChangeAgainstAsLogged() {
        TestSupport.Run run = TestSupport.cli("route-sim", "samples/requests.jsonl.gz", "--format", "json");
        assertEquals(0, run.code(), run.err());
        JsonNode r = run.json();
        assertEquals(3000, r.get("requests").asLong(), "3,015 records, 15 of them a request logged twice");
        List<String> names = new ArrayList<>();
        r.get("strategies").forEach(s -> names.add(s.get("name").asText()));
        assertEquals(List.of("as-logged", "always gpt-4o-mini-2024-07-18", "always claude-sonnet-4-20250514", "model-router",
                "adaptive", "threshold p>=0.50", "cascade bar 0.70", "cheapest at logged quality"), names);
        JsonNode base = strategy(r, "as-logged");
        assertEquals(0, base.get("saving_usd").asDouble());
        for (JsonNode s : r.get("strategies")) {
            for (String key : List.of("cost_usd", "cost_per_request_usd", "saving_usd", "saving_share", "quality", "quality_low",
                    "quality_high", "quality_change", "share_by_model", "unobserved_share")) {
                assertTrue(s.has(key), key);
            }
            assertEquals(base.get("cost_usd").asDouble() - s.get("cost_usd").asDouble(), s.get("saving_usd").asDouble(), 1e-9);
            assertEquals(s.get("quality").asDouble() - base.get("quality").asDouble(), s.get("quality_change").asDouble(), 1e-12);
            assertTrue(s.get("quality_low").asDouble() < s.get("quality").asDouble() && s.get("quality").asDouble() < s.get("quality_high").asDouble());
            assertTrue(s.at("/latency_ms/p50").asDouble() <= s.at("/latency_ms/p95").asDouble());
        }
        JsonNode weak = strategy(r, "always gpt-4o-mini"), strong = strategy(r, "always claude");
        // the generator's claude-sonnet-4 is the best model and gpt-4o-mini the cheapest: the replay must see both
        assertTrue(strong.get("quality").asDouble() > base.get("quality").asDouble() && base.get("quality").asDouble() > weak.get("quality").asDouble());
        assertTrue(weak.get("saving_usd").asDouble() > 0 && strong.get("saving_usd").asDouble() < 0);
        JsonNode cascade = strategy(r, "cascade");
        assertEquals(1.0, cascade.at("/share_by_model/gpt-4o-mini-2024-07-18").asDouble(), 1e-12, "the cascade always calls the weak model");
        double escalated = cascade.at("/share_by_model/claude-sonnet-4-20250514").asDouble();
        assertTrue(escalated > 0.05 && escalated < 0.95, "escalations: " + escalated);
        assertTrue(cascade.get("cost_usd").asDouble() > weak.get("cost_usd").asDouble());
        // a strategy that keeps the logged quality per task type must not lose quality, and here it saves
        JsonNode matched = strategy(r, "cheapest at logged quality");
        assertTrue(matched.get("quality_change").asDouble() >= -1e-9 && matched.get("saving_usd").asDouble() > 0, matched.toString());
        // o4-mini writes about four times the output (its reasoning): re-pricing on it counts that, so it is not "cheap"
        assertTrue(matched.at("/share_by_model/o4-mini").isMissingNode(), matched.get("share_by_model").toString());
        // acme-llm-v2 has no price: not in the pool, said so
        assertTrue(r.get("assumptions").toString().contains("acme-llm-v2"));
        // a (task type, model) pair the log never scored is flagged, not guessed silently
        assertTrue(r.get("unobserved").size() > 0);
        for (String format : List.of("table", "markdown", "csv", "html")) {
            TestSupport.Run f = TestSupport.cli("route-sim", "samples/requests.jsonl.gz", "--format", format);
            assertEquals(0, f.code(), format + ": " + f.err());
            assertTrue(f.out().contains("cascade bar 0.70"), format);
        }
    }

    @Test
    void alwaysOneStrategiesCostTheRequestsRepricedOnThatModel() throws IOException {
        // two requests on gpt-4o (2.50/10.00 per M, cache reads 1.25); gpt-4o-mini is 0.15/0.60, cache reads 0.075
        Path log = TestSupport.write(dir, "log.jsonl", """
                {"timestamp":"2026-10-01T10:00:00Z","model":"gpt-4o","task_type":"simple_qa","usage":{"input_tokens":1000,"output_tokens":100},"quality":0.9,"latency_ms":900}
                {"timestamp":"2026-10-01T10:01:00Z","model":"gpt-4o","task_type":"simple_qa","usage":{"input_tokens":1000,"cache_read_input_tokens":3000,"output_tokens":200},"quality":0.8,"latency_ms":1100}
                """);
        Path pool = TestSupport.write(dir, "pool.yaml", "models:\n  - {model: gpt-4o}\n  - {model: gpt-4o-mini}\n");
        TestSupport.Run run = TestSupport.cli("route-sim", log.toString(), "--pool", pool.toString(), "--format", "json");
        assertEquals(0, run.code(), run.err());
        JsonNode r = run.json();
        double asLogged = 1000 * 2.5e-6 + 100 * 10e-6 + 1000 * 2.5e-6 + 3000 * 1.25e-6 + 200 * 10e-6;
        assertEquals(asLogged, strategy(r, "as-logged").get("cost_usd").asDouble(), 1e-12);
        assertEquals(asLogged, strategy(r, "always gpt-4o").get("cost_usd").asDouble(), 1e-12);
        double mini = 1000 * 0.15e-6 + 100 * 0.6e-6 + 1000 * 0.15e-6 + 3000 * 0.075e-6 + 200 * 0.6e-6;
        assertEquals(mini, strategy(r, "always gpt-4o-mini").get("cost_usd").asDouble(), 1e-12);
        // quality: gpt-4o observed twice (0.9, 0.8) shrunk toward its prior with weight 10; gpt-4o-mini never observed
        JsonNode base = strategy(r, "as-logged");
        double prior = r.get("models").get(0).get("quality_prior").asDouble();
        assertEquals((0.9 + 0.8 + 10 * prior) / 12, base.get("quality").asDouble(), 1e-6);
        assertEquals(1.0, strategy(r, "always gpt-4o-mini").get("unobserved_share").asDouble());
    }

    @Test
    void gsm8kMatrixGivesTheMatricesAccuraciesAndCurvesWithTheirSummaries() {
        Path gsm8k = TestSupport.shared("data/routellm/gsm8k/gsm8k_responses.csv");
        TestSupport.Run run = TestSupport.cli("route-sim", "--matrix", gsm8k.toString(), "--embedder", "hash", "--format", "json");
        assertEquals(0, run.code(), run.err());
        JsonNode r = run.json();
        assertEquals(1319, r.get("prompts").asInt());
        assertEquals(0.8567, strategy(r, "always gpt-4-1106-preview").get("quality").asDouble(), 5e-5);
        assertEquals(0.6384, strategy(r, "always mistralai/Mixtral").get("quality").asDouble(), 5e-5);
        assertTrue(strategy(r, "always gpt-4").get("cost_usd").asDouble() > 10 * strategy(r, "always mistralai").get("cost_usd").asDouble());
        double randomApgr = Double.NaN, learned = Double.NaN;
        for (JsonNode router : r.get("routers")) {
            for (String key : List.of("name", "apgr", "cpt50", "cpt80", "curve", "chosen")) {
                assertTrue(router.has(key), key);
            }
            JsonNode curve = router.get("curve");
            assertTrue(curve.size() > 50 && curve.size() <= 102, "one point per percent: " + curve.size());
            assertEquals(0.0, curve.get(0).get("strong_share").asDouble());
            assertEquals(1.0, curve.get(curve.size() - 1).get("strong_share").asDouble());
            assertEquals(0.8567, curve.get(curve.size() - 1).get("quality").asDouble(), 5e-5);
            for (String key : List.of("threshold", "strong_share", "quality", "cost_usd")) {
                assertTrue(curve.get(1).has(key), key);
            }
            if (router.get("name").asText().equals("random")) {
                randomApgr = router.get("apgr").asDouble();
            }
            if (router.get("name").asText().startsWith("stacked")) {
                learned = router.get("apgr").asDouble();
            }
        }
        assertEquals(0.5, randomApgr, 0.03);
        assertTrue(learned > 0.62, "learned router APGR " + learned);
    }

    @Test
    void anOperatingPointMeetsTheTargetQualityOrTheStrongShareCap() {
        String gsm8k = TestSupport.shared("data/routellm/gsm8k/gsm8k_responses.csv").toString();
        JsonNode q = TestSupport.cli("route-sim", "--matrix", gsm8k, "--embedder", "hash", "--target-quality", "0.8", "--format", "json").json();
        JsonNode s = TestSupport.cli("route-sim", "--matrix", gsm8k, "--embedder", "hash", "--max-strong-share", "0.3", "--format", "json").json();
        for (int i = 0; i < q.get("routers").size(); i++) {
            assertTrue(q.get("routers").get(i).at("/chosen/quality").asDouble() >= 0.8);
            assertTrue(s.get("routers").get(i).at("/chosen/strong_share").asDouble() <= 0.3);
        }
        TestSupport.Run bad = TestSupport.cli("route-sim", "--matrix", gsm8k, "--weak", "nope");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("not a column"), bad.err());
    }
}
