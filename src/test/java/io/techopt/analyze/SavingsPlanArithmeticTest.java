package io.techopt.analyze;

import io.techopt.core.RequestFigures;
import io.techopt.core.Saving;
import io.techopt.core.SavingsLever;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.techopt.analyze.PlanFixtures.requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plan's arithmetic on requests and levers whose answer is known by construction. */
class SavingsPlanArithmeticTest {
    /** A lever whose stand-alone figure is, as for every real one, its shares times the requests' costs. */
    private static SavingsLever.Effect lever(String name, double[] share, double[] cost, boolean cache) {
        RequestFigures f = new RequestFigures();
        double usd = 0;
        long n = 0;
        for (int i = 0; i < share.length; i++) {
            if (share[i] != 0) {
                f.set(i, share[i]);
                n++;
                usd += Double.isNaN(cost[i]) ? 0 : cost[i] * Math.min(1, share[i]);
            }
        }
        return new SavingsLever.Effect(new Saving(name, usd, n, null, List.of()), f, cache, false, "not measured here",
                0.0, null, null, "none", List.of());
    }

    @Test
    void aCacheHitIsGoneForEveryLaterLeverAndTheOthersTakeTheirShareOfWhatIsLeft() {
        double[] cost = {1.0, 2.0, 4.0};
        double[] latency = {100, 200, Double.NaN};
        // given out of order: the plan puts them in ORDER (exact_cache, routing, batch)
        List<SavingsLever.Effect> effects = List.of(
                lever("batch", new double[]{0.5, 0.5, 0.5}, cost, false),
                lever("exact_cache", new double[]{1, 0, 0}, cost, true),
                lever("routing", new double[]{0.9, -0.5, 0.25}, cost, false));
        SavingsPlan.Result r = SavingsPlan.run(effects, requests(cost, latency));
        assertEquals(List.of("exact_cache", "routing", "batch"), r.order());
        SavingsPlan.Step exact = r.levers().get(0), routing = r.levers().get(1), batch = r.levers().get(2);
        assertEquals(1.0, exact.usdSaved(), 1e-12);
        assertEquals(1, exact.requestsAffected());
        // the request the cache answers waited 100 ms of the 300 ms the two requests with a latency logged
        assertEquals(-100 / 2.0, exact.latencyChangeMsMean(), 1e-12);
        // routing: request 0 is gone; request 1 costs 50% more (-1.0), request 2 saves 25% (1.0)
        assertEquals(0.0, routing.usdSaved(), 1e-12);
        assertEquals(2, routing.requestsAffected());
        // batch halves what is left: 3.0 and 3.0
        assertEquals(3.0, batch.usdSaved(), 1e-12);
        assertEquals(4.0, r.combinedUsdSaved(), 1e-12);
        assertEquals(3.0, r.costAfterUsd(), 1e-12);
        assertEquals(7.0, r.costUsd(), 1e-12);
        // alone: 1 + (0.9 - 1.0 + 1.0) + 3.5
        assertEquals(1.0 + 0.9 + 3.5, r.sumOfAloneUsd(), 1e-12);
        assertNull(r.latencyChangeMsMean(), "routing and batch say no latency here: the plan's total is not measured");
    }

    @Test
    void aLeverActingAloneSavesExactlyItsStandAloneFigure() {
        Random rnd = new Random(7);
        double[] cost = new double[500], latency = new double[500], share = new double[500], none = new double[500];
        for (int i = 0; i < cost.length; i++) {
            cost[i] = rnd.nextDouble() / 100;
            latency[i] = 1000 * rnd.nextDouble();
            share[i] = rnd.nextInt(3) == 0 ? 0 : rnd.nextDouble() * 1.5 - 0.5;
        }
        for (String name : SavingsPlan.ORDER) {
            List<SavingsLever.Effect> effects = new ArrayList<>();
            for (String other : SavingsPlan.ORDER) {
                effects.add(lever(other, other.equals(name) ? share : none, cost, other.endsWith("cache")));
            }
            SavingsPlan.Result r = SavingsPlan.run(effects, requests(cost, latency));
            SavingsPlan.Step s = r.levers().get(SavingsPlan.ORDER.indexOf(name));
            assertEquals(s.aloneUsd(), s.usdSaved(), 1e-12, name);
            assertEquals(s.aloneUsd(), r.combinedUsdSaved(), 1e-12, name);
        }
    }

    @Test
    void aLeverThatCannotBeMeasuredIsNullWithItsReasonAndLeftOutOfTheCombinedSaving() {
        double[] cost = {1.0, 1.0};
        double[] latency = {Double.NaN, Double.NaN};
        SavingsLever.Effect unmeasured = new SavingsLever.Effect(new Saving("compression", null, 0, null,
                List.of("not measured: no request of the log has prompt text to compress")), SavingsLever.PerRequest.NONE,
                false, false, "n/a", null, "n/a", null, "unknown", List.of());
        SavingsPlan.Result r = SavingsPlan.run(List.of(unmeasured, lever("batch", new double[]{0.5, 0}, cost, false)),
                requests(cost, latency));
        SavingsPlan.Step c = r.levers().get(0);
        assertNull(c.usdSaved());
        assertNull(c.aloneUsd());
        assertTrue(c.notes().get(0).contains("no request of the log has prompt text"), c.notes().toString());
        assertEquals(0.5, r.combinedUsdSaved(), 1e-12);
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("compression is not in the combined saving")), r.notes().toString());
    }

    @Test
    void withNothingPricedEveryDollarFigureIsNullNotZero() {
        double[] cost = {Double.NaN};
        SavingsPlan.Result r = SavingsPlan.run(List.of(lever("exact_cache", new double[]{1}, cost, true)),
                requests(cost, new double[]{50}));
        assertNull(r.costUsd());
        assertNull(r.combinedUsdSaved());
        assertNull(r.levers().get(0).usdSaved());
    }

    @Property(tries = 200)
    void theCombinedSavingIsNeverMoreThanTheCostWhateverTheLeversClaim(@ForAll("seeds") long seed,
                                                                       @ForAll @IntRange(min = 1, max = 60) int n,
                                                                       @ForAll @DoubleRange(min = 0, max = 3) double wild) {
        Random rnd = new Random(seed);
        double[] cost = new double[n], latency = new double[n];
        for (int i = 0; i < n; i++) {
            cost[i] = rnd.nextInt(10) == 0 ? Double.NaN : rnd.nextDouble();
            latency[i] = rnd.nextInt(4) == 0 ? Double.NaN : 2000 * rnd.nextDouble();
        }
        List<SavingsLever.Effect> effects = new ArrayList<>();
        for (String name : SavingsPlan.ORDER) {
            double[] share = new double[n];
            for (int i = 0; i < n; i++) {
                share[i] = rnd.nextInt(3) == 0 ? 0 : name.endsWith("cache") && rnd.nextBoolean() ? 1 : (rnd.nextDouble() * 2 - 1) * wild;
            }
            effects.add(lever(name, share, cost, name.endsWith("cache")));
        }
        SavingsPlan.Result r = SavingsPlan.run(effects, requests(cost, latency));
        if (java.util.Arrays.stream(cost).allMatch(Double::isNaN)) {
            assertNull(r.combinedUsdSaved(), "nothing priced: unknown, not $0");
            return;
        }
        assertTrue(r.combinedUsdSaved() <= r.costUsd() + 1e-12, r.combinedUsdSaved() + " > " + r.costUsd());
        assertTrue(r.costAfterUsd() >= -1e-12);
        assertTrue(r.combinedUsdSaved() >= 0, "a lever that costs money is not applied: " + r.combinedUsdSaved());
        double steps = r.levers().stream().filter(SavingsPlan.Step::applied).mapToDouble(SavingsPlan.Step::usdSaved).sum();
        assertEquals(r.combinedUsdSaved(), steps, 1e-9, "the applied steps add up to the combined saving");
        assertTrue(r.levers().stream().allMatch(s -> s.applied() == (s.usdSaved() >= 0)), "applied exactly when it saves");
        assertEquals(r.costUsd() - r.costAfterUsd(), r.combinedUsdSaved(), 1e-9);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> seeds() {
        return net.jqwik.api.Arbitraries.longs();
    }
}
