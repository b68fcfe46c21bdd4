package io.techopt.route;

import io.techopt.route.Router.Decision;
import io.techopt.stats.Percentiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Replays a log's requests, in timestamp order, under routing strategies and sums what each would cost and give. */
public final class RouteSimulator {
    /** Knobs of the replay. weak/strong null: the cheapest model and the one with the best quality prior. */
    public record Options(String weak, String strong, double qualityBar, double threshold, double priorStrength, int window) {
        public static Options defaults() {
            return new Options(null, null, 0.7, 0.5, 10, 100);
        }
    }

    private RouteSimulator() {
    }

    /** The strategies of a replay, in report order. */
    public static List<Router> standardStrategies(Estimates e, ModelPool.Model weak, ModelPool.Model strong, Options o) {
        List<Router> rs = new ArrayList<>(List.of(Strategies.asLogged(e.t), Strategies.always(weak)));
        if (strong.id() != weak.id()) {
            rs.add(Strategies.always(strong));
        }
        rs.add(new Strategies.ModelRouter(e));
        rs.add(new Strategies.AdaptiveRouter(e, o.window()));
        if (strong.id() != weak.id()) { // a one-model pool: a cascade would escalate the model to itself (review r9 #4)
            rs.add(Strategies.threshold(e, weak, strong, o.qualityBar(), o.threshold()));
            rs.add(Strategies.cascade(e, weak, strong, o.qualityBar()));
        }
        rs.add(Strategies.qualityMatched(e));
        return rs;
    }

    /** Each row's cost and latency under one strategy of {@link #run} and as logged (by Traffic row). */
    record PerRow(double[] cost, double[] latency, double[] loggedCost, double[] loggedLatency) {
    }

    /** Replays one named strategy of {@link #run} again, keeping what it did to each row. */
    static PerRow perRow(Traffic t, ModelPool pool, io.techopt.pricing.Pricer pricer, Options o, String strategy) {
        Estimates e = new Estimates(t, pool, pricer, o.priorStrength());
        ModelPool.Model weak = o.weak() == null ? pool.cheapest() : pool.byName(o.weak());
        ModelPool.Model strong = o.strong() == null ? pool.strongest() : pool.byName(o.strong());
        List<Router> routers = standardStrategies(e, weak, strong, o);
        int[] order = t.timeOrder();
        PerRow p = new PerRow(new double[t.n], new double[t.n], new double[t.n], new double[t.n]);
        replay(e, routers.get(0), order, p.loggedCost(), p.loggedLatency());
        Router chosen = routers.stream().filter(r -> r.name().equals(strategy)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no strategy " + strategy));
        replay(e, chosen, order, p.cost(), p.latency());
        return p;
    }

    public static RouteSimResult run(Traffic t, ModelPool pool, io.techopt.pricing.Pricer pricer, Options o) {
        Estimates e = new Estimates(t, pool, pricer, o.priorStrength());
        ModelPool.Model weak = o.weak() == null ? pool.cheapest() : pool.byName(o.weak());
        ModelPool.Model strong = o.strong() == null ? pool.strongest() : pool.byName(o.strong());
        List<Router> routers = standardStrategies(e, weak, strong, o);
        int[] order = t.timeOrder();
        // strategies replay independently: one per core
        Run[] runs = routers.parallelStream().map(r -> replay(e, r, order)).toArray(Run[]::new);
        return result(t, pool, e, weak, strong, runs, o);
    }

    /** What one strategy did over the whole log. */
    static final class Run {
        final String name;
        double cost, qualitySum;
        long unpriced, unobserved;
        /** Requests whose cost this strategy's cost figures cover: those priced as logged, the same for every strategy. */
        long compared;
        final long[] calls;
        final double[] cellWeight;
        final long[] unobservedByCell;
        final double[] latency;

        Run(String name, int models, int cells, int n) {
            this.name = name;
            calls = new long[models];
            cellWeight = new double[cells];
            unobservedByCell = new long[cells];
            latency = new double[n];
        }
    }

    static Run replay(Estimates e, Router r, int[] order) {
        return replay(e, r, order, null, null);
    }

    /** One strategy's replay, also keeping each row's cost and latency (by Traffic row) when the arrays are given. */
    static Run replay(Estimates e, Router r, int[] order, double[] rowCost, double[] rowLatency) {
        Traffic t = e.t;
        int models = e.models;
        Run run = new Run(r.name(), models, Math.max(1, t.tasks.size()) * models, t.n);
        for (int k = 0; k < order.length; k++) {
            int row = order[k];
            int task = t.task[row];
            Decision d = r.route(row);
            int m = d.model();
            double cost = e.cost(row, m), lat = e.latency(row, m), q;
            run.calls[m]++;
            int served = m;
            if (d.escalateTo() >= 0 && uniform(row) < d.escalateProbability()) {
                served = d.escalateTo();
                if (served != m) { // a share of requests: one escalating to the model it asked counts once
                    run.calls[served]++;
                }
                cost += e.cost(row, served);
                lat += e.latency(row, served);
                q = e.quality(task, served);
            } else {
                q = Double.isNaN(d.qualityIfKept()) ? e.quality(task, m) : d.qualityIfKept();
            }
            // costs are compared on the requests priced as logged: an unpriced one has no as-logged cost to compare with
            if (!Double.isNaN(t.loggedCost[row])) {
                run.compared++;
                if (Double.isNaN(cost)) {
                    run.unpriced++;
                } else {
                    run.cost += cost;
                }
            }
            int cell = task * models + served;
            run.cellWeight[cell]++;
            if (!e.observed(task, served)) {
                run.unobserved++;
                run.unobservedByCell[cell]++;
            }
            run.qualitySum += q;
            run.latency[k] = lat;
            if (rowCost != null) {
                rowCost[row] = cost;
                rowLatency[row] = lat;
            }
            r.observe(row);
        }
        return run;
    }

    /** A fixed uniform draw per request, so a cascade's escalations are the same on every run. */
    static double uniform(long row) {
        long z = (row + 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }

    private static RouteSimResult result(Traffic t, ModelPool pool, Estimates e, ModelPool.Model weak, ModelPool.Model strong,
                                         Run[] runs, Options o) {
        int n = t.n, models = e.models, tasks = Math.max(1, t.tasks.size());
        long[] served = t.requestsByModel();
        List<RouteSimResult.PoolModel> poolModels = pool.models.stream().map(m -> new RouteSimResult.PoolModel(
                t.models.name(m.id()), m.tier().label(), m.qualityPrior(), m.latencyPriorMs(),
                m.id() < served.length ? served[m.id()] : 0)).toList();
        List<RouteSimResult.Strategy> strategies = new ArrayList<>();
        List<RouteSimResult.Unobserved> unobserved = new ArrayList<>();
        Run base = runs[0];
        // a latency no request logged is a guess from the tier's prior, not a figure: null for every strategy
        boolean latencyLogged = false;
        for (int i = 0; i < n && !latencyLogged; i++) {
            latencyLogged = !t.error[i] && !Float.isNaN(t.latency[i]);
        }
        double baseQuality = n == 0 ? Double.NaN : base.qualitySum / n;
        for (Run r : runs) {
            double quality = n == 0 ? Double.NaN : r.qualitySum / n;
            double var = n == 0 ? Double.NaN : e.sigma * e.sigma / n;
            for (int c = 0; c < r.cellWeight.length; c++) {
                if (r.cellWeight[c] > 0) {
                    double w = r.cellWeight[c] / n;
                    var += w * w * e.qualityVariance(c / models, c % models);
                }
                if (r.unobservedByCell[c] > 0) {
                    unobserved.add(new RouteSimResult.Unobserved(r.name, t.tasks.name(c / models), t.models.name(c % models),
                            r.unobservedByCell[c]));
                }
            }
            double half = 1.959963984540054 * Math.sqrt(var);
            Map<String, Double> share = new LinkedHashMap<>();
            for (int m = 0; m < models; m++) {
                if (r.calls[m] > 0) {
                    share.put(t.models.name(m), (double) r.calls[m] / n);
                }
            }
            double[] p = latencyLogged ? Percentiles.of(r.latency, n, 0.5, 0.95) : new double[]{Double.NaN, Double.NaN};
            boolean costs = base.compared > 0;
            strategies.add(new RouteSimResult.Strategy(r.name, costs ? r.cost : Double.NaN, costs ? r.cost / base.compared : Double.NaN,
                    costs ? base.cost - r.cost : Double.NaN, !costs || base.cost == 0 ? Double.NaN : (base.cost - r.cost) / base.cost, quality, Math.max(0, quality - half),
                    Math.min(1, quality + half), quality - baseQuality, new RouteSimResult.Latency(p[0], p[1]), share,
                    n == 0 ? Double.NaN : (double) r.unobserved / n));
        }
        List<RouteSimResult.Cell> cells = new ArrayList<>();
        for (int task = 0; task < t.tasks.size(); task++) {
            for (int m = 0; m < models; m++) {
                if (e.observed(task, m) || pool.byId(m) != null) {
                    cells.add(new RouteSimResult.Cell(t.tasks.name(task), t.models.name(m), e.observations(task, m),
                            e.observedMean(task, m), e.quality(task, m)));
                }
            }
        }
        List<String> notes = new ArrayList<>();
        if (n == 0) {
            notes.add("No request to replay (requests 0): every strategy's cost_per_request_usd, saving_share, quality, "
                    + "quality_low, quality_high, quality_change, latency_ms.p50, latency_ms.p95 and unobserved_share are null.");
        } else {
            if (!latencyLogged) {
                notes.add("No successful request logs a latency_ms: every strategy's latency_ms.p50 and latency_ms.p95 are null "
                        + "(the pool's latency_prior_ms alone would be a guess, not a measurement).");
            }
            if (base.compared == 0) {
                notes.add("No logged request is of a priced model (" + String.join(", ", t.unpricedModels)
                        + (t.unpricedModels.size() == 5 ? ", …" : "") + "), so there is no as-logged cost to compare with: "
                        + "every strategy's cost_usd, cost_per_request_usd, saving_usd and saving_share are null; add prices with --prices.");
            } else if (base.cost == 0) {
                notes.add("The log as logged cost 0 USD: every strategy's saving_share is null.");
            }
        }
        if (cells.stream().anyMatch(c -> Double.isNaN(c.qualityObserved()))) {
            notes.add("cells: quality_observed is null where a (task type, model) pair has no logged quality score; its "
                    + "quality_estimate is then the pool's quality_prior alone.");
        }
        notes.add(String.format(Locale.ROOT, "Quality per (task type, model) is the logged mean shrunk toward the pool prior "
                + "with the weight of %.0f observations; 95%% intervals add the estimates' uncertainty (a prior alone counts "
                + "as +/- %.2f) to the within-cell spread (sd %.3f).", o.priorStrength(), Estimates.PRIOR_SD, e.sigma));
        if (!pool.snapshotOf.isEmpty()) {
            List<String> snaps = new ArrayList<>();
            pool.snapshotOf.forEach((snap, fam) -> snaps.add(snap + " is a dated snapshot of " + fam));
            notes.add(String.join("; ", snaps) + ": " + (snaps.size() == 1 ? "it takes its family's" : "each takes its family's")
                    + " tier and quality_prior, not one read from its own price (an older snapshot can cost more and is not "
                    + "better for it); on a tie in quality_prior the family's own model is the strong one.");
        }
        notes.add("Costs re-price each request's logged tokens on the chosen model at the prices of its date; another "
                + "model's answer is as long as the logged one times how much more or less that model writes on the task type "
                + "in this log (reasoning included); cached prompt tokens stay cached on a model whose catalog prices cache "
                + "reads, and pay the full input rate on one that does not.");
        notes.add(weak.id() == strong.id() ? "The weak and the strong model are the same (" + t.models.name(weak.id())
                + "): there is no threshold or cascade strategy, which would route the model to itself."
                : String.format(Locale.ROOT, "Threshold and cascade route between %s (weak) and %s (strong) with the quality "
                        + "bar %.2f; the cascade assumes a check that sees whether the weak answer reaches the bar, and pays "
                        + "for both calls when it escalates.", t.models.name(weak.id()), t.models.name(strong.id()), o.qualityBar()));
        if (!unobserved.isEmpty()) {
            notes.add("Some strategies send requests to (task type, model) pairs the log never scored: their quality is the "
                    + "pool prior alone (see 'unobserved'); log quality scores for those models before trusting it.");
        }
        if (!pool.unpriced.isEmpty()) {
            notes.add("Not in the pool (no price): " + String.join(", ", pool.unpriced) + "; add prices with --prices.");
        }
        if (t.unpricedRequests > 0 && base.compared > 0) {
            notes.add(t.unpricedRequests + " of " + n + " logged requests are of models with no price (" + String.join(", ", t.unpricedModels)
                    + (t.unpricedModels.size() == 5 ? ", …" : "") + "): their as-logged cost is unknown, so every strategy's cost_usd, "
                    + "cost_per_request_usd, saving_usd and saving_share cover the same " + base.compared + " requests priced as logged "
                    + "and leave them out; quality, latency_ms and share_by_model cover all " + n + " (add prices with --prices).");
        }
        if (t.repeated.repeats() > 0) {
            notes.add(t.repeated.repeats() + " records repeat an earlier request id (logged twice) and were counted once.");
        }
        if (t.aggregateRowsSkipped > 0) {
            notes.add(t.aggregateRowsSkipped + " aggregate rows (one row for many requests) carry no per-request detail and were skipped.");
        }
        return new RouteSimResult(n, t.models.name(weak.id()), t.models.name(strong.id()), t.models.name(pool.defaultModel.id()),
                poolModels, strategies, cells, unobserved, notes);
    }
}
