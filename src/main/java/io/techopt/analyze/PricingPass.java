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
        double[] cost = p.cost;
        for (int i = 0; i < n; i++) {
            if (!t.live(i)) {
                continue;
            }
            PriceEntry e = s.entry(i);
            Usage u = s.usage(i);
            boolean billed = t.is(i, RequestTable.COST_AS_LOGGED);
            PriceVersion v = billed || e == null ? null : s.version(e, i);
            cost[i] = billed ? t.logged(i) : e == null ? Double.NaN : CostCalculator.cost(v, u, t.is(i, RequestTable.BATCH));
            if (billed) {
                p.costAsLogged += t.count(i);
            }
            long c = t.count(i);
            p.requests += c;
            if (t.is(i, RequestTable.ERROR)) {
                p.errors += c;
            }
            p.tokens = p.tokens.plus(u);
            if (!Double.isNaN(cost[i])) {
                p.total += cost[i];
                p.priced += c;
                if (!Double.isNaN(t.logged(i)) && !billed) {
                    p.loggedN++;
                    p.loggedSum += t.logged(i);
                    p.recomputedSum += cost[i];
                }
            }
            if (!Double.isNaN(t.latency(i))) {
                p.latencies.add(t.latency(i));
            }
            p.minTs = Math.min(p.minTs, t.ts(i));
            p.maxTs = Math.max(p.maxTs, t.ts(i));
            p.models.add(t, i, u, cost[i], latenciesPerModel);
            if (v != null) {
                pricesUsed.record(s.models.name(t.model(i)), e, v, s.pricedOn(i), t.count(i));
            }
        }
        return p;
    }
}
