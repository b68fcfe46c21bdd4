package io.techopt.analyze;

import io.techopt.core.RequestFigures;
import io.techopt.core.Saving;
import io.techopt.core.SavingsLever;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.techopt.analyze.PlanFixtures.requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review h19: the plan's latency_change_ms_mean was always null, because prompt caching, compression and batch do not
 * measure a latency. Caches and routing do, in one unit (ms per request of the log), so they add up as the dollars do;
 * prompt caching and compression can only shorten a request (the figure is then at most this, a note says so), and a
 * request batch moves to the Batch API has no answer time to average (it leaves the mean, a note says so).
 */
class PlanCombinedLatencyTest {
    /** A lever with these shares; latency: its change per request (null: the lever measures none). */
    private static SavingsLever.Effect lever(String name, double[] share, double[] latency, double[] cost, boolean cache) {
        RequestFigures f = new RequestFigures();
        double usd = 0;
        for (int i = 0; i < share.length; i++) {
            f.set(i, share[i]);
            if (latency != null) {
                f.setLatency(i, latency[i]);
            }
            usd += Double.isNaN(cost[i]) ? 0 : cost[i] * Math.min(1, share[i]);
        }
        boolean measured = cache || latency != null;
        return new SavingsLever.Effect(new Saving(name, usd, share.length, null, List.of()), f, cache, measured,
                measured ? null : "not measured here", 0.0, null, null, "none", List.of());
    }

    private static final double[] COST = {1, 1, 1, 1};
    private static final double[] LATENCY = {1000, 1000, 1000, 1000};

    private static SavingsLever.Effect exact() {
        return lever("exact_cache", new double[]{1, 0, 0, 0}, null, COST, true); // answers request 0: -1000 ms
    }

    private static SavingsLever.Effect routing() {
        return lever("routing", new double[]{0, 0.5, 0, 0.5}, new double[]{0, -200, 0, 600}, COST, false);
    }

    @Test
    void cachesAndRoutingAddUpToTheChangeOfTheMeanLatencyPerRequest() {
        SavingsPlan.Result r = SavingsPlan.run(List.of(exact(), routing()), requests(COST, LATENCY));
        // (-1000 - 200 + 600) / 4 requests; each lever's own figure is its part of it
        assertEquals(-150.0, r.latencyChangeMsMean(), 1e-12);
        assertEquals(-250.0, r.levers().get(0).latencyChangeMsMean(), 1e-12);
        assertEquals(100.0, r.levers().get(1).latencyChangeMsMean(), 1e-12);
        assertEquals(r.levers().get(0).latencyChangeMsMean() + r.levers().get(1).latencyChangeMsMean(),
                r.latencyChangeMsMean(), 1e-12);
    }

    @Test
    void promptCachingAndCompressionOnlyShortenSoTheFigureIsAtMostThisAndSaysSo() {
        SavingsPlan.Result r = SavingsPlan.run(List.of(exact(), routing(),
                lever("prompt_cache", new double[]{0, 0, 0.2, 0}, null, COST, false),
                lever("compression", new double[]{0, 0.1, 0.1, 0}, null, COST, false)), requests(COST, LATENCY));
        assertNotNull(r.latencyChangeMsMean(), r.notes().toString());
        assertEquals(-150.0, r.latencyChangeMsMean(), 1e-12);
        String n = r.notes().toString();
        assertTrue(n.contains("prompt_cache") && n.contains("compression") && n.contains("at most"), n);
    }

    @Test
    void requestsBatchMovesToTheBatchApiLeaveTheMeanOfTheRequestsAnsweredAtOnce() {
        // batch takes requests 2 and 3; request 3 was routed (+600 ms), and no longer has an answer time to average
        SavingsPlan.Result r = SavingsPlan.run(List.of(exact(), routing(),
                lever("batch", new double[]{0, 0, 0.5, 0.5}, null, COST, false)), requests(COST, LATENCY));
        // requests 0 and 1 are still answered at once: (-1000 - 200) / 2
        assertEquals(-600.0, r.latencyChangeMsMean(), 1e-12);
        String n = r.notes().toString();
        assertTrue(n.contains("batch") && n.contains("2 requests") && n.contains("24 h"), n);
    }

    @Test
    void aLeverOfUnknownLatencyEffectMakesTheCombinedFigureNullWithItsName() {
        SavingsPlan.Result r = SavingsPlan.run(List.of(exact(),
                lever("semantic_cache", new double[]{0, 0.5, 0, 0}, null, COST, false)), requests(COST, LATENCY));
        assertNull(r.latencyChangeMsMean());
        assertTrue(r.notes().stream().anyMatch(x -> x.startsWith("latency_change_ms_mean (the whole plan's) is null")
                && x.contains("semantic_cache")), r.notes().toString());
    }

    @Test
    void whenNothingIsPricedNoLeverIsAppliedAndThePlansLatencyIsNullNotZero() {
        // found trying --plan on a log of one unpriced model: 0.0 ms "from no lever" although the caches do answer
        double[] unpriced = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        SavingsPlan.Result r = SavingsPlan.run(List.of(lever("exact_cache", new double[]{0, 1, 1, 1}, null, unpriced, true)),
                requests(unpriced, LATENCY));
        assertNull(r.latencyChangeMsMean());
        assertTrue(r.notes().toString().contains("no lever is applied"), r.notes().toString());
    }

    @Test
    void withoutAnyLoggedLatencyTheCombinedFigureIsNullAndSaysWhy() {
        double[] none = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        SavingsPlan.Result r = SavingsPlan.run(List.of(exact(), routing()), requests(COST, none));
        assertNull(r.latencyChangeMsMean());
        assertTrue(r.notes().toString().contains("no request logs a latency"), r.notes().toString());
    }
}
