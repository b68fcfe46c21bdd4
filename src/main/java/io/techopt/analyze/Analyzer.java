package io.techopt.analyze;

import io.techopt.core.Charge;
import io.techopt.core.Charges;
import io.techopt.core.DailySpend;
import io.techopt.core.Dict;
import io.techopt.core.Dimension;
import io.techopt.core.LogRecord;
import io.techopt.core.PromptKey;
import io.techopt.core.Redactor;
import io.techopt.core.Saving;
import io.techopt.core.SavingsLever;
import io.techopt.core.Usage;
import io.techopt.ingest.IngestStats;
import io.techopt.ingest.RecordSink;
import io.techopt.pricing.CostCalculator;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.PriceEntry;
import io.techopt.pricing.PriceVersion;
import io.techopt.pricing.Pricer;
import io.techopt.pricing.PricesUsed;
import io.techopt.stats.DoubleList;
import io.techopt.stats.LongHashSet;
import io.techopt.stats.Percentiles;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.techopt.stats.Measured.nullIfNaN;

/**
 * Where the money goes: totals, per-model figures, groups, repeats, and savings levers computed from the log
 * itself. Records stream in through {@link RecordSink}; {@link #finish} prices every kept request and builds
 * the report.
 */
public final class Analyzer implements RecordSink {
    private static final long DAY_MS = 86_400_000L;

    private final PriceBook book;
    private final AnalyzeOptions options;
    private final RequestTable t = new RequestTable();
    private final Dict models = new Dict(), providers = new Dict(), users = new Dict(), teams = new Dict(),
            tasks = new Dict(), sessions = new Dict(), errorTexts = new Dict();
    private final io.techopt.ingest.RepeatedRequests repeated = new io.techopt.ingest.RepeatedRequests();
    private final Pricer pricer;
    /** Which dated price priced each model; made by {@link #finish}. */
    private PricesUsed pricesUsed;
    private final List<java.util.function.Supplier<Saving>> extraLevers = new ArrayList<>();
    /** Rows of the day groupings, typed, made with the group tables; and the port they make, set by finish. */
    private final List<DailySpend.Row> spendRows = new ArrayList<>();
    private DailySpend dailySpend;
    private final PromptCacheLever promptCache;
    /** analyze --plan: the levers of other engines to stack with analyze's own (null: no plan), and its result. */
    private List<SavingsLever> planLevers;
    private SavingsPlan.Result plan;

    public Analyzer(PriceBook book, AnalyzeOptions options) {
        this.book = book;
        this.options = options;
        this.promptCache = new PromptCacheLever(options.cacheTtlMs());
        this.pricer = new Pricer(book, options.priceDate());
    }

    @Override
    public void prepare(LogRecord r) {
        if (r.hasPrompt()) {
            r.derived = PromptKey.of(r.model, r.messages);
        }
        // the text is not needed past this point: free it before the record waits in the queue
        r.messages = null;
        r.response = null;
    }

    @Override
    public void accept(LogRecord r) {
        PromptKey.Info info = r.derived instanceof PromptKey.Info p ? p : null;
        byte flags = (byte) ((r.error ? RequestTable.ERROR : 0) | (r.batch ? RequestTable.BATCH : 0)
                | (r.costAsLogged ? RequestTable.COST_AS_LOGGED : 0));
        int i = t.add(models.id(r.model), providers.id(r.provider), users.id(r.user), teams.id(r.team),
                tasks.id(r.taskType), sessions.id(r.sessionId), r.timestampMs, info == null ? 0 : info.key(),
                r.latencyMs, r.loggedCostUsd, flags);
        Usage u = r.usage;
        t.setTokens(i, u.inputTokens(), u.cacheReadTokens(), u.cacheWriteTokens(), u.cacheWrite1hTokens(),
                u.outputTokens(), u.reasoningTokens());
        t.setCount(i, r.count);
        t.setErrorText(i, r.error ? errorTexts.id(errorLabel(r.errorText)) : -1);
        int prev = repeated.lastCopy(r, i);
        if (prev >= 0) {
            t.kill(prev); // the same request logged again: the last copy wins
        }
        if (info != null && !r.error) {
            PriceEntry e = entry(i);
            if (e != null && e.supportsPromptCache()) {
                promptCache.offer(i, r.timestampMs, t.model(i), info, u, r.batch, e, version(e, i));
            }
        }
    }

    /** Error messages are grouped by their first line, without secrets, at most 120 characters. */
    private static String errorLabel(String text) {
        if (text == null || text.isBlank()) {
            return "(no message)";
        }
        String s = text.strip();
        int nl = s.indexOf('\n');
        if (nl > 0) {
            s = s.substring(0, nl);
        }
        s = Redactor.redact(s);
        return s.length() > 120 ? s.substring(0, 119) + "…" : s;
    }

    private PriceBook.Resolution resolution(int row) {
        return pricer.resolve(models.raw(t.model(row)), providers.raw(t.provider(row)));
    }

    private PriceEntry entry(int row) {
        PriceBook.Resolution r = resolution(row);
        return r == null ? null : r.entry();
    }

    private PriceVersion version(PriceEntry e, int row) {
        return pricer.version(e, t.ts(row));
    }

    private Usage usage(int i) {
        return new Usage(t.tokens(i, RequestTable.INPUT), t.tokens(i, RequestTable.CACHE_READ),
                t.tokens(i, RequestTable.CACHE_WRITE), t.tokens(i, RequestTable.CACHE_WRITE_1H),
                t.tokens(i, RequestTable.OUTPUT), t.tokens(i, RequestTable.REASONING));
    }

    /** A lever computed elsewhere from the same records (the semantic cache's replay), listed after the built-in ones. */
    public void addLever(java.util.function.Supplier<Saving> lever) {
        extraLevers.add(lever);
    }

    /**
     * Before reading: also build the savings plan ({@link #plan()}), stacking analyze's own levers with these of other
     * engines, each given its place by its lever name ({@link SavingsPlan#ORDER}).
     */
    public void enablePlan(List<SavingsLever> others) {
        planLevers = new ArrayList<>(others);
        promptCache.keepRequests();
    }

    /** The savings plan of the last {@link #finish}; null without {@link #enablePlan}. */
    public SavingsPlan.Result plan() {
        return plan;
    }

    /** The analysis' spend per day, typed, for cost-forecast (the day groupings of the options). Call after {@link #finish}. */
    public DailySpend dailySpend() {
        if (dailySpend == null) {
            throw new IllegalStateException("dailySpend() before finish()");
        }
        return dailySpend;
    }

    /**
     * The first request on or after a UTC day (ISO-8601 instant; null: none), for cost-forecast to measure the span of
     * the days it fits when it leaves out a stray day before them. Call after {@link #finish}.
     */
    public String firstRequestFrom(java.time.LocalDate day) {
        long from = day.toEpochDay() * DAY_MS, min = Long.MAX_VALUE;
        for (int i = 0; i < t.n; i++) {
            if (t.live(i) && t.ts(i) >= from) {
                min = Math.min(min, t.ts(i));
            }
        }
        return min == Long.MAX_VALUE ? null : Instant.ofEpochMilli(min).toString();
    }

    public AnalyzeResult finish(IngestStats stats) {
        int n = t.n;
        double[] cost = new double[n];
        long requests = 0, errors = 0, in = 0, out = 0, cr = 0, cw = 0, cw1h = 0, rsn = 0;
        double total = 0;
        // count first, so that latency lists are allocated once at their final size
        int withLatency = 0;
        Map<Integer, int[]> latenciesPerModel = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (t.live(i) && !Double.isNaN(t.latency(i))) {
                withLatency++;
                latenciesPerModel.computeIfAbsent(t.model(i), k -> new int[1])[0]++;
            }
        }
        DoubleList latencies = new DoubleList(withLatency);
        long minTs = Long.MAX_VALUE, maxTs = Long.MIN_VALUE;
        Map<Integer, ModelAcc> byModel = new LinkedHashMap<>();
        pricesUsed = new PricesUsed(options.priceDate());
        long loggedN = 0, costAsLogged = 0, priced = 0;
        double loggedSum = 0, recomputedSum = 0;
        for (int i = 0; i < n; i++) {
            if (!t.live(i)) {
                continue;
            }
            PriceEntry e = entry(i);
            Usage u = usage(i);
            boolean billed = t.is(i, RequestTable.COST_AS_LOGGED);
            PriceVersion v = billed || e == null ? null : version(e, i);
            cost[i] = billed ? t.logged(i) : e == null ? Double.NaN : CostCalculator.cost(v, u, t.is(i, RequestTable.BATCH));
            if (billed) {
                costAsLogged += t.count(i);
            }
            long c = t.count(i);
            requests += c;
            boolean err = t.is(i, RequestTable.ERROR);
            if (err) {
                errors += c;
            }
            in += u.inputTokens();
            out += u.outputTokens();
            cr += u.cacheReadTokens();
            cw += u.cacheWriteTokens() + u.cacheWrite1hTokens();
            cw1h += u.cacheWrite1hTokens();
            rsn += u.reasoningTokens();
            if (!Double.isNaN(cost[i])) {
                total += cost[i];
                priced += c;
                if (!Double.isNaN(t.logged(i)) && !billed) {
                    loggedN++;
                    loggedSum += t.logged(i);
                    recomputedSum += cost[i];
                }
            }
            if (!Double.isNaN(t.latency(i))) {
                latencies.add(t.latency(i));
            }
            minTs = Math.min(minTs, t.ts(i));
            maxTs = Math.max(maxTs, t.ts(i));
            ModelAcc m = byModel.computeIfAbsent(t.model(i),
                    k -> new ModelAcc(latenciesPerModel.getOrDefault(k, new int[1])[0]));
            m.add(this, i, u, cost[i]);
            if (v != null) {
                pricesUsed.record(models.name(t.model(i)), e, v, pricedOn(i), t.count(i));
            }
        }
        double[] sortedLatency = Arrays.copyOf(latencies.raw(), latencies.size());
        Arrays.sort(sortedLatency);
        int nl = sortedLatency.length;
        AnalyzeResult.Latency latency = new AnalyzeResult.Latency(nullIfNaN(Percentiles.ofSorted(sortedLatency, nl, 0.5)),
                nullIfNaN(Percentiles.ofSorted(sortedLatency, nl, 0.95)), nullIfNaN(Percentiles.ofSorted(sortedLatency, nl, 0.99)),
                nullIfNaN(latencies.mean()), nl);
        List<AnalyzeResult.Bin> histogram = histogram(sortedLatency);
        sortedLatency = null;

        List<AnalyzeResult.ModelRow> modelRows = new ArrayList<>();
        List<AnalyzeResult.Unpriced> unpriced = new ArrayList<>();
        List<String> warnings = new ArrayList<>(stats.warnings);
        if (costAsLogged > 0) {
            warnings.add(costAsLogged + " requests come from a billing or cost-only export: their billed cost is used as is");
        }
        for (var en : byModel.entrySet()) {
            int id = en.getKey();
            ModelAcc m = en.getValue();
            PriceBook.Resolution res = resolution(m.firstRow);
            double[] mp = m.latency.percentiles(0.5, 0.95);
            PriceEntry pe = res == null ? null : res.entry();
            boolean noPrice = res == null && m.billed < m.requests; // billed rows carry their own cost
            modelRows.add(new AnalyzeResult.ModelRow(models.name(id), m.requests, noPrice ? null : m.cost,
                    m.tokens.input, m.tokens.output, new AnalyzeResult.ShortLatency(nullIfNaN(mp[0]), nullIfNaN(mp[1])), m.tokens.cacheRead,
                    m.tokens.cacheWrite, m.tokens.cacheWrite1h, m.tokens.reasoning, m.errors, m.requests == 0 ? 0 : (double) m.errors / m.requests,
                    pe == null ? null : pe.key(), pe == null ? null : pe.catalog(), pricesUsed.effective(models.name(id))));
            String extrapolated = pricesUsed.warning(models.name(id));
            if (extrapolated != null) {
                warnings.add(extrapolated);
            }
            if (noPrice) {
                unpriced.add(new AnalyzeResult.Unpriced(models.name(id), m.requests, m.tokens.input, m.tokens.output,
                        m.tokens.cacheRead, m.tokens.cacheWrite, m.tokens.reasoning));
                List<String> dated = book.namesThatWouldPrice(models.name(id), 3);
                warnings.add("model '" + models.name(id) + "' has no price (" + m.requests
                        + " requests excluded from cost_usd): add it with --prices FILE" + (dated.isEmpty() ? ""
                        : "; the price book has " + String.join(", ", dated) + ", which would price it if logged under that "
                        + "name (a dated name resolves to its short one, not a short one to a dated price: pricing.md)"));
            }
        }
        modelRows.sort(Comparator.comparing((AnalyzeResult.ModelRow r) -> r.costUsd() == null ? -1 : r.costUsd()).reversed()
                .thenComparing(AnalyzeResult.ModelRow::model));

        // Repeats and the exact-cache lever walk requests in time order.
        int[] order = timeOrder(n, minTs);
        LongHashSet distinct = new LongHashSet();
        ExactCacheLever exactCache = new ExactCacheLever(planLevers != null);
        long withPrompt = 0, promptless = 0;
        for (int i : order) {
            long key = t.prompt(i);
            if (key == 0) {
                promptless += t.count(i);
                continue;
            }
            withPrompt++;
            distinct.add(key);
            exactCache.offer(i, key, t.is(i, RequestTable.ERROR), cost[i]);
        }
        Double repeatRate = withPrompt == 0 ? null : 1 - (double) distinct.size() / withPrompt;
        if (withPrompt == 0) {
            warnings.add("exact_repeat_rate is null: " + (requests > 0 ? "no request in the log carries its prompt (messages), so repeats "
                    + "cannot be measured" : "no request was read"));
        }
        if (minTs == Long.MAX_VALUE) {
            warnings.add("period is null: no request was read" + (stats.filtered > 0 ? " (all were outside --since/--until)" : ""));
        }
        List<Saving> savings = new ArrayList<>();
        savings.add(exactCache.saving(total));
        savings.add(promptCache.saving(total));
        if (withPrompt == 0) {
            // both levers compare prompts; without any, a $0 would read as "nothing to save"
            String why = "no request in the log carries its prompt (messages)";
            savings.replaceAll(v -> v.lever().equals("exact_cache") || v.lever().equals("prompt_cache") ? v.unmeasurable(why) : v);
        } else if (promptless > 0) {
            savings.set(0, savings.get(0).withFirstNote(Saving.promptlessLowerBound(promptless, requests)));
        }
        BatchLever batch = batchLever(cost);
        savings.add(batch.saving(total));
        extraLevers.forEach(l -> savings.add(l.get()));
        if (planLevers != null) {
            List<SavingsLever.Effect> effects = new ArrayList<>(List.of(exactCache.effect(savings.get(0)),
                    promptCache.effect(savings.get(1)), batch.effect(savings.get(2))));
            planLevers.forEach(l -> effects.add(l.effect()));
            plan = SavingsPlan.run(effects, planRequests(cost));
        }

        warnings.addAll(nullNotes(requests, latency, modelRows, savings));
        Daily daily = daily(cost, warnings);
        AnalyzeResult result = new AnalyzeResult(requests, stats.badLines, errors, total,
                new AnalyzeResult.Tokens(in, out, cr, cw, cw1h, rsn), latency, histogram, modelRows,
                new AnalyzeResult.Repeats(repeatRate, withPrompt, distinct.size()), unpriced, savings,
                AnalyzeResult.Billing.of(loggedN, loggedSum, recomputedSum), batchApi(cost),
                sessionStats(), period(minTs, maxTs), groupTables(cost, total, warnings), daily.days(), daily.resolution(),
                stats.estimated, stats.filtered, repeated.repeats(), badLines(stats), inputs(stats), warnings,
                new AnalyzeResult.Pricing(book.catalogs(), options.priceDate() == null ? "each request at its own date"
                        : options.priceDate().toString()), topErrors());
        if (requests > 0 && priced == 0) {
            // unknown is not $0 (budget says the same): every cost figure is null, and the first warning says why
            result = result.withCostsUnknown("cost_usd is null: none of the " + requests + " requests is of a priced model ("
                    + String.join(", ", unpriced.stream().limit(5).map(AnalyzeResult.Unpriced::model).toList())
                    + (unpriced.size() > 5 ? ", …" : "") + "), so their cost is unknown, not $0 (add their prices with --prices FILE); "
                    + "groups cost_usd and cost_share, daily cost_usd, savings usd and share_of_cost and batch_api's "
                    + "cost_usd, cost_at_standard_usd and saved_usd are null with it");
        }
        dailySpend = new DailySpend(result.requests(), result.warnings(), result.unpricedModels() == null ? List.of()
                : result.unpricedModels().stream().map(u -> new DailySpend.Unpriced(u.model(), u.requests())).toList(),
                List.copyOf(spendRows), hours(cost));
        return result;
    }

    /** The spend per hour of the log with requests, for cost-forecast's partial first and last days (DailySpend.hours). */
    private List<DailySpend.Hour> hours(double[] cost) {
        java.util.TreeMap<Long, double[]> byHour = new java.util.TreeMap<>();
        if (spendRows.isEmpty()) {
            return List.of(); // no day grouping: nothing reads the port's days (analyze without --group-by day)
        }
        long lastHour = Long.MIN_VALUE;
        double[] acc = null;
        // the log's own average priced rate per token kind (input, output, cache read, cache write): what the
        // unpriced requests' tokens of each kind would cost at it is their estimated spend (review h12d #8)
        double[] kindTokens = new double[4], kindUsd = new double[4];
        double pricedUsd = 0, pricedTokens = 0;
        for (int i = 0; i < t.n; i++) {
            if (t.live(i)) {
                long h = Math.floorDiv(t.ts(i), 3_600_000L);
                if (h != lastHour) { // a log in time order looks its hour up once an hour
                    acc = byHour.computeIfAbsent(h, k -> new double[9]);
                    lastHour = h;
                }
                acc[0] += Double.isNaN(cost[i]) ? 0 : cost[i];
                acc[1] += t.count(i);
                Usage u = usage(i);
                long tokens = u.totalTokens();
                acc[2] += tokens;
                double[] kinds = {u.inputTokens(), u.outputTokens(), u.cacheReadTokens(), u.cacheWriteTokens() + u.cacheWrite1hTokens()};
                if (Double.isNaN(cost[i])) {
                    acc[3] += tokens; // unpriced: the spend cost-forecast would leave out
                    acc[4] += t.count(i);
                    for (int k = 0; k < 4; k++) {
                        acc[5 + k] += kinds[k];
                    }
                } else {
                    pricedUsd += cost[i];
                    pricedTokens += tokens;
                    PriceEntry e = t.is(i, RequestTable.COST_AS_LOGGED) ? null : entry(i);
                    if (e != null) {
                        CostCalculator.Applied r = CostCalculator.rates(version(e, i), u, t.is(i, RequestTable.BATCH));
                        double[] usd = {u.inputTokens() * r.input(), u.outputTokens() * r.output(), u.cacheReadTokens() * r.cacheRead(),
                                u.cacheWriteTokens() * r.cacheWrite() + u.cacheWrite1hTokens() * r.cacheWrite1h()};
                        for (int k = 0; k < 4; k++) {
                            kindTokens[k] += kinds[k];
                            kindUsd[k] += usd[k];
                        }
                    }
                }
            }
        }
        double average = pricedTokens > 0 ? pricedUsd / pricedTokens : 0;
        double[] rate = new double[4];
        for (int k = 0; k < 4; k++) {
            // a kind the priced requests never use: the log's average priced cost per token stands in for it
            rate[k] = kindTokens[k] > 0 ? kindUsd[k] / kindTokens[k] : average;
        }
        List<DailySpend.Hour> out = new ArrayList<>(byHour.size());
        byHour.forEach((h, a) -> out.add(new DailySpend.Hour(h, a[0], (long) a[1], (long) a[2], (long) a[3], (long) a[4],
                a[5] * rate[0] + a[6] * rate[1] + a[7] * rate[2] + a[8] * rate[3])));
        return out;
    }

    private BatchLever batchLever(double[] cost) {
        BatchLever lever = new BatchLever(options.batchable(), planLevers != null);
        for (int i = 0; i < t.n; i++) {
            if (!t.live(i) || t.is(i, RequestTable.BATCH) || t.is(i, RequestTable.ERROR) || Double.isNaN(cost[i])
                    || !lever.applies(tasks.raw(t.task(i)))) {
                continue;
            }
            lever.offer(i, t.count(i), cost[i], CostCalculator.cost(version(entry(i), i), usage(i), true));
        }
        return lever;
    }

    /** The live requests as the savings plan reads them: by row, with their priced cost. */
    private SavingsPlan.Requests planRequests(double[] cost) {
        return new SavingsPlan.Requests() {
            public int rows() {
                return t.n;
            }

            public boolean live(int row) {
                return t.live(row);
            }

            public long count(int row) {
                return t.count(row);
            }

            public double cost(int row) {
                return cost[row];
            }

            public double latencyMs(int row) {
                return t.latency(row);
            }
        };
    }

    /** The saving realized by requests sent through a Batch API, from their own usage. */
    private AnalyzeResult.BatchApi batchApi(double[] cost) {
        long n = 0;
        double paid = 0, standard = 0;
        for (int i = 0; i < t.n; i++) {
            if (!t.live(i) || !t.is(i, RequestTable.BATCH) || Double.isNaN(cost[i]) || t.is(i, RequestTable.COST_AS_LOGGED)) {
                continue;
            }
            PriceEntry e = entry(i);
            n += t.count(i);
            paid += cost[i];
            standard += CostCalculator.cost(version(e, i), usage(i), false);
        }
        return new AnalyzeResult.BatchApi(n, paid, standard, standard - paid);
    }

    private static double share(double usd, double total) {
        return total > 0 ? usd / total : 0;
    }

    /** Live rows in timestamp order (file order breaks ties); logs already in order need no sort. */
    private int[] timeOrder(int n, long minTs) {
        int live = 0;
        boolean ordered = true;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            if (t.live(i)) {
                live++;
                ordered &= t.ts(i) >= last;
                last = t.ts(i);
            }
        }
        int[] order = new int[live];
        if (ordered) {
            for (int i = 0, k = 0; i < n; i++) {
                if (t.live(i)) {
                    order[k++] = i;
                }
            }
            return order;
        }
        if (n < (1 << 23)) {
            long[] keys = new long[live];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (t.live(i)) {
                    keys[k++] = ((t.ts(i) - minTs) << 23) | i;
                }
            }
            Arrays.sort(keys);
            for (int j = 0; j < live; j++) {
                order[j] = (int) (keys[j] & ((1 << 23) - 1));
            }
            return order;
        }
        Integer[] boxed = new Integer[live];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (t.live(i)) {
                boxed[k++] = i;
            }
        }
        Arrays.sort(boxed, Comparator.comparingLong((Integer i) -> t.ts(i)).thenComparingInt(i -> i));
        for (int j = 0; j < live; j++) {
            order[j] = boxed[j];
        }
        return order;
    }

    /** cli.md: every null figure is named in a note that says why. */
    private List<String> nullNotes(long requests, AnalyzeResult.Latency latency, List<AnalyzeResult.ModelRow> models,
                                   List<Saving> savings) {
        List<String> notes = new ArrayList<>();
        if (latency.p50() == null) {
            notes.add("latency_ms.p50, p95, p99 and mean are null: " + (requests == 0 ? "no request was read" : "no request logs a latency"));
        }
        List<String> noLatency = models.stream().filter(m -> m.latencyMs().p50() == null).map(AnalyzeResult.ModelRow::model).toList();
        if (!noLatency.isEmpty() && latency.p50() != null) {
            notes.add("by_model latency_ms.p50 and p95 are null for " + String.join(", ", noLatency) + ": none of its requests logs a latency");
        }
        List<String> noCatalog = models.stream().filter(m -> m.priceKey() == null).map(AnalyzeResult.ModelRow::model).toList();
        if (!noCatalog.isEmpty()) {
            notes.add("by_model price_key, price_catalog and price_effective are null for " + String.join(", ", noCatalog)
                    + ": no price catalog knows the model");
        }
        List<String> undated = models.stream().filter(m -> m.priceKey() != null && m.priceEffective() == null)
                .map(AnalyzeResult.ModelRow::model).toList();
        if (!undated.isEmpty()) {
            notes.add("by_model price_effective is null for " + String.join(", ", undated) + ": its catalog carries no dated prices");
        }
        for (Saving v : savings) {
            if (v.usd() == null) {
                String why = v.assumptions().isEmpty() ? "" : v.assumptions().get(0).replaceFirst("^not measured: ", "");
                notes.add("savings " + v.lever() + ": usd and share_of_cost are null: " + (requests == 0 ? "no request was read" : why));
            }
        }
        if (sessions.size() == 0) {
            notes.add("sessions.calls_per_session_mean, calls_per_session_p50 and calls_per_session_p95 are null: "
                    + (requests == 0 ? "no request was read" : "no request carries a session id"));
        }
        return notes;
    }

    private AnalyzeResult.Sessions sessionStats() {
        int s = sessions.size();
        if (s == 0) {
            return new AnalyzeResult.Sessions(0, null, null, null, 0);
        }
        double[] calls = new double[s];
        for (int i = 0; i < t.n; i++) {
            if (t.live(i) && t.session(i) >= 0) {
                calls[t.session(i)] += t.count(i);
            }
        }
        double[] p = Percentiles.of(calls, s, 0.5, 0.95);
        long max = 0;
        for (double c : calls) {
            max = Math.max(max, (long) c);
        }
        return new AnalyzeResult.Sessions(s, Percentiles.mean(calls, s), p[0], p[1], max);
    }

    private static AnalyzeResult.Period period(long min, long max) {
        if (min == Long.MAX_VALUE) {
            return null;
        }
        return new AnalyzeResult.Period(Instant.ofEpochMilli(min).toString(), Instant.ofEpochMilli(max).toString(),
                Math.floorDiv(max, DAY_MS) - Math.floorDiv(min, DAY_MS) + 1);
    }

    /** Days with requests further than this from the rest of the log are named in a warning. */
    static final int STRAY_GAP_DAYS = 60;

    /**
     * A few requests dated far from the rest (one record of 2020 in a 2026 log, a replay trace with one absolute
     * timestamp) stretch the period and the daily series. They are real requests, so every total keeps them, but a
     * warning names their dates and what they did to the period. Runs of days split at gaps longer than
     * {@link #STRAY_GAP_DAYS}; the run with the most requests is the log's body; the other runs are stray when they
     * hold at most 1% of the requests (or 5).
     */
    private static void strayDays(java.util.TreeMap<Long, DayAcc> days, List<String> warnings) {
        List<Long> keys = new ArrayList<>(days.keySet());
        List<int[]> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= keys.size(); i++) {
            if (i == keys.size() || keys.get(i) - keys.get(i - 1) > STRAY_GAP_DAYS) {
                runs.add(new int[]{start, i - 1});
                start = i;
            }
        }
        if (runs.size() < 2) {
            return;
        }
        long total = 0;
        long[] inRun = new long[runs.size()];
        for (int r = 0; r < runs.size(); r++) {
            for (int i = runs.get(r)[0]; i <= runs.get(r)[1]; i++) {
                inRun[r] += days.get(keys.get(i)).requests;
            }
            total += inRun[r];
        }
        int body = 0;
        for (int r = 1; r < runs.size(); r++) {
            body = inRun[r] > inRun[body] ? r : body;
        }
        long strayRequests = total - inRun[body];
        if (strayRequests > Math.max(5, total / 100)) {
            return; // several real periods of traffic, not a stray record
        }
        List<String> named = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            for (int i = runs.get(r)[0]; r != body && i <= runs.get(r)[1] && named.size() < 5; i++) {
                long n = days.get(keys.get(i)).requests;
                named.add(LocalDate.ofEpochDay(keys.get(i)) + " (" + n + " request" + (n == 1 ? "" : "s") + ")");
            }
        }
        LocalDate bodyFirst = LocalDate.ofEpochDay(keys.get(runs.get(body)[0]));
        LocalDate bodyLast = LocalDate.ofEpochDay(keys.get(runs.get(body)[1]));
        long withDays = keys.get(keys.size() - 1) - keys.get(0) + 1;
        long withoutDays = keys.get(runs.get(body)[1]) - keys.get(runs.get(body)[0]) + 1;
        warnings.add(strayRequests + " request" + (strayRequests == 1 ? " is" : "s are") + " dated more than "
                + STRAY_GAP_DAYS + " days away from the rest of the log (" + bodyFirst + " to " + bodyLast + "): "
                + String.join(", ", named) + (named.size() < runs.size() - 1 ? ", …" : "") + "; with them period.days is "
                + withDays + ", without them " + withoutDays + ". They count in every total (they are real requests): "
                + "check their timestamps, or leave them out with --since/--until");
    }

    /** Buckets a calendar series may have before it is summarised by a coarser period. */
    static final int MAX_DAILY_BUCKETS = 1000;

    /**
     * Spend on the calendar: every day from the first request's to the last's, zero where nothing ran, so a gap
     * takes its real length in the table and the chart; ranges longer than {@link #MAX_DAILY_BUCKETS} days go by
     * week, then month, then year ({@code daily_resolution} says which; a warning says so).
     */
    private Daily daily(double[] cost, List<String> warnings) {
        java.util.TreeMap<Long, DayAcc> days = new java.util.TreeMap<>();
        for (int i = 0; i < t.n; i++) {
            if (!t.live(i)) {
                continue;
            }
            DayAcc d = days.computeIfAbsent(Math.floorDiv(t.ts(i), DAY_MS), k -> new DayAcc());
            d.requests += t.count(i);
            if (!Double.isNaN(cost[i])) {
                d.cost += cost[i];
            }
            d.tokens.add(usage(i));
        }
        if (days.isEmpty()) {
            return new Daily("day", List.of());
        }
        strayDays(days, warnings);
        LocalDate first = LocalDate.ofEpochDay(days.firstKey());
        LocalDate last = LocalDate.ofEpochDay(days.lastKey());
        String[] units = {"day", "week", "month", "year"};
        java.time.temporal.ChronoUnit[] steps = {java.time.temporal.ChronoUnit.DAYS, java.time.temporal.ChronoUnit.WEEKS,
                java.time.temporal.ChronoUnit.MONTHS, java.time.temporal.ChronoUnit.YEARS};
        int u = 0;
        while (u < units.length - 1 && steps[u].between(bucket(first, u), bucket(last, u)) + 1 > MAX_DAILY_BUCKETS) {
            u++;
        }
        Map<LocalDate, DayAcc> buckets = new java.util.TreeMap<>();
        for (var e : days.entrySet()) {
            buckets.computeIfAbsent(bucket(LocalDate.ofEpochDay(e.getKey()), u), k -> new DayAcc()).add(e.getValue());
        }
        LocalDate from = bucket(first, u), to = bucket(last, u);
        boolean fill = steps[u].between(from, to) + 1 <= MAX_DAILY_BUCKETS;
        if (fill) {
            for (LocalDate d = from; !d.isAfter(to); d = d.plus(1, steps[u])) {
                buckets.putIfAbsent(d, new DayAcc());
            }
        }
        if (u > 0) {
            warnings.add("the log spans " + (java.time.temporal.ChronoUnit.DAYS.between(first, last) + 1) + " days ("
                    + first + " to " + last + "): daily spend is summarised by " + units[u] + " (daily_resolution; "
                    + "each date is the start of its " + units[u] + ")" + (fill ? "" : ", and only " + units[u]
                    + "s with requests are listed"));
        }
        List<AnalyzeResult.Day> out = new ArrayList<>(buckets.size());
        buckets.forEach((day, d) -> out.add(new AnalyzeResult.Day(day.toString(), d.requests, d.cost, d.tokens.input,
                d.tokens.cacheRead, d.tokens.cacheWrite, d.tokens.cacheWrite1h, d.tokens.output, d.tokens.reasoning)));
        return new Daily(units[u], out);
    }

    private record Daily(String resolution, List<AnalyzeResult.Day> days) {
    }

    /** Requests, cost and tokens of one day or bucket of the calendar series. */
    private static final class DayAcc {
        long requests;
        double cost;
        final TokenSums tokens = new TokenSums();

        void add(DayAcc o) {
            requests += o.requests;
            cost += o.cost;
            tokens.add(o.tokens);
        }
    }

    /** The first day of the day (0), Monday-started week (1), month (2) or year (3) that holds d. */
    private static LocalDate bucket(LocalDate d, int unit) {
        return switch (unit) {
            case 0 -> d;
            case 1 -> d.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
            case 2 -> d.withDayOfMonth(1);
            default -> d.withDayOfYear(1);
        };
    }

    /** The notes on a group table's cost of unpriced requests: null for groups of only those, a lower bound for the rest. */
    private static void unpricedGroupNotes(List<Dimension> dims, Map<String, GroupAcc> shown,
                                           java.util.Collection<GroupAcc> groups, List<String> warnings) {
        if (groups.stream().noneMatch(g -> g.unpriced > 0) || groups.stream().allMatch(g -> g.unpriced >= g.requests)) {
            return; // none unpriced; or none priced, which the first warning says of every cost figure
        }
        String by = dims.stream().map(Dimension::id).collect(java.util.stream.Collectors.joining("+"));
        List<String> unknown = new ArrayList<>(), partial = new ArrayList<>();
        shown.forEach((name, g) -> {
            if (g.unpriced >= g.requests && g.requests > 0) {
                unknown.add(name);
            } else if (g.unpriced > 0) {
                partial.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            warnings.add("groups by " + by + ": cost_usd and cost_share are null for " + String.join(", ",
                    unknown.subList(0, Math.min(5, unknown.size()))) + (unknown.size() > 5 ? " and " + (unknown.size() - 5)
                    + " more" : "") + ": every request of the group is of a model without a price (see unpriced_models), "
                    + "so its cost is unknown, not $0 (add the prices with --prices FILE)");
        }
        if (!partial.isEmpty()) {
            warnings.add("groups by " + by + ": cost_usd is a lower bound for " + String.join(", ",
                    partial.subList(0, Math.min(5, partial.size()))) + (partial.size() > 5 ? " and " + (partial.size() - 5)
                    + " more" : "") + ": some of the group's requests are of models without a price, and they count "
                    + "in its requests and tokens but not in its cost (cost_share is a share of the priced cost)");
        }
    }

    private List<AnalyzeResult.GroupTable> groupTables(double[] cost, double total, List<String> warnings) {
        List<AnalyzeResult.GroupTable> out = new ArrayList<>();
        spendRows.clear();
        for (List<Dimension> dims : options.groupBys()) {
            Map<List<Object>, GroupAcc> groups = new HashMap<>();
            for (int i = 0; i < t.n; i++) {
                if (!t.live(i)) {
                    continue;
                }
                List<Object> key = new ArrayList<>(dims.size());
                for (Dimension d : dims) {
                    key.add(d == Dimension.DAY ? (Object) Math.floorDiv(t.ts(i), DAY_MS) : (Object) dimId(d, i));
                }
                groups.computeIfAbsent(key, k -> new GroupAcc()).add(this, i, usage(i), cost[i]);
            }
            boolean byDay = dims.size() == 1 && dims.get(0) == Dimension.DAY;
            List<Map.Entry<List<Object>, GroupAcc>> sorted = new ArrayList<>(groups.entrySet());
            if (byDay) {
                sorted.sort(Comparator.comparing(e -> (Long) e.getKey().get(0)));
            } else {
                sorted.sort(Comparator.comparingDouble((Map.Entry<List<Object>, GroupAcc> e) -> -e.getValue().cost)
                        .thenComparingLong(e -> -e.getValue().requests));
            }
            if (dims.get(0) == Dimension.DAY && dims.size() <= 2) {
                // every group, untruncated by --top: the port carries days as dates, not as the table's strings
                Dimension d = dims.size() == 2 ? dims.get(1) : null;
                for (var e : sorted) {
                    spendRows.add(new DailySpend.Row(LocalDate.ofEpochDay((Long) e.getKey().get(0)), d,
                            d == null ? null : dimName(d, e.getKey().get(1)), e.getValue().cost, e.getValue().requests));
                }
            }
            List<AnalyzeResult.GroupRow> rows = new ArrayList<>();
            Map<String, GroupAcc> shown = new LinkedHashMap<>();
            GroupAcc rest = new GroupAcc();
            int restGroups = 0;
            for (int g = 0; g < sorted.size(); g++) {
                var e = sorted.get(g);
                if (!byDay && g >= options.top()) {
                    rest.merge(e.getValue());
                    restGroups++;
                    continue;
                }
                Map<String, String> key = new LinkedHashMap<>();
                for (int d = 0; d < dims.size(); d++) {
                    key.put(dims.get(d).id(), dimName(dims.get(d), e.getKey().get(d)));
                }
                rows.add(e.getValue().row(key, total));
                shown.put(key.entrySet().stream().map(k -> k.getKey() + "=" + k.getValue())
                        .collect(java.util.stream.Collectors.joining(" ")), e.getValue());
            }
            if (restGroups > 0) {
                Map<String, String> key = new LinkedHashMap<>();
                for (Dimension d : dims) {
                    key.put(d.id(), "(" + restGroups + " more)");
                }
                rows.add(rest.row(key, total));
                shown.put("(" + restGroups + " more)", rest);
            }
            unpricedGroupNotes(dims, shown, groups.values(), warnings);
            out.add(new AnalyzeResult.GroupTable(dims.stream().map(Dimension::id).toList(), rows, groups.size()));
        }
        return out;
    }

    /** Which dated price priced each model in the last {@link #finish}: what cost-forecast reports beside its figures. */
    public PricesUsed pricesUsed() {
        return pricesUsed;
    }

    /**
     * The log's cost as charges that each price one thing (FOCUS's unit-price rule): per day x provider x model x
     * team, the tokens of one kind that one SKU price priced, at that price's USD per token. Reasoning tokens are
     * output tokens at the output price, in their own rows; cost-as-logged requests (billing exports) are one
     * "billed" charge per group, priced per request. Unpriced models have no price to state and are counted apart.
     * The charges' costs sum to {@code cost_usd}. Call after {@link #finish}.
     */
    public Charges charges() {
        Map<List<Object>, ChargeAcc> acc = new LinkedHashMap<>();
        long unpricedRequests = 0;
        java.util.TreeSet<String> unpricedModels = new java.util.TreeSet<>();
        for (int i = 0; i < t.n; i++) {
            if (!t.live(i)) {
                continue;
            }
            long day = Math.floorDiv(t.ts(i), DAY_MS);
            List<Object> group = List.of(day, t.provider(i), t.model(i), t.team(i));
            if (t.is(i, RequestTable.COST_AS_LOGGED)) {
                add(acc, group, "billed", null, "as_billed", Double.NaN, null, t.count(i), t.logged(i), t.count(i));
                continue;
            }
            PriceEntry e = entry(i);
            if (e == null) {
                unpricedRequests += t.count(i);
                unpricedModels.add(models.name(t.model(i)));
                continue;
            }
            Usage u = usage(i);
            PriceVersion v = version(e, i);
            CostCalculator.Applied r = CostCalculator.rates(v, u, t.is(i, RequestTable.BATCH));
            LocalDate eff = v.effective();
            String suffix = (r.batch() ? "/batch" : "") + (r.tierAboveTokens() > 0 ? "/above_" + r.tierAboveTokens() + "_tokens" : "");
            long reasoning = Math.min(u.reasoningTokens(), u.outputTokens());
            // a request without tokens (a failed call) still has its input charge, at 0, so its group keeps its requests
            boolean none = u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens() + u.cacheWrite1hTokens() + u.outputTokens() == 0;
            add(acc, group, "input", e.key(), "input" + suffix, r.input(), eff, none ? -1 : u.inputTokens(), u.inputTokens() * r.input(), t.count(i));
            add(acc, group, "cache_read", e.key(), "cache_read" + suffix, r.cacheRead(), eff, u.cacheReadTokens(),
                    u.cacheReadTokens() * r.cacheRead(), t.count(i));
            add(acc, group, "cache_write", e.key(), "cache_write" + suffix, r.cacheWrite(), eff, u.cacheWriteTokens(),
                    u.cacheWriteTokens() * r.cacheWrite(), t.count(i));
            add(acc, group, "cache_write", e.key(), "cache_write_1h" + suffix, r.cacheWrite1h(), eff, u.cacheWrite1hTokens(),
                    u.cacheWrite1hTokens() * r.cacheWrite1h(), t.count(i));
            add(acc, group, "output", e.key(), "output" + suffix, r.output(), eff, u.outputTokens() - reasoning,
                    (u.outputTokens() - reasoning) * r.output(), t.count(i));
            add(acc, group, "reasoning", e.key(), "output" + suffix, r.output(), eff, reasoning, reasoning * r.output(), t.count(i));
        }
        List<Charge> out = new ArrayList<>(acc.size());
        for (var en : acc.entrySet()) {
            List<Object> k = en.getKey();
            ChargeAcc a = en.getValue();
            int provider = (Integer) k.get(1), model = (Integer) k.get(2), team = (Integer) k.get(3);
            out.add(new Charge(LocalDate.ofEpochDay((Long) k.get(0)), providers.name(provider),
                    providers.raw(provider), models.name(model), teams.name(team), a.priceKey, a.kind, a.sku,
                    a.usdPerToken, a.quantity, a.cost, 0, a.priceEffective));
        }
        Comparator<String> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
        out.sort(Comparator.comparing(Charge::day).thenComparing(Charge::provider, nullsFirst)
                .thenComparing(Charge::model, nullsFirst).thenComparing(Charge::team, nullsFirst)
                .thenComparingInt(c -> KIND_ORDER.indexOf(c.kind())).thenComparing(Charge::sku)
                .thenComparingDouble(Charge::usdPerToken));
        // a group's requests go on its first charge, so that the column sums to the requests
        Map<List<Object>, Long> groupRequests = new HashMap<>();
        for (int i = 0; i < t.n; i++) {
            if (t.live(i) && (t.is(i, RequestTable.COST_AS_LOGGED) || entry(i) != null)) {
                groupRequests.merge(List.of(LocalDate.ofEpochDay(Math.floorDiv(t.ts(i), DAY_MS)),
                        String.valueOf(providers.name(t.provider(i))), String.valueOf(models.name(t.model(i))),
                        String.valueOf(teams.name(t.team(i)))), t.count(i), Long::sum);
            }
        }
        for (int c = 0; c < out.size(); c++) {
            Charge x = out.get(c);
            Long n = groupRequests.remove(List.of(x.day(), String.valueOf(x.provider()), String.valueOf(x.model()),
                    String.valueOf(x.team())));
            if (n != null) {
                out.set(c, new Charge(x.day(), x.provider(), x.providerRaw(), x.model(), x.team(), x.priceKey(), x.kind(),
                        x.sku(), x.usdPerToken(), x.quantity(), x.costUsd(), n, x.priceEffective()));
            }
        }
        return new Charges(out, unpricedRequests, List.copyOf(unpricedModels));
    }

    private static final List<String> KIND_ORDER = List.of("input", "cache_read", "cache_write", "output", "reasoning", "billed");

    private static void add(Map<List<Object>, ChargeAcc> acc, List<Object> group, String kind, String priceKey, String sku,
                            double usdPerToken, LocalDate priceEffective, long quantity, double cost, long requests) {
        if (quantity == 0 && cost == 0) {
            return; // (a billed row standing for no request still carries its cost)
        }
        quantity = Math.max(0, quantity); // -1: keep the charge at 0 tokens
        List<Object> key = new ArrayList<>(group);
        key.add(kind);
        key.add(sku);
        key.add(Double.doubleToLongBits(usdPerToken));
        key.add(String.valueOf(priceEffective)); // two dated prices at one rate are still two prices
        ChargeAcc a = acc.computeIfAbsent(key, x -> new ChargeAcc(kind, priceKey, sku, usdPerToken, priceEffective));
        a.quantity += quantity;
        a.cost += cost;
        a.requests += requests;
    }

    /** A charge being summed: its price (and the date of that price), and the tokens (or requests) and cost so far. */
    private static final class ChargeAcc {
        final String kind, priceKey, sku;
        final double usdPerToken;
        final LocalDate priceEffective;
        long quantity, requests;
        double cost;

        ChargeAcc(String kind, String priceKey, String sku, double usdPerToken, LocalDate priceEffective) {
            this.kind = kind;
            this.priceKey = priceKey;
            this.sku = sku;
            this.usdPerToken = usdPerToken;
            this.priceEffective = priceEffective;
        }
    }

    private int dimId(Dimension d, int i) {
        return switch (d) {
            case MODEL -> t.model(i);
            case PROVIDER -> t.provider(i);
            case USER -> t.user(i);
            case TEAM -> t.team(i);
            case TASK_TYPE -> t.task(i);
            case SESSION -> t.session(i);
            case DAY -> throw new IllegalStateException();
        };
    }

    private String dimName(Dimension d, Object id) {
        if (d == Dimension.DAY) {
            return LocalDate.ofEpochDay((Long) id).toString();
        }
        int v = (Integer) id;
        String s = switch (d) {
            case MODEL -> models.name(v);
            case PROVIDER -> providers.name(v);
            case USER -> users.name(v);
            case TEAM -> teams.name(v);
            case TASK_TYPE -> tasks.name(v);
            case SESSION -> sessions.name(v);
            case DAY -> null;
        };
        return s == null ? "(none)" : s;
    }

    private List<AnalyzeResult.BadLineRow> badLines(IngestStats stats) {
        return stats.firstBadLines.stream()
                .map(b -> new AnalyzeResult.BadLineRow(Redactor.redact(b.file()), b.line(), Redactor.redact(b.reason()))).toList();
    }

    private static List<AnalyzeResult.Input> inputs(IngestStats stats) {
        return stats.formats.entrySet().stream()
                .map(e -> new AnalyzeResult.Input(Redactor.redact(e.getKey()), e.getValue())).toList();
    }

    private List<AnalyzeResult.ErrorMessage> topErrors() {
        long[] counts = new long[errorTexts.size()];
        for (int i = 0; i < t.n; i++) {
            if (t.live(i) && t.errorText(i) >= 0) {
                counts[t.errorText(i)] += t.count(i);
            }
        }
        List<AnalyzeResult.ErrorMessage> out = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                out.add(new AnalyzeResult.ErrorMessage(errorTexts.name(i), counts[i]));
            }
        }
        out.sort(Comparator.comparingLong(AnalyzeResult.ErrorMessage::count).reversed()
                .thenComparing(AnalyzeResult.ErrorMessage::message));
        return out.size() > 10 ? List.copyOf(out.subList(0, 10)) : out;
    }

    /** Latency distribution on 20 log-spaced bins, so both the fast bulk and the slow tail show. */
    static List<AnalyzeResult.Bin> histogram(double[] sorted) {
        if (sorted.length < 2) {
            return List.of();
        }
        double lo = Math.max(1, sorted[0]), hi = Math.max(lo * 1.0001, sorted[sorted.length - 1]);
        int bins = 20;
        double step = Math.log(hi / lo) / bins;
        long[] counts = new long[bins];
        for (double x : sorted) {
            int k = x <= lo ? 0 : (int) Math.min(bins - 1, Math.floor(Math.log(x / lo) / step));
            counts[k]++;
        }
        List<AnalyzeResult.Bin> out = new ArrayList<>(bins);
        for (int k = 0; k < bins; k++) {
            out.add(new AnalyzeResult.Bin(lo * Math.exp(k * step), lo * Math.exp((k + 1) * step), counts[k]));
        }
        return out;
    }

    /** Token sums by kind, one definition for every table: input is full-rate input only (cli.md). */
    private static final class TokenSums {
        long input, cacheRead, cacheWrite, cacheWrite1h, output, reasoning;

        void add(Usage u) {
            input += u.inputTokens();
            cacheRead += u.cacheReadTokens();
            cacheWrite += u.cacheWriteTokens() + u.cacheWrite1hTokens();
            cacheWrite1h += u.cacheWrite1hTokens();
            output += u.outputTokens();
            reasoning += u.reasoningTokens();
        }

        void add(TokenSums o) {
            input += o.input;
            cacheRead += o.cacheRead;
            cacheWrite += o.cacheWrite;
            cacheWrite1h += o.cacheWrite1h;
            output += o.output;
            reasoning += o.reasoning;
        }
    }

    /** The day a request is priced at: --price-date, else its own. */
    private LocalDate pricedOn(int row) {
        return options.priceDate() != null ? options.priceDate() : LocalDate.ofEpochDay(Math.floorDiv(t.ts(row), 86_400_000L));
    }

    private static final class ModelAcc {
        long requests, errors, billed;
        final TokenSums tokens = new TokenSums();
        double cost;
        int firstRow = -1;
        final DoubleList latency;

        ModelAcc(int latencies) {
            latency = new DoubleList(latencies);
        }

        void add(Analyzer a, int i, Usage u, double c) {
            RequestTable t = a.t;
            if (firstRow < 0) {
                firstRow = i;
            }
            requests += t.count(i);
            if (t.is(i, RequestTable.ERROR)) {
                errors += t.count(i);
            }
            if (t.is(i, RequestTable.COST_AS_LOGGED)) {
                billed += t.count(i);
            }
            tokens.add(u);
            if (!Double.isNaN(c)) {
                cost += c;
            }
            if (!Double.isNaN(t.latency(i))) {
                latency.add(t.latency(i));
            }
        }
    }

    private static final class GroupAcc {
        long requests, errors;
        /** Requests of models without a price: a group of only those has an unknown cost (null), not $0. */
        long unpriced;
        final TokenSums tokens = new TokenSums();
        double cost;
        final DoubleList latency = new DoubleList();

        void add(Analyzer a, int i, Usage u, double c) {
            RequestTable t = a.t;
            requests += t.count(i);
            if (t.is(i, RequestTable.ERROR)) {
                errors += t.count(i);
            }
            tokens.add(u);
            if (!Double.isNaN(c)) {
                cost += c;
            } else {
                unpriced += t.count(i);
            }
            if (!Double.isNaN(t.latency(i))) {
                latency.add(t.latency(i));
            }
        }

        void merge(GroupAcc o) {
            requests += o.requests;
            errors += o.errors;
            unpriced += o.unpriced;
            tokens.add(o.tokens);
            cost += o.cost;
            for (int i = 0; i < o.latency.size(); i++) {
                latency.add(o.latency.raw()[i]);
            }
        }

        AnalyzeResult.GroupRow row(Map<String, String> key, double total) {
            double[] p = latency.percentiles(0.5, 0.95);
            boolean unknown = requests > 0 && unpriced >= requests; // as by_model: an unpriced model's cost is null
            return new AnalyzeResult.GroupRow(key, requests, errors, requests == 0 ? 0 : (double) errors / requests,
                    unknown ? null : cost, unknown ? null : share(cost, total), tokens.input, tokens.cacheRead, tokens.cacheWrite, tokens.cacheWrite1h,
                    tokens.output, tokens.reasoning, new AnalyzeResult.ShortLatency(nullIfNaN(p[0]), nullIfNaN(p[1])));
        }
    }
}
