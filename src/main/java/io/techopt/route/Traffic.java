package io.techopt.route;

import io.techopt.core.Complexity;
import io.techopt.core.ComplexityClassifier;
import io.techopt.core.Derived;
import io.techopt.core.Dict;
import io.techopt.core.LogRecord;
import io.techopt.core.Usage;
import io.techopt.ingest.RecordSink;
import io.techopt.pricing.Pricer;

import java.util.Arrays;

/**
 * The requests of a log as columns (about 70 bytes a request), what a routing replay needs of each: task type,
 * logged model, tokens, latency, quality, error, and a complexity level from the prompt. Aggregate rows (a CSV row
 * standing for many requests) carry no per-request detail and are skipped.
 */
public final class Traffic implements RecordSink {
    public final Dict tasks = new Dict();
    public final Dict models = new Dict();
    private final Dict providers = new Dict();
    private final Pricer pricer;
    int n;
    long[] ts = new long[1024];
    int[] task = new int[1024], model = new int[1024], provider = new int[1024];
    long[] input = new long[1024], cacheRead = new long[1024], cacheWrite = new long[1024], cacheWrite1h = new long[1024],
            output = new long[1024];
    float[] latency = new float[1024], quality = new float[1024];
    double[] loggedCost = new double[1024];
    byte[] complexity = new byte[1024];
    boolean[] error = new boolean[1024], batch = new boolean[1024];
    /** Each row's request: its place in the input, counting every record accepted (see core.SavingsLever). */
    int[] seq = new int[1024];
    private int accepted;
    long aggregateRowsSkipped, unpricedRequests;
    /** The first few models logged without a price, to name them in a note. */
    final java.util.Set<String> unpricedModels = new java.util.TreeSet<>();
    final io.techopt.ingest.RepeatedRequests repeated = new io.techopt.ingest.RepeatedRequests();

    /** Records that repeated an earlier request id (logged twice) and were counted once: ingest's duplicate_request_ids. */
    public long repeatedRequestIds() {
        return repeated.repeats();
    }
    private int[] modelProvider = new int[16];
    /** The slot of an aggregate row, which is counted but not simulated. */
    private static final int AGGREGATE = Integer.MAX_VALUE;

    public Traffic(Pricer pricer) {
        this.pricer = pricer;
    }

    /** A record's complexity level, classified from its task type or user text on a parser thread. */
    private static final Derived.Key<Complexity> COMPLEXITY = Derived.Key.of("route.complexity", Complexity.class);

    @Override
    public LogRecord prepare(LogRecord r) {
        // only the complexity level is kept of the prompt's text, classified from what the users wrote
        String text = r.hasPrompt()
                ? ComplexityClassifier.promptText(r.messages, m -> "user".equals(m.role()) && m.content() != null) : null;
        Usage u = r.usage == null ? Usage.ZERO : r.usage;
        return r.with(COMPLEXITY, ComplexityClassifier.classify(r.taskType, text, u.promptTokens()));
    }

    @Override
    public void accept(LogRecord r) {
        int place = accepted++;
        if (r.count != 1) {
            repeated.slot(r, AGGREGATE);
            aggregateRowsSkipped++;
            return;
        }
        if (n == ts.length) {
            grow();
        }
        Usage u = r.usage == null ? Usage.ZERO : r.usage;
        int i = repeated.slot(r, n);
        if (i == n || i == AGGREGATE) {
            i = n++;
        } else if (Double.isNaN(loggedCost[i])) {
            unpricedRequests--; // the same request logged again: its last copy replaces the earlier one (log-format.md)
        }
        ts[i] = r.timestampMs;
        seq[i] = place;
        task[i] = tasks.id(r.taskType == null ? "unknown" : r.taskType);
        model[i] = models.id(r.model == null ? "unknown" : r.model);
        provider[i] = providers.id(r.provider);
        if (model[i] >= modelProvider.length) {
            modelProvider = Arrays.copyOf(modelProvider, Math.max(model[i] + 1, modelProvider.length * 2));
        }
        if (modelProvider[model[i]] == 0) {
            modelProvider[model[i]] = provider[i] + 2; // 0: not seen yet, 1: null provider
        }
        input[i] = u.inputTokens();
        cacheRead[i] = u.cacheReadTokens();
        cacheWrite[i] = u.cacheWriteTokens();
        cacheWrite1h[i] = u.cacheWrite1hTokens();
        output[i] = u.outputTokens();
        latency[i] = (float) r.latencyMs;
        quality[i] = r.error ? Float.NaN : (float) r.quality;
        error[i] = r.error;
        batch[i] = r.batch;
        Complexity level = r.derived(COMPLEXITY);
        complexity[i] = level == null ? 1 : (byte) level.ordinal();
        double c = r.costAsLogged ? r.loggedCostUsd : pricer.cost(r.model, r.provider, r.timestampMs, u, r.batch);
        if (Double.isNaN(c)) {
            unpricedRequests++;
            if (unpricedModels.size() < 5) {
                unpricedModels.add(io.techopt.core.Redactor.redact(String.valueOf(r.model)));
            }
        }
        loggedCost[i] = c;
    }

    private void grow() {
        int m = n * 2;
        ts = Arrays.copyOf(ts, m);
        task = Arrays.copyOf(task, m);
        model = Arrays.copyOf(model, m);
        provider = Arrays.copyOf(provider, m);
        input = Arrays.copyOf(input, m);
        cacheRead = Arrays.copyOf(cacheRead, m);
        cacheWrite = Arrays.copyOf(cacheWrite, m);
        cacheWrite1h = Arrays.copyOf(cacheWrite1h, m);
        output = Arrays.copyOf(output, m);
        latency = Arrays.copyOf(latency, m);
        quality = Arrays.copyOf(quality, m);
        loggedCost = Arrays.copyOf(loggedCost, m);
        complexity = Arrays.copyOf(complexity, m);
        error = Arrays.copyOf(error, m);
        batch = Arrays.copyOf(batch, m);
        seq = Arrays.copyOf(seq, m);
    }

    public int size() {
        return n;
    }

    /** Counts the requests of model {@code from} as requests of {@code into}: two logged names of one model. */
    void mergeModel(int from, int into) {
        for (int i = 0; i < n; i++) {
            if (model[i] == from) {
                model[i] = into;
            }
        }
    }

    /** The provider first logged with a model. */
    public String providerOf(int modelId) {
        int p = modelId < modelProvider.length ? modelProvider[modelId] - 2 : -1;
        return p < 0 ? null : providers.raw(p);
    }

    public long[] requestsByModel() {
        long[] c = new long[models.size()];
        for (int i = 0; i < n; i++) {
            c[model[i]]++;
        }
        return c;
    }

    /** Median logged latency of each model over successful requests; NaN when none was logged. */
    public double[] medianLatencyByModel() {
        io.techopt.stats.DoubleList[] l = new io.techopt.stats.DoubleList[models.size()];
        for (int i = 0; i < n; i++) {
            if (!error[i] && !Float.isNaN(latency[i])) {
                (l[model[i]] == null ? l[model[i]] = new io.techopt.stats.DoubleList() : l[model[i]]).add(latency[i]);
            }
        }
        double[] med = new double[l.length];
        for (int m = 0; m < l.length; m++) {
            med[m] = l[m] == null ? Double.NaN : l[m].percentiles(0.5)[0];
        }
        return med;
    }

    public long promptTokens(int row) {
        return input[row] + cacheRead[row] + cacheWrite[row] + cacheWrite1h[row];
    }

    /** Row indexes in timestamp order (the log's own order when it is already sorted). */
    int[] timeOrder() {
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = ts[i] >= ts[i - 1];
        }
        if (sorted) {
            return java.util.stream.IntStream.range(0, n).toArray();
        }
        return java.util.stream.IntStream.range(0, n).boxed().sorted((a, b) -> Long.compare(ts[a], ts[b]))
                .mapToInt(Integer::intValue).toArray();
    }
}
