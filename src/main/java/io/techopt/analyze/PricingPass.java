package io.techopt.analyze;

import io.techopt.core.TokenSums;
import io.techopt.core.Usage;
import io.techopt.pricing.CostCalculator;
import io.techopt.pricing.PriceEntry;
import io.techopt.pricing.PriceVersion;
import io.techopt.pricing.PricesUsed;
import io.techopt.stats.DoubleList;

import java.util.HashMap;
import java.util.Map;

/**
 * One pass over the stored requests in file order: each live row priced (its billed cost as logged, NaN without a
 * price), the log's totals, its latencies, the logged-versus-recomputed billing check, and the per-model figures
 * ({@link ModelTable}); which dated price priced each model goes to {@link PricesUsed}.
 */
final class PricingPass {
    /** Each row's cost; NaN: its model has no price (and dead rows). */
    final double[] cost;
    long requests, errors, priced, costAsLogged, loggedN;
    double total, loggedSum, recomputedSum;
    TokenSums tokens = TokenSums.ZERO;
    long minTs = Long.MAX_VALUE, maxTs = Long.MIN_VALUE;
    final DoubleList latencies;
    final ModelTable models = new ModelTable();

    private PricingPass(int n, int withLatency) {
        cost = new double[n];
        latencies = new DoubleList(withLatency);
    }

    static PricingPass of(RequestStore s, PricesUsed pricesUsed) {
        RequestTable t = s.t;
        int n = t.n;
        // count first, so that latency lists are allocated once at their final size
        int withLatency = 0;
        Map<Integer, int[]> latenciesPerModel = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (t.live(i) && !Double.isNaN(t.latency(i))) {
                withLatency++;
                latenciesPerModel.computeIfAbsent(t.model(i), k -> new int[1])[0]++;
            }
        }
        PricingPass p = new PricingPass(n, withLatency);
        for (int i = 0; i < n; i++) {
            if (t.live(i)) {
                p.cost[i] = p.price(s, i, pricesUsed, latenciesPerModel);
            }
        }
        return p;
    }

    /** A pass that keeps no cost per row: rows are priced as they come, chunk by chunk, and then dropped (SpendSink). */
    static PricingPass streamed() {
        return new PricingPass(0, 0);
    }

    /** Prices live row {@code i} into the totals, the model table and {@code pricesUsed}; returns its cost (NaN: no price). */
    double price(RequestStore s, int i, PricesUsed pricesUsed, Map<Integer, int[]> latenciesPerModel) {
        RequestTable t = s.t;
        PriceEntry e = s.entry(i);
        Usage u = s.usage(i);
        boolean billed = t.is(i, RequestTable.COST_AS_LOGGED);
        PriceVersion v = billed || e == null ? null : s.version(e, i);
        double c = billed ? t.logged(i) : e == null ? Double.NaN : CostCalculator.cost(v, u, t.is(i, RequestTable.BATCH));
        if (billed) {
            costAsLogged += t.count(i);
        }
        long n = t.count(i);
        requests += n;
        if (t.is(i, RequestTable.ERROR)) {
            errors += n;
        }
        tokens = tokens.plus(u);
        if (!Double.isNaN(c)) {
            total += c;
            priced += n;
            if (!Double.isNaN(t.logged(i)) && !billed) {
                loggedN++;
                loggedSum += t.logged(i);
                recomputedSum += c;
            }
        }
        if (!Double.isNaN(t.latency(i))) {
            latencies.add(t.latency(i));
        }
        minTs = Math.min(minTs, t.ts(i));
        maxTs = Math.max(maxTs, t.ts(i));
        models.add(s, i, u, c, latenciesPerModel);
        if (v != null) {
            pricesUsed.record(s.models.name(t.model(i)), e, v, s.pricedOn(i), n);
        }
        return c;
    }

    /** The note on requests whose cost is their billed one, as logged (null: none). */
    String billedNote() {
        return costAsLogged == 0 ? null : costAsLogged + " requests come from a billing or cost-only export: their billed cost is used as is";
    }
}
