package io.techopt.analyze;

import io.techopt.core.RequestFigures;
import io.techopt.core.Saving;
import io.techopt.core.SavingsLever;

import java.util.Arrays;
import java.util.List;

/** Requests and levers whose savings plan is known by construction, shared by the Plan*Test classes. */
final class PlanFixtures {
    private PlanFixtures() {
    }

    /** Requests with these costs (NaN: unpriced) and latencies, all live, one request a row. */
    static SavingsPlan.Requests requests(double[] cost, double[] latency) {
        return new SavingsPlan.Requests() {
            public int rows() {
                return cost.length;
            }

            public boolean live(int row) {
                return true;
            }

            public long count(int row) {
                return 1;
            }

            public double cost(int row) {
                return cost[row];
            }

            public double latencyMs(int row) {
                return latency[row];
            }
        };
    }

    /** Requests with these costs, each answered in 100 ms. */
    static SavingsPlan.Requests requests(double[] cost) {
        double[] latency = new double[cost.length];
        Arrays.fill(latency, 100);
        return requests(cost, latency);
    }

    /**
     * A lever with these shares of every request (zeros too), its stand-alone figure, as for every real one, its shares
     * times the requests' costs; its latency counts as measured only when it serves from the cache, and no note says
     * why not otherwise.
     */
    static SavingsLever.Effect lever(String name, double[] share, double[] cost, boolean cache) {
        RequestFigures f = new RequestFigures();
        double usd = 0;
        for (int i = 0; i < share.length; i++) {
            f.set(i, share[i]);
            usd += cost[i] * Math.min(1, share[i]);
        }
        return new SavingsLever.Effect(new Saving(name, usd, share.length, null, List.of()), f, cache, cache, null, 0.0,
                null, null, "none", List.of());
    }

    /** The plan's step of {@code lever}. */
    static SavingsPlan.Step step(SavingsPlan.Result r, String lever) {
        return r.levers().stream().filter(s -> s.lever().equals(lever)).findFirst().orElseThrow();
    }
}
