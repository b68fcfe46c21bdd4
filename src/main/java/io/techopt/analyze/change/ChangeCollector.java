package io.techopt.analyze.change;

import io.techopt.core.Dict;
import io.techopt.core.LogRecord;
import io.techopt.core.Usage;
import io.techopt.ingest.RecordSink;
import io.techopt.ingest.RepeatedRequests;
import io.techopt.pricing.CostCalculator;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.PriceEntry;
import io.techopt.pricing.PriceVersion;
import io.techopt.pricing.Pricer;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Sums what a cost change is made of, per period, team, model, billing kind and outcome: requests, tokens of each
 * kind, their cost at the prices each request paid (analyze's cost) and at one reference price version per model
 * (the {@code --price-date} version, else the newest), which separates dated price changes from batch and
 * long-context rates. Bounded memory: a few sums per group, and per request with an id the little needed to take a
 * repeated request id's earlier copy back out (the last copy wins, as in analyze).
 */
public final class ChangeCollector implements RecordSink {
    /** Token kinds, in {@link CostCalculator.Applied#cost} order. */
    static final int INPUT = 0, CACHE_READ = 1, CACHE_WRITE = 2, CACHE_WRITE_1H = 3, OUTPUT = 4, KINDS = 5;

    private final ChangePeriods periods;
    private final Pricer pricer;
    final Dict models = new Dict(), teams = new Dict();
    final Map<Key, Acc[]> groups = new HashMap<>();
    /** Requests of unpriced models per period, and their names (redacted). */
    final long[] unpriced = new long[2];
    final long[] requests = new long[2];
    final long[] failed = new long[2];
    final Map<Integer, long[]> unpricedByModel = new HashMap<>();
    final Map<Integer, long[]> unpricedByTeam = new HashMap<>();
    /** The price versions (effective dates) that priced each model in each period. */
    final Map<Integer, TreeSet<String>[]> versions = new HashMap<>();
    private final RepeatedRequests.Ledger<Added> ledger = new RepeatedRequests.Ledger<>(Added::new, this::undo);

    record Key(int team, int model, boolean billed, boolean error) {
    }

    /** One period's sums for one group. */
    static final class Acc {
        long count;
        final double[] tokens = new double[KINDS];
        final double[] cost = new double[KINDS];
        final double[] refCost = new double[KINDS];
        double billed;

        double promptTokens() {
            return tokens[INPUT] + tokens[CACHE_READ] + tokens[CACHE_WRITE] + tokens[CACHE_WRITE_1H];
        }

        double totalCost() {
            double c = billed;
            for (double v : cost) {
                c += v;
            }
            return c;
        }
    }

    /** What one request added, to take it back out when a later copy of its request id replaces it. */
    static final class Added {
        int period = -1;
        Acc acc;
        long[] unpricedSlot;
        long[] unpricedTeamSlot;
        boolean error;
        long count;
        final double[] tokens = new double[KINDS];
        final double[] cost = new double[KINDS];
        final double[] refCost = new double[KINDS];
        double billed;
    }

    public ChangeCollector(PriceBook book, LocalDate priceDate, ChangePeriods periods) {
        this.pricer = new Pricer(book, priceDate);
        this.periods = periods;
    }

    public ChangePeriods periods() {
        return periods;
    }

    @Override
    public void accept(LogRecord r) {
        int p = periods.of(r.timestampMs);
        if (p == ChangePeriods.NEITHER) {
            return;
        }
        Added a = ledger.entry(r);
        a.period = p;
        a.count = r.count;
        a.unpricedSlot = null;
        a.error = r.error;
        requests[p] += r.count;
        if (r.error) {
            failed[p] += r.count;
        }
        int model = models.id(r.model);
        if (r.costAsLogged) {
            a.acc = acc(p, new Key(teams.id(r.team), model, true, r.error));
            a.billed = Double.isNaN(r.loggedCostUsd) ? 0 : r.loggedCostUsd;
            java.util.Arrays.fill(a.tokens, 0);
            java.util.Arrays.fill(a.cost, 0);
            java.util.Arrays.fill(a.refCost, 0);
            a.acc.count += a.count;
            a.acc.billed += a.billed;
            return;
        }
        PriceBook.Resolution res = pricer.resolve(r.model, r.provider);
        if (res == null) {
            a.acc = null;
            a.unpricedSlot = unpricedByModel.computeIfAbsent(model, k -> new long[2]);
            a.unpricedSlot[p] += r.count;
            a.unpricedTeamSlot = unpricedByTeam.computeIfAbsent(teams.id(r.team), k -> new long[2]);
            a.unpricedTeamSlot[p] += r.count;
            unpriced[p] += r.count;
            return;
        }
        a.billed = 0;
        PriceEntry e = res.entry();
        PriceVersion v = pricer.version(e, r.timestampMs);
        PriceVersion ref = pricer.priceDate() != null ? e.at(pricer.priceDate()) : e.latest();
        Usage u = r.usage;
        CostCalculator.Applied paid = CostCalculator.rates(v, u, r.batch);
        CostCalculator.Applied atRef = CostCalculator.rates(ref, u, r.batch);
        a.tokens[INPUT] = u.inputTokens();
        a.tokens[CACHE_READ] = u.cacheReadTokens();
        a.tokens[CACHE_WRITE] = u.cacheWriteTokens();
        a.tokens[CACHE_WRITE_1H] = u.cacheWrite1hTokens();
        a.tokens[OUTPUT] = u.outputTokens();
        rates(paid, a.tokens, a.cost);
        rates(atRef, a.tokens, a.refCost);
        a.acc = acc(p, new Key(teams.id(r.team), model, false, r.error));
        a.acc.count += a.count;
        for (int k = 0; k < KINDS; k++) {
            a.acc.tokens[k] += a.tokens[k];
            a.acc.cost[k] += a.cost[k];
            a.acc.refCost[k] += a.refCost[k];
        }
        @SuppressWarnings("unchecked")
        TreeSet<String>[] seen = versions.computeIfAbsent(model, k -> new TreeSet[]{new TreeSet<>(), new TreeSet<>()});
        seen[p].add(v.effective() == null ? "undated" : v.effective().toString());
    }

    private static void rates(CostCalculator.Applied a, double[] tokens, double[] out) {
        out[INPUT] = tokens[INPUT] * a.input();
        out[CACHE_READ] = tokens[CACHE_READ] * a.cacheRead();
        out[CACHE_WRITE] = tokens[CACHE_WRITE] * a.cacheWrite();
        out[CACHE_WRITE_1H] = tokens[CACHE_WRITE_1H] * a.cacheWrite1h();
        out[OUTPUT] = tokens[OUTPUT] * a.output();
    }

    private Acc acc(int period, Key k) {
        return groups.computeIfAbsent(k, x -> new Acc[]{new Acc(), new Acc()})[period];
    }

    private void undo(Added a) {
        if (a.period < 0) {
            return;
        }
        requests[a.period] -= a.count;
        if (a.error) {
            failed[a.period] -= a.count;
        }
        if (a.unpricedSlot != null) {
            a.unpricedSlot[a.period] -= a.count;
            a.unpricedTeamSlot[a.period] -= a.count;
            unpriced[a.period] -= a.count;
            return;
        }
        a.acc.count -= a.count;
        a.acc.billed -= a.billed;
        for (int k = 0; k < KINDS; k++) {
            a.acc.tokens[k] -= a.tokens[k];
            a.acc.cost[k] -= a.cost[k];
            a.acc.refCost[k] -= a.refCost[k];
        }
    }

    /** The decomposition of what was collected. */
    public ChangeResult finish() {
        return new ChangeDecomposition(this).result();
    }
}
