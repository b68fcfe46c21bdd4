package io.techopt.route;

import io.techopt.route.ModelPool.Model;
import io.techopt.route.ModelPool.Tier;
import io.techopt.route.Router.Decision;
import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.ArrayList;
import java.util.List;

/** The routing strategies a log can be replayed under. */
public final class Strategies {
    private static final NormalDistribution NORMAL = new NormalDistribution(0, 1);

    private Strategies() {
    }

    /** Every request on the model that served it. */
    public static Router asLogged(Traffic t) {
        return new Router() {
            public String name() {
                return "as-logged";
            }

            public Decision route(int row) {
                return Decision.to(t.model[row]);
            }
        };
    }

    /** Every request on one model. */
    public static Router always(Model m) {
        Decision d = Decision.to(m.id());
        return new Router() {
            public String name() {
                return "always " + m.name();
            }

            public Decision route(int row) {
                return d;
            }
        };
    }

    /**
     * The seed's rules: the task type's tier (from the pool file, else its complexity class); within it, the models
     * whose quality reaches the floor, whose expected latency and request cost stay within the limits and whose
     * context holds the prompt; the best cost-efficiency (quality per USD) wins; none: the default model. A tier
     * without models borrows the next tier up, then down. Quality and latency are the pool's priors.
     */
    public static class ModelRouter implements Router {
        final Traffic t;
        final Estimates e;
        final ModelPool pool;
        private final List<List<Model>> byTier = new ArrayList<>();

        public ModelRouter(Estimates e) {
            this.e = e;
            this.t = e.t;
            this.pool = e.pool;
            for (Tier tier : Tier.values()) {
                byTier.add(pool.models.stream().filter(m -> m.tier() == tier).toList());
            }
        }

        public String name() {
            return "model-router";
        }

        double quality(int task, Model m) {
            return m.qualityPrior();
        }

        double latency(int row, Model m) {
            return m.latencyPriorMs();
        }

        /** The tier's candidates: its own models, else the nearest tier above, else below. */
        List<Model> candidates(Tier tier) {
            for (int d = 0; d < Tier.values().length; d++) {
                for (int o : new int[]{tier.ordinal() + d, tier.ordinal() - d}) {
                    if (o >= 0 && o < byTier.size() && !byTier.get(o).isEmpty()) {
                        return byTier.get(o);
                    }
                }
            }
            return List.of();
        }

        public Decision route(int row) {
            int task = t.task[row];
            Tier tier = pool.tierFor(t.tasks.raw(task), t.complexity[row]);
            Model best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            long prompt = t.promptTokens(row);
            for (Model m : candidates(tier)) {
                double q = quality(task, m);
                double cost = e.cost(row, m.id());
                if (q < pool.qualityFloor || latency(row, m) > pool.maxLatencyMs || !(cost <= pool.maxCostUsd)
                        || prompt > m.maxContext()) {
                    continue;
                }
                double score = q / Math.max(cost, 1e-12);
                if (score > bestScore) {
                    bestScore = score;
                    best = m;
                }
            }
            return Decision.to((best == null ? pool.defaultModel : best).id());
        }
    }

    /**
     * The seed's AdaptiveRouter: the same rules, with quality per (task type, model) and latency per model taken
     * from the last {@code window} logged observations (quality shrunk toward the prior while the window fills).
     */
    public static final class AdaptiveRouter extends ModelRouter {
        private final int window;
        private final float[][] q, lat;
        private final int[] qCount, latCount;
        private final double[] qSum, latSum;

        public AdaptiveRouter(Estimates e, int window) {
            super(e);
            this.window = window;
            int cells = Math.max(1, t.tasks.size()) * e.models;
            q = new float[cells][];
            qCount = new int[cells];
            qSum = new double[cells];
            lat = new float[e.models][];
            latCount = new int[e.models];
            latSum = new double[e.models];
        }

        @Override
        public String name() {
            return "adaptive";
        }

        @Override
        double quality(int task, Model m) {
            int c = task * e.models + m.id();
            int n = Math.min(qCount[c], window);
            double k = 5;
            return (qSum[c] + k * m.qualityPrior()) / (n + k);
        }

        @Override
        double latency(int row, Model m) {
            int n = Math.min(latCount[m.id()], window);
            return n < 10 ? m.latencyPriorMs() : latSum[m.id()] / n;
        }

        @Override
        public void observe(int row) {
            int m = t.model[row];
            if (!Float.isNaN(t.quality[row])) {
                int c = t.task[row] * e.models + m;
                qSum[c] += push(q, qCount, c, t.quality[row]);
                qCount[c]++;
            }
            if (!t.error[row] && !Float.isNaN(t.latency[row])) {
                latSum[m] += push(lat, latCount, m, t.latency[row]);
                latCount[m]++;
            }
        }

        /** Puts v in the ring; returns v minus the value it pushed out, to keep the window's sum. */
        private double push(float[][] rings, int[] counts, int i, float v) {
            if (rings[i] == null) {
                rings[i] = new float[window];
            }
            int slot = counts[i] % window;
            double out = counts[i] >= window ? rings[i][slot] : 0;
            rings[i][slot] = v;
            return v - out;
        }
    }

    /** Probability that the weak model's answer falls below the bar on this request's task type. */
    static double belowBar(Estimates e, int task, int weak, double bar) {
        return NORMAL.cumulativeProbability((bar - e.quality(task, weak)) / e.sigma);
    }

    /** The strong model when the predicted probability that the weak one falls below the bar reaches the threshold. */
    public static Router threshold(Estimates e, Model weak, Model strong, double bar, double threshold) {
        Decision w = Decision.to(weak.id()), s = Decision.to(strong.id());
        return new Router() {
            public String name() {
                return String.format(java.util.Locale.ROOT, "threshold p>=%.2f", threshold);
            }

            public Decision route(int row) {
                return belowBar(e, e.t.task[row], weak.id(), bar) >= threshold ? s : w;
            }
        };
    }

    /**
     * The weak model first; a quality check on its answer escalates to the strong model (paying for both calls)
     * when the answer is below the bar. Kept answers are those above the bar: their expected quality is the mean of
     * the normal above it.
     */
    public static Router cascade(Estimates e, Model weak, Model strong, double bar) {
        return new Router() {
            public String name() {
                return String.format(java.util.Locale.ROOT, "cascade bar %.2f", bar);
            }

            public Decision route(int row) {
                int task = e.t.task[row];
                double mu = e.quality(task, weak.id()), sd = e.sigma;
                double alpha = (bar - mu) / sd;
                double p = NORMAL.cumulativeProbability(alpha);
                double kept = p >= 1 - 1e-12 ? bar : Math.min(1, mu + sd * NORMAL.density(alpha) / (1 - p));
                return new Decision(weak.id(), strong.id(), p, kept);
            }
        };
    }

    /**
     * Per task type, the cheapest pool model whose estimated quality on that task type is at least what the logged
     * traffic got there, among pairs the log actually scored (no prior-only guesses); none: the logged model if it is
     * in the pool, else the pool model of best estimated quality on the task type. The
     * estimates come from the same log, so this is what the log supports, not an out-of-sample forecast.
     */
    public static Router qualityMatched(Estimates e) {
        Traffic t = e.t;
        int tasks = Math.max(1, t.tasks.size());
        double[] loggedQ = new double[tasks];
        long[] n = new long[tasks];
        // mean cost per request of each (task, model): every request of the task type, re-priced on the model
        double[][] cost = new double[tasks][e.models];
        for (int row = 0; row < t.n; row++) {
            int task = t.task[row];
            loggedQ[task] += e.quality(task, t.model[row]);
            n[task]++;
            for (ModelPool.Model m : e.pool.models) {
                double c = e.cost(row, m.id());
                cost[task][m.id()] += Double.isNaN(c) ? Double.POSITIVE_INFINITY : c;
            }
        }
        int[] choice = new int[tasks], fallback = new int[tasks];
        boolean[] inPool = new boolean[e.models];
        e.pool.models.forEach(m -> inPool[m.id()] = true);
        for (int task = 0; task < tasks; task++) {
            choice[task] = -1;
            double best = Double.POSITIVE_INFINITY, target = n[task] == 0 ? 1 : loggedQ[task] / n[task];
            for (ModelPool.Model m : e.pool.models) {
                if (e.observed(task, m.id()) && e.quality(task, m.id()) >= target - 1e-12 && cost[task][m.id()] < best) {
                    best = cost[task][m.id()];
                    choice[task] = m.id();
                }
            }
            // a request whose logged model is outside the pool goes to the pool model of best estimated quality
            ModelPool.Model top = null;
            for (ModelPool.Model m : e.pool.models) {
                if (top == null || e.quality(task, m.id()) > e.quality(task, top.id())
                        || e.quality(task, m.id()) == e.quality(task, top.id()) && cost[task][m.id()] < cost[task][top.id()]) {
                    top = m;
                }
            }
            fallback[task] = top.id();
        }
        return new Router() {
            public String name() {
                return "cheapest at logged quality";
            }

            public Decision route(int row) {
                int c = choice[t.task[row]];
                return Decision.to(c >= 0 ? c : t.model[row] < inPool.length && inPool[t.model[row]] ? t.model[row]
                        : fallback[t.task[row]]);
            }
        };
    }
}
