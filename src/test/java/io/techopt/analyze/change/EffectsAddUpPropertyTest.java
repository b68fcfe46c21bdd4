package io.techopt.analyze.change;

import io.techopt.core.LogRecord;
import io.techopt.core.Usage;
import io.techopt.pricing.PriceBook;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On random logs (teams and models appearing and vanishing, failed, batched, billed-as-logged and unpriced requests,
 * long-context prompts, cache reads and writes, repeated request ids, prices that change on a date, free models, dated
 * prices to and from $0 and a newest price of $0) the effects add up to the change to 1e-9, in total and in every model
 * and team row, and the rows add up to the totals; on the same traffic in both periods the price effect is all of it.
 */
class EffectsAddUpPropertyTest {
    static final long DAY = 86_400_000L;
    static final long C0 = LocalDate.parse("2026-02-01").toEpochDay() * DAY;

    static PriceBook book() throws IOException {
        Path f = Files.createTempFile("change-prices", ".yaml");
        try {
            Files.writeString(f, """
                    models:
                      - key: acme-chat
                        provider: vllm
                        prices:
                          - {effective: 2025-01-01, input: 3.0, output: 15.0, cache_read: 0.3, cache_write: 3.75, cache_write_1h: 6.0}
                          - {effective: 2026-02-05, input: 2.0, output: 12.0, cache_read: 0.2, cache_write: 2.5}
                      - key: acme-mini
                        provider: vllm
                        prices:
                          - {effective: 2025-01-01, input: 0.15, output: 0.6}
                      - key: acme-free
                        provider: vllm
                        prices:
                          - {effective: 2025-01-01, input: 0.0, output: 0.0}
                      - key: acme-long
                        provider: vllm
                        prices:
                          - effective: 2025-01-01
                            input: 1.0
                            output: 5.0
                            cache_read: 0.1
                            long_context: [{above_tokens: 2000, input: 2.0, output: 10.0}]
                      - key: acme-tozero
                        provider: vllm
                        prices:
                          - {effective: 2025-01-01, input: 1.0, output: 5.0, cache_read: 0.1}
                          - {effective: 2026-02-05, input: 0.0, output: 0.0, cache_read: 0.0}
                      - key: acme-fromzero
                        provider: vllm
                        prices:
                          - {effective: 2025-01-01, input: 0.0, output: 0.0}
                          - {effective: 2026-01-27, input: 2.0, output: 8.0}
                      - key: acme-zeroandback
                        provider: vllm
                        prices:
                          - {effective: 2025-01-01, input: 1.0, output: 4.0}
                          - {effective: 2026-01-28, input: 0.0, output: 0.0}
                          - {effective: 2026-02-04, input: 1.5, output: 6.0}
                      - key: acme-newestzero
                        provider: vllm
                        prices:
                          - {effective: 2025-01-01, input: 1.0, output: 4.0, cache_read: 0.1}
                          - {effective: 2026-02-05, input: 2.0, output: 8.0, cache_read: 0.2}
                          - {effective: 2026-03-01, input: 0.0, output: 0.0, cache_read: 0.0}
                      - key: acme-freeoutput
                        provider: vllm
                        prices:
                          - {effective: 2025-01-01, input: 1.0, output: 4.0}
                          - {effective: 2026-02-03, input: 1.0, output: 0.0}
                      - key: acme-freelong
                        provider: vllm
                        prices:
                          - effective: 2025-01-01
                            input: 1.0
                            output: 5.0
                            long_context: [{above_tokens: 2000, input: 2.0, output: 10.0}]
                          - effective: 2026-02-06
                            input: 0.0
                            output: 0.0
                            long_context: [{above_tokens: 2000, input: 0.0, output: 0.0}]
                    """);
            PriceBook b = PriceBook.builtin();
            b.load(f);
            return b;
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Property(tries = 200, shrinking = ShrinkingMode.OFF)
    void effectsAddUpToTheChangeInTotalAndInEveryRow(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long seed,
                                                    @ForAll @IntRange(min = 0, max = 400) int n) throws IOException {
        Random rnd = new Random(seed);
        ChangePeriods periods = ChangePeriods.parse("", C0, C0 + 10 * DAY);
        ChangeCollector c = new ChangeCollector(book(), rnd.nextInt(4) == 0 ? LocalDate.parse("2026-03-01") : null, periods);
        // per log, which models and teams are likelier in which period, so that some appear or vanish
        double[][] weight = new double[2][MODELS.length];
        for (double[] w : weight) {
            for (int m = 0; m < MODELS.length; m++) {
                w[m] = rnd.nextInt(3) == 0 ? 0 : rnd.nextDouble();
            }
        }
        double failRate = rnd.nextDouble() * 0.5;
        for (int i = 0; i < n; i++) {
            int p = rnd.nextInt(2);
            c.accept(record(rnd, p, pick(MODELS, weight[p], rnd), rnd.nextDouble() < failRate * (p + 0.5)));
        }
        assertEffectsAddUp(c.finish());
    }

    /** Every model of {@link #book()}: priced, free, long-context, with dated prices to and from $0, and unpriced. */
    static final String[] MODELS = {"acme-chat", "acme-mini", "acme-free", "acme-long", "acme-unknown", "acme-tozero",
            "acme-fromzero", "acme-zeroandback", "acme-newestzero", "acme-freeoutput", "acme-freelong"};

    /** A random request of period {@code p} (0 baseline, 1 current) at a random time in it. */
    static LogRecord record(Random rnd, int p, String model, boolean error) {
        LogRecord.Builder r = new LogRecord.Builder();
        r.timestampMs = C0 + (p == 0 ? -10 * DAY : 0) + (long) (rnd.nextDouble() * 10 * DAY);
        r.model = model;
        r.provider = "vllm";
        r.team = new String[]{"a", "b", "c", null}[rnd.nextInt(4)];
        r.error = error;
        r.batch = rnd.nextInt(4) == 0;
        r.count = rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(5) : 1;
        r.requestId = rnd.nextInt(8) == 0 ? "dup-" + rnd.nextInt(20) : null;
        if (rnd.nextInt(15) == 0) {
            r.costAsLogged = true;
            r.loggedCostUsd = rnd.nextInt(5) == 0 ? 0 : rnd.nextDouble();
        }
        long in = rnd.nextInt(5) == 0 ? 0 : rnd.nextInt(3000);
        r.usage = new Usage(in, rnd.nextBoolean() ? rnd.nextInt(2000) : 0, rnd.nextInt(6) == 0 ? rnd.nextInt(500) : 0,
                rnd.nextInt(10) == 0 ? rnd.nextInt(300) : 0, rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(800), 0);
        return r.build();
    }

    /**
     * The must-show on random logs: the same traffic in both periods (each baseline request again, 10 days
     * later, in the same order), so that only the dated prices differ, including prices to and from $0, a newest version
     * at $0, a free output price and a free long-context tier: the price effect is the whole change and every other
     * effect 0, in total and in every row.
     */
    @Property(tries = 100, shrinking = ShrinkingMode.OFF)
    void theSameTrafficInBothPeriodsIsAllPriceEffect(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long seed,
                                                     @ForAll @IntRange(min = 1, max = 300) int n) throws IOException {
        Random rnd = new Random(seed);
        ChangeCollector c = new ChangeCollector(book(), rnd.nextInt(4) == 0 ? LocalDate.parse("2026-03-01") : null,
                ChangePeriods.parse("", C0, C0 + 10 * DAY));
        double[] weight = new double[MODELS.length];
        for (int m = 0; m < MODELS.length; m++) {
            weight[m] = rnd.nextInt(3) == 0 ? 0 : rnd.nextDouble();
        }
        double failRate = rnd.nextDouble() * 0.5;
        for (int i = 0; i < n; i++) {
            LogRecord base = record(rnd, 0, pick(MODELS, weight, rnd), rnd.nextDouble() < failRate);
            LogRecord.Builder cur = base.toBuilder();
            cur.timestampMs = base.timestampMs + 10 * DAY;
            c.accept(base);
            c.accept(cur.build());
        }
        ChangeResult res = c.finish();
        assertEffectsAddUp(res);
        if (res.changeUsd() == null) {
            return;
        }
        assertOnlyPrices(res.effects(), res.changeUsd(), "total");
        res.byModel().stream().filter(m -> m.changeUsd() != null).forEach(m -> assertOnlyPrices(m.effects(), m.changeUsd(), m.model()));
        res.byTeam().stream().filter(t -> t.changeUsd() != null).forEach(t -> assertOnlyPrices(t.effects(), t.changeUsd(), "team " + t.team()));
    }

    static void assertOnlyPrices(Map<String, Double> effects, double change, String where) {
        for (Effect e : Effect.values()) {
            assertEquals(e == Effect.PRICES ? change : 0, effects.get(e.key), 1e-9, where + ": only prices differ: " + effects);
        }
    }

    static void assertEffectsAddUp(ChangeResult res) {
        if (res.changeUsd() == null) {
            assertTrue(res.effects().values().stream().allMatch(v -> v == null), res.toString());
            assertTrue(!res.notes().isEmpty());
            return;
        }
        assertAddsUp(res.effects(), res.changeUsd(), "total");
        assertEquals(res.current().costUsd() - res.baseline().costUsd(), res.changeUsd(), 1e-9);
        double[] modelSum = new double[Effect.N], teamSum = new double[Effect.N];
        for (ChangeResult.ModelRow m : res.byModel()) {
            if (m.changeUsd() != null) {
                assertAddsUp(m.effects(), m.changeUsd(), "model " + m.model());
                add(modelSum, m.effects());
            }
        }
        for (ChangeResult.TeamRow t : res.byTeam()) {
            if (t.changeUsd() != null) {
                assertAddsUp(t.effects(), t.changeUsd(), "team " + t.team());
                add(teamSum, t.effects());
            }
        }
        for (Effect e : Effect.values()) {
            assertEquals(res.effects().get(e.key), modelSum[e.ordinal()], 1e-9, "models add up to the total " + e.key);
            assertEquals(res.effects().get(e.key), teamSum[e.ordinal()], 1e-9, "teams add up to the total " + e.key);
            assertTrue(Double.isFinite(res.effects().get(e.key)), e.key);
        }
    }

    static String pick(String[] names, double[] w, Random rnd) {
        double total = 0;
        for (double v : w) {
            total += v;
        }
        if (total == 0) {
            return names[rnd.nextInt(names.length)];
        }
        double x = rnd.nextDouble() * total;
        for (int i = 0; i < names.length; i++) {
            x -= w[i];
            if (x < 0) {
                return names[i];
            }
        }
        return names[names.length - 1];
    }

    static void add(double[] sum, Map<String, Double> effects) {
        for (Effect e : Effect.values()) {
            sum[e.ordinal()] += effects.get(e.key);
        }
    }

    static void assertAddsUp(Map<String, Double> effects, double change, String where) {
        double sum = 0;
        for (Effect e : Effect.values()) {
            Double v = effects.get(e.key);
            assertNotNull(v, where + " " + e.key);
            sum += v;
        }
        assertEquals(change, sum, 1e-9, where + ": effects " + effects + " add up to the change " + change);
    }
}
