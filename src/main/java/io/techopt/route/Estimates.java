package io.techopt.route;

import io.techopt.core.Usage;
import io.techopt.pricing.CostCalculator;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.PriceVersion;
import io.techopt.pricing.Pricer;

import java.util.List;
import java.util.Map;

/**
 * What a replay knows of each request under a model it did not run on. Quality per (task type, model): the logged
 * mean shrunk toward the model's prior with the weight of {@code priorStrength} observations; a pair never observed
 * is the prior alone, with a wide variance, and is flagged. Output tokens on another model scale by how much that
 * model writes on the task type compared with the logged one (reasoning models write more), except on another name of
 * the same model, where they stay as logged. Latency: the logged one
 * on the logged model, else a line in output tokens fitted on the model's own requests, else its prior. Cost: the
 * logged request re-priced on the model, at the prices of the request's date; its prompt-cache reads and writes carry over to a model whose catalog
 * prices cached tokens (the same prefixes would be cached there), else every prompt token pays the full rate.
 */
public final class Estimates {
    /** The spread of a prior quality that no observation backs. */
    static final double PRIOR_SD = 0.1;
    private static final long DAY_MS = 86_400_000L;

    final Traffic t;
    final ModelPool pool;
    final Pricer pricer;
    final int models;
    private final long[] qn;
    private final double[] qsum;
    private final double[] prior;
    private final double priorStrength;
    /** Within-cell standard deviation of logged quality, pooled over cells. */
    final double sigma;
    private final double[] latA, latB;
    private final Map<Long, PriceVersion> versions = new java.util.concurrent.ConcurrentHashMap<>();
    private final PriceVersion[][] versionByDay;
    private final long firstDay;
    private final boolean[] caches;
    /** How many output tokens a model writes on a task type relative to all models there (reasoning models more). */
    private final double[] outRatio;
    /**
     * Each logged model's name reduced by the price book's rules (provider prefix, date or version suffix): two names
     * of one reduced name are one model's weights, sold by two services or under an alias and its snapshot.
     */
    private final String[] baseName;

    public Estimates(Traffic t, ModelPool pool, Pricer pricer, double priorStrength) {
        this.t = t;
        this.pool = pool;
        this.pricer = pricer;
        this.models = t.models.size();
        this.priorStrength = priorStrength;
        int tasks = Math.max(1, t.tasks.size());
        qn = new long[tasks * models];
        qsum = new double[tasks * models];
        double[] qsq = new double[tasks * models];
        for (int i = 0; i < t.n; i++) {
            float q = t.quality[i];
            if (!Float.isNaN(q)) {
                int c = t.task[i] * models + t.model[i];
                qn[c]++;
                qsum[c] += q;
                qsq[c] += (double) q * q;
            }
        }
        double ss = 0;
        long df = 0;
        for (int c = 0; c < qn.length; c++) {
            if (qn[c] >= 2) {
                ss += qsq[c] - qsum[c] * qsum[c] / qn[c];
                df += qn[c] - 1;
            }
        }
        sigma = df > 0 ? Math.sqrt(Math.max(ss / df, 1e-6)) : 0.15;
        prior = new double[models];
        java.util.Arrays.fill(prior, ModelPool.QUALITY_PRIOR[1]);
        for (ModelPool.Model m : pool.models) {
            prior[m.id()] = m.qualityPrior();
        }
        // latency = a + b * output tokens, least squares on each model's own successful requests
        latA = new double[models];
        latB = new double[models];
        double[] sx = new double[models], sy = new double[models], sxx = new double[models], sxy = new double[models];
        long[] cnt = new long[models];
        for (int i = 0; i < t.n; i++) {
            if (!t.error[i] && !Float.isNaN(t.latency[i])) {
                int m = t.model[i];
                double x = t.output[i], y = t.latency[i];
                cnt[m]++;
                sx[m] += x;
                sy[m] += y;
                sxx[m] += x * x;
                sxy[m] += x * y;
            }
        }
        for (int m = 0; m < models; m++) {
            ModelPool.Model pm = pool.byId(m);
            double fallback = pm != null ? pm.latencyPriorMs() : ModelPool.LATENCY_PRIOR_MS[1];
            if (cnt[m] >= 20) {
                double var = sxx[m] - sx[m] * sx[m] / cnt[m];
                latB[m] = var > 0 ? Math.max(0, (sxy[m] - sx[m] * sy[m] / cnt[m]) / var) : 0;
                latA[m] = Math.max(0, (sy[m] - latB[m] * sx[m]) / cnt[m]);
            } else {
                latA[m] = fallback;
            }
        }
        outRatio = outputRatios(t, tasks);
        baseName = new String[models];
        for (int m = 0; m < models; m++) {
            String raw = t.models.raw(m);
            if (raw != null && !raw.isBlank()) {
                List<String> reduced = PriceBook.reducedNames(raw);
                baseName[m] = reduced.get(reduced.size() - 1);
            }
        }
        caches = new boolean[models];
        for (int m = 0; m < models; m++) {
            ModelPool.Model pm = pool.byId(m);
            caches[m] = pm != null && pm.price().supportsPromptCache();
        }
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        for (int i = 0; i < t.n; i++) {
            long d = Math.floorDiv(t.ts[i], DAY_MS);
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        firstDay = lo;
        versionByDay = t.n > 0 && hi - lo < 4000 ? new PriceVersion[models][(int) (hi - lo + 1)] : null;
    }

    /**
     * Output tokens per request of each (task type, model) over those of the task type as a whole, from successful
     * requests: a pair seen at least 5 times uses its own ratio, else the model's across task types, else 1.
     */
    private double[] outputRatios(Traffic t, int tasks) {
        double[] sum = new double[tasks * models], taskSum = new double[tasks], modelSum = new double[models];
        long[] cnt = new long[tasks * models], taskCnt = new long[tasks], modelCnt = new long[models];
        for (int i = 0; i < t.n; i++) {
            if (!t.error[i]) {
                int c = t.task[i] * models + t.model[i];
                sum[c] += t.output[i];
                cnt[c]++;
                taskSum[t.task[i]] += t.output[i];
                taskCnt[t.task[i]]++;
            }
        }
        // a model's ratio across task types: the mean of its per-task ratios, weighted by its requests
        for (int c = 0; c < sum.length; c++) {
            int task = c / models;
            if (cnt[c] > 0 && taskSum[task] > 0) {
                modelSum[c % models] += cnt[c] * (sum[c] / cnt[c]) / (taskSum[task] / taskCnt[task]);
                modelCnt[c % models] += cnt[c];
            }
        }
        double[] r = new double[tasks * models];
        for (int c = 0; c < r.length; c++) {
            int task = c / models, m = c % models;
            if (cnt[c] >= 5 && taskSum[task] > 0) {
                r[c] = (sum[c] / cnt[c]) / (taskSum[task] / taskCnt[task]);
            } else {
                r[c] = modelCnt[m] > 0 ? modelSum[m] / modelCnt[m] : 1;
            }
            r[c] = Math.max(r[c], 1e-3);
        }
        return r;
    }

    /**
     * The request's output tokens as another model would write them; as logged on another name of the same model
     * (azure/gpt-4o-mini-2024-07-18 and gpt-4o-mini-2024-07-18): there the length ratio learned from the log is only
     * which traffic each name served (review r13 #6).
     */
    long outputOn(int row, int model) {
        if (sameModel(t.model[row], model)) {
            return t.output[row];
        }
        int task = t.task[row];
        return Math.round(t.output[row] * outRatio[task * models + model] / outRatio[task * models + t.model[row]]);
    }

    /** Whether two logged models are one model under two names by the price book's rules. */
    boolean sameModel(int a, int b) {
        return a == b || baseName[a] != null && baseName[a].equals(baseName[b]);
    }

    public boolean observed(int task, int model) {
        return qn[task * models + model] > 0;
    }

    public long observations(int task, int model) {
        return qn[task * models + model];
    }

    /** The logged mean quality of a pair; NaN when never observed. */
    public double observedMean(int task, int model) {
        int c = task * models + model;
        return qn[c] == 0 ? Double.NaN : qsum[c] / qn[c];
    }

    /** The shrunk quality estimate of a (task type, model) pair. */
    public double quality(int task, int model) {
        int c = task * models + model;
        return (qsum[c] + priorStrength * prior[model]) / (qn[c] + priorStrength);
    }

    /** Variance of {@link #quality}: the prior's alone when never observed. */
    public double qualityVariance(int task, int model) {
        long n = qn[task * models + model];
        return n == 0 ? PRIOR_SD * PRIOR_SD : sigma * sigma / (n + priorStrength);
    }

    /** Expected latency of a request on a model. */
    public double latency(int row, int model) {
        if (model == t.model[row] && !Float.isNaN(t.latency[row])) {
            return t.latency[row];
        }
        return latA[model] + latB[model] * outputOn(row, model);
    }

    /** Cost of a request on a model; NaN when that model is unpriced. */
    public double cost(int row, int model) {
        if (model == t.model[row]) {
            return t.loggedCost[row];
        }
        PriceVersion v = version(model, t.ts[row]);
        if (v == null) {
            return Double.NaN;
        }
        long out = outputOn(row, model);
        Usage u = caches[model]
                ? new Usage(t.input[row], t.cacheRead[row], t.cacheWrite[row], t.cacheWrite1h[row], out, 0)
                : new Usage(t.promptTokens(row), 0, 0, 0, out, 0);
        return CostCalculator.cost(v, u, t.batch[row]);
    }

    private PriceVersion version(int model, long ts) {
        long day = Math.floorDiv(ts, DAY_MS);
        if (versionByDay != null) {
            PriceVersion v = versionByDay[model][(int) (day - firstDay)];
            if (v == null) {
                v = lookup(model, ts);
                versionByDay[model][(int) (day - firstDay)] = v;
            }
            return v;
        }
        return versions.computeIfAbsent(day * 100_000 + model, k -> lookup(model, ts));
    }

    private PriceVersion lookup(int model, long ts) {
        ModelPool.Model m = pool.byId(model);
        if (m == null) {
            var r = pricer.resolve(t.models.raw(model), t.providerOf(model));
            return r == null ? null : pricer.versionUsed(t.models.raw(model), r.entry(), ts);
        }
        return pricer.versionUsed(m.name(), m.price(), ts);
    }
}
