package io.techopt.route;

import io.techopt.core.LogRecord;
import io.techopt.core.Message;
import io.techopt.core.Usage;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.Pricer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The seed's ModelRouter rules and the AdaptiveRouter's learning, on hand-made traffic and pools. */
class ModelRouterRulesTest {
    static final String MINI = "gpt-4o-mini", FLASH = "gemini-2.5-flash", MID = "gpt-4.1", TOP = "claude-sonnet-4-20250514";
    final Pricer pricer = new Pricer(PriceBook.builtin(), null);

    @TempDir
    Path dir;

    static LogRecord request(String task, String model, long promptTokens, long outputTokens, double quality) {
        LogRecord.Builder r = new LogRecord.Builder();
        r.timestampMs = 1_780_000_000_000L;
        r.model = model;
        r.taskType = task;
        r.messages = List.of(new Message("user", "question"));
        r.usage = new Usage(promptTokens, 0, 0, 0, outputTokens, 0);
        r.quality = quality;
        return r.build();
    }

    Traffic traffic(LogRecord... records) {
        Traffic t = new Traffic(pricer);
        for (LogRecord r : records) {
            t.accept(t.prepare(r));
        }
        return t;
    }

    ModelPool pool(Traffic t, String yaml) throws IOException {
        Path f = dir.resolve("pool.yaml");
        Files.writeString(f, yaml);
        return ModelPool.load(f, t, pricer);
    }

    static final String THREE_TIERS = """
            default: gpt-4.1
            models:
              - {model: gpt-4o-mini, tier: economy, quality: 0.75, latency_ms: 800}
              - {model: gpt-4.1, tier: standard, quality: 0.82, latency_ms: 1500}
              - {model: claude-sonnet-4-20250514, tier: premium, quality: 0.9, latency_ms: 3000, max_context: 200000}
            """;

    String routed(Traffic t, ModelPool p, int row) {
        Strategies.ModelRouter r = new Strategies.ModelRouter(new Estimates(t, p, pricer, 10));
        return t.models.raw(r.route(row).model());
    }

    @Test
    void eachTaskTypeGoesToTheTierOfItsComplexity() throws IOException {
        Traffic t = traffic(request("simple_qa", MINI, 300, 50, Double.NaN), request("summarization", MINI, 3000, 300, Double.NaN),
                request("code_generation", MINI, 800, 600, Double.NaN), request("classification", MINI, 200, 5, Double.NaN));
        ModelPool p = pool(t, THREE_TIERS);
        assertEquals(MINI, routed(t, p, 0));
        assertEquals(MID, routed(t, p, 1));
        assertEquals(TOP, routed(t, p, 2));
        assertEquals(MINI, routed(t, p, 3));
    }

    @Test
    void thePoolFileCanMapATaskTypeToAnotherTier() throws IOException {
        Traffic t = traffic(request("summarization", MINI, 3000, 300, Double.NaN));
        assertEquals(MINI, routed(t, pool(t, THREE_TIERS + "task_tiers: {summarization: economy}\n"), 0));
    }

    @Test
    void aModelBelowTheQualityFloorFallsBackToTheDefault() throws IOException {
        Traffic t = traffic(request("simple_qa", MINI, 300, 50, Double.NaN));
        String yaml = THREE_TIERS.replace("quality: 0.75", "quality: 0.6") + "constraints: {quality_floor: 0.7}\n";
        assertEquals(MID, routed(t, pool(t, yaml), 0));
    }

    @Test
    void latencyCostAndContextLimitsFallBackToTheDefault() throws IOException {
        Traffic t = traffic(request("code_generation", MINI, 800, 600, Double.NaN), request("code_generation", MINI, 300_000, 600, Double.NaN),
                request("code_generation", MINI, 100_000, 600, Double.NaN));
        // premium is 3,000 ms: a 2,000 ms limit rules it out
        assertEquals(MID, routed(t, pool(t, THREE_TIERS + "constraints: {max_latency_ms: 2000}\n"), 0));
        assertEquals(TOP, routed(t, pool(t, THREE_TIERS + "constraints: {max_latency_ms: 5000}\n"), 0));
        // 300k prompt tokens do not fit sonnet's 200k context
        assertEquals(MID, routed(t, pool(t, THREE_TIERS), 1));
        // 100k tokens at $3/M = $0.30 plus output: over a $0.10 limit; the small request is within it
        ModelPool capped = pool(t, THREE_TIERS + "constraints: {max_cost_usd: 0.10}\n");
        assertEquals(MID, routed(t, capped, 2));
        assertEquals(TOP, routed(t, capped, 0));
    }

    @Test
    void withinATierTheBestQualityPerDollarWins() throws IOException {
        Traffic t = traffic(request("simple_qa", MINI, 1000, 100, Double.NaN));
        String two = """
                models:
                  - {model: gpt-4o-mini, tier: economy, quality: 0.75}
                  - {model: gemini-2.5-flash, tier: economy, quality: 0.75}
                """;
        // same quality: gpt-4o-mini ($0.15/$0.60 per M) is cheaper than gemini-2.5-flash ($0.30/$2.50)
        assertEquals(MINI, routed(t, pool(t, two), 0));
        // flash at quality 0.99 is still worse per dollar: 0.99/$0.00055 < 0.75/$0.00021
        assertEquals(MINI, routed(t, pool(t, two.replace("gemini-2.5-flash, tier: economy, quality: 0.75", "gemini-2.5-flash, tier: economy, quality: 0.99")), 0));
    }

    @Test
    void aTierWithoutModelsBorrowsTheNextTierUp() throws IOException {
        Traffic t = traffic(request("summarization", MINI, 3000, 300, Double.NaN));
        String noStandard = """
                models:
                  - {model: gpt-4o-mini, tier: economy}
                  - {model: claude-sonnet-4-20250514, tier: premium}
                """;
        assertEquals(TOP, routed(t, pool(t, noStandard), 0));
    }

    @Test
    void theAdaptiveRouterLeavesAModelWhoseObservedQualityFallsBelowTheFloor() throws IOException {
        LogRecord[] rs = new LogRecord[121];
        for (int i = 0; i < 120; i++) {
            rs[i] = request("simple_qa", MINI, 300, 50, 0.3);
        }
        rs[120] = request("simple_qa", MINI, 300, 50, Double.NaN);
        Traffic t = traffic(rs);
        ModelPool p = pool(t, THREE_TIERS);
        Estimates e = new Estimates(t, p, pricer, 10);
        Strategies.AdaptiveRouter adaptive = new Strategies.AdaptiveRouter(e, 100);
        assertEquals(MINI, t.models.raw(adaptive.route(0).model()), "before any observation: the prior 0.75 passes the floor");
        for (int i = 0; i < 120; i++) {
            adaptive.observe(i);
        }
        assertEquals(MID, t.models.raw(adaptive.route(120).model()), "100 observations at 0.3: below the 0.7 floor, default");
        // the static router keeps its prior
        assertEquals(MINI, t.models.raw(new Strategies.ModelRouter(e).route(120).model()));
    }

    @Test
    void theAdaptiveWindowForgetsOldObservations() throws IOException {
        LogRecord[] rs = new LogRecord[201];
        for (int i = 0; i < 200; i++) {
            rs[i] = request("simple_qa", MINI, 300, 50, i < 100 ? 0.2 : 0.95);
        }
        rs[200] = request("simple_qa", MINI, 300, 50, Double.NaN);
        Traffic t = traffic(rs);
        ModelPool p = pool(t, THREE_TIERS);
        Strategies.AdaptiveRouter adaptive = new Strategies.AdaptiveRouter(new Estimates(t, p, pricer, 10), 100);
        for (int i = 0; i < 100; i++) {
            adaptive.observe(i);
        }
        assertEquals(MID, t.models.raw(adaptive.route(200).model()));
        for (int i = 100; i < 200; i++) {
            adaptive.observe(i);
        }
        assertEquals(MINI, t.models.raw(adaptive.route(200).model()), "the last 100 are good again");
    }

    @Test
    void aPoolModelWithoutAPriceIsRefused() throws IOException {
        Traffic t = traffic(request("simple_qa", MINI, 300, 50, Double.NaN));
        // a usage error (exit 2), not an I/O failure: the pool file names a model nothing resolves to
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool(t, "models:\n  - {model: acme-llm-v9}\n"));
        assertEquals(true, e.getMessage().contains("acme-llm-v9") && e.getMessage().contains("--prices"), e.getMessage());
    }
}
