package io.techopt.analyze;

import io.techopt.core.Charges;
import io.techopt.core.DailySpend;
import io.techopt.core.Derived;
import io.techopt.core.LogRecord;
import io.techopt.core.PromptKey;
import io.techopt.core.Redactor;
import io.techopt.core.Saving;
import io.techopt.core.SavingsLever;
import io.techopt.ingest.IngestStats;
import io.techopt.ingest.RecordSink;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.Pricer;
import io.techopt.pricing.PricesUsed;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where the money goes: totals, per-model figures, groups, repeats, and savings levers computed from the log
 * itself. Records stream in through {@link RecordSink} into the {@link RequestStore}; {@link #finish} prices every
 * kept request ({@link PricingPass}) and wires the parts of the report, each made by its own class: the by_model table
 * ({@link ModelTable}), latency ({@link LatencyDistribution}), repeats ({@link PromptRepeats}), the savings levers
 * ({@link OwnLevers} and those added by other engines), Batch API use, sessions and top errors, the group tables
 * ({@link GroupTables}) and the daily series ({@link DailySeries}). After it, cost-forecast reads {@link #dailySpend}
 * and {@link #charges} ({@link LogCharges}).
 */
public final class Analyzer implements SpendAnalysis {
    private final PriceBook book;
    private final AnalyzeOptions options;
    private final RequestStore store;
    private final OwnLevers levers;
    /** Which dated price priced each model; made by {@link #finish}. */
    private PricesUsed pricesUsed;
    /** The last request's time (the report's period.last), kept typed for cost-forecast; made by {@link #finish}. */
    private Instant lastRequest;
    private java.util.Map<String, Double> costByTeam = java.util.Map.of();
    private final List<Supplier<Saving>> extraLevers = new ArrayList<>();
    /** The port cost-forecast reads, set by finish. */
    private DailySpend dailySpend;
    /** analyze --plan: the levers of other engines to stack with analyze's own (null: no plan), and its result. */
    private List<SavingsLever> planLevers;
    private SavingsPlan.Result plan;

    public Analyzer(PriceBook book, AnalyzeOptions options) {
        this.book = book;
        this.options = options;
        this.levers = new OwnLevers(options.cacheTtlMs(), options.batchable());
        this.store = new RequestStore(new Pricer(book, options.priceDate()), options.priceDate());
    }

    /** The key of a record's normalized prompt, derived on a parser thread; absent when it logged no prompt. */
    private static final Derived.Key<PromptKey.Info> PROMPT = Derived.Key.of("analyze.prompt", PromptKey.Info.class);

    @Override
    public LogRecord prepare(LogRecord r) {
        // the text is not needed past this point: the record waits in the queue without it
        PromptKey.Info key = PromptKey.of(r); // read from a store without text: the key it was stored with
        return (key != null ? r.with(PROMPT, key) : r).withoutText();
    }

    @Override
    public void accept(LogRecord r) {
        PromptKey.Info info = r.derived(PROMPT);
        int row = store.add(r, info);
        levers.offer(store, row, r, info);
    }

    /** A lever computed elsewhere from the same records (the semantic cache's replay), listed after the built-in ones. */
    public void addLever(Supplier<Saving> lever) {
        extraLevers.add(lever);
    }

    /**
     * Before reading: also build the savings plan ({@link #plan()}), stacking analyze's own levers with these of other
     * engines, each given its place by its lever name ({@link SavingsPlan#ORDER}).
     */
    public void enablePlan(List<SavingsLever> others) {
        planLevers = new ArrayList<>(others);
        levers.keepRequests();
    }

    /** The savings plan of the last {@link #finish}; null without {@link #enablePlan}. */
    public SavingsPlan.Result plan() {
        return plan;
    }

    @Override
    public void finishSpend(IngestStats stats) {
        finish(stats);
    }

    @Override
    public int requestsHeld() {
        return store.t.n;
    }

    @Override
    public long duplicateRequestIds() {
        return store.repeats();
    }

    /** The analysis' spend per day, typed, for cost-forecast (the day groupings of the options). Call after {@link #finish}. */
    public DailySpend dailySpend() {
        if (dailySpend == null) {
            throw new IllegalStateException("dailySpend() before finish()");
        }
        return dailySpend;
    }

    /**
     * The first request on or after a UTC day (null: none), for cost-forecast to measure the span of the days it fits
     * when it leaves out a stray day before them. Call after {@link #finish}.
     */
    public Instant firstRequestFrom(LocalDate day) {
        RequestTable t = store.t;
        long from = day.toEpochDay() * RequestStore.DAY_MS, min = Long.MAX_VALUE;
        for (int i = 0; i < t.n; i++) {
            if (t.live(i) && t.ts(i) >= from) {
                min = Math.min(min, t.ts(i));
            }
        }
        return min == Long.MAX_VALUE ? null : Instant.ofEpochMilli(min);
    }

    /** The log's last request (null: none), as the report's period.last says it. Call after {@link #finish}. */
    public Instant lastRequest() {
        return lastRequest;
    }

    /** Which dated price priced each model in the last {@link #finish}: what cost-forecast reports beside its figures. */
    public PricesUsed pricesUsed() {
        return pricesUsed;
    }

    /** The log's cost as FOCUS charges, summing to {@code cost_usd} ({@link LogCharges}). Call after {@link #finish}. */
    public Charges charges() {
        return LogCharges.of(store);
    }

    /** Each team's cost_usd as a --group-by team table gives it (see {@link GroupTables#costBy}). Call after {@link #finish}. */
    public java.util.Map<String, Double> costByTeam() {
        return costByTeam;
    }

    public AnalyzeResult finish(IngestStats stats) {
        pricesUsed = new PricesUsed(options.priceDate());
        PricingPass priced = PricingPass.of(store, pricesUsed);
        lastRequest = priced.minTs == Long.MAX_VALUE ? null : Instant.ofEpochMilli(priced.maxTs);
        double[] cost = priced.cost;
        double total = priced.total;
        long requests = priced.requests;
        LatencyDistribution latency = new LatencyDistribution(priced.latencies);

        List<String> warnings = new ArrayList<>(stats.warnings);
        if (priced.billedNote() != null) {
            warnings.add(priced.billedNote());
        }
        ModelTable.Rows models = priced.models.rows(store, book, pricesUsed, warnings);

        // Repeats and the exact-cache lever walk requests in time order.
        PromptRepeats repeats = PromptRepeats.walk(store, store.timeOrder(priced.minTs), cost, levers.exactCache());
        if (repeats.withPrompt == 0) {
            warnings.add("exact_repeat_rate is null: " + (requests > 0 ? "no request in the log carries its prompt (messages), so repeats "
                    + "cannot be measured" : "no request was read"));
        }
        if (priced.minTs == Long.MAX_VALUE) {
            warnings.add("period is null: no request was read" + (stats.filtered > 0 ? " (all were outside --since/--until)" : ""));
        }
        List<Saving> savings = levers.savings(store, cost, total, repeats, requests);
        extraLevers.forEach(l -> savings.add(l.get()));
        if (planLevers != null) {
            List<SavingsLever.Effect> effects = levers.effects(savings);
            planLevers.forEach(l -> effects.add(l.effect()));
            plan = SavingsPlan.run(effects, planRequests(cost));
        }

        warnings.addAll(AnalyzeLayout.nullNotes(requests, latency.summary, models.rows(), savings, store.sessions.size() > 0));
        DailySeries.Daily daily = DailySeries.of(store, cost, warnings);
        AnalyzeResult.BatchApi batchApi = BatchApiUse.of(store, cost);
        AnalyzeResult.Sessions sessions = SessionsAndErrors.sessions(store);
        GroupTables.Result groups = GroupTables.of(store, options.groupBys(), options.top(), cost, total, warnings);
        costByTeam = GroupTables.costBy(store, io.techopt.core.Dimension.TEAM, cost);
        AnalyzeResult result = new AnalyzeResult(requests, stats.badLines, priced.errors, total,
                new AnalyzeResult.Tokens(priced.tokens.input(), priced.tokens.output(), priced.tokens.cacheRead(),
                        priced.tokens.cacheWrite(), priced.tokens.cacheWrite1h(), priced.tokens.reasoning()),
                latency.summary, latency.histogram, models.rows(),
                new AnalyzeResult.Repeats(repeats.rate(), repeats.withPrompt, repeats.distinct.size()), models.unpriced(), savings,
                AnalyzeResult.Billing.of(priced.loggedN, priced.loggedSum, priced.recomputedSum, priced.costAsLogged), batchApi,
                sessions, period(priced.minTs, priced.maxTs), groups.tables(), daily.days(), daily.resolution(),
                stats.estimated, stats.filtered, store.repeats(), badLines(stats), inputs(stats), warnings,
                new AnalyzeResult.Pricing(book.catalogs(), options.priceDate() == null ? "each request at its own date"
                        : options.priceDate().toString()), SessionsAndErrors.topErrors(store));
        result = result.withCostsUnknownWhenUnmeasured(requests, priced.priced, models::unpriced, stats.filtered);
        List<DailySpend.Row> spendRows = groups.spendRows();
        dailySpend = new DailySpend(result.requests(), result.warnings(), result.unpricedModels() == null ? List.of()
                : result.unpricedModels().stream().map(u -> new DailySpend.Unpriced(u.model(), u.requests())).toList(),
                List.copyOf(spendRows), spendRows.isEmpty() ? List.of() // no day grouping: nothing reads the port's days
                : DailySeries.hours(store, cost));
        return result;
    }

    /** The live requests as the savings plan reads them: by row, with their priced cost. */
    private SavingsPlan.Requests planRequests(double[] cost) {
        RequestTable t = store.t;
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

    private static AnalyzeResult.Period period(long min, long max) {
        if (min == Long.MAX_VALUE) {
            return null;
        }
        return new AnalyzeResult.Period(Instant.ofEpochMilli(min).toString(), Instant.ofEpochMilli(max).toString(),
                Math.floorDiv(max, RequestStore.DAY_MS) - Math.floorDiv(min, RequestStore.DAY_MS) + 1);
    }

    /** The first bad lines the read kept, redacted, as analyze's bad_line_samples (DuckDbAnalyze's too). */
    public static List<AnalyzeResult.BadLineRow> badLines(IngestStats stats) {
        return stats.firstBadLines.stream()
                .map(b -> new AnalyzeResult.BadLineRow(Redactor.redact(b.file()), b.line(), Redactor.redact(b.reason()))).toList();
    }

    private static List<AnalyzeResult.Input> inputs(IngestStats stats) {
        return stats.formats.entrySet().stream()
                .map(e -> new AnalyzeResult.Input(Redactor.redact(e.getKey()), e.getValue())).toList();
    }
}
