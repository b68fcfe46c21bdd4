package io.techopt.analyze;

import io.techopt.pricing.CostCalculator;
import io.techopt.pricing.PriceEntry;

/** The saving realized by requests sent through a Batch API, from their own usage (the report's batch_api). */
final class BatchApiUse {
    private BatchApiUse() {
    }

    static AnalyzeResult.BatchApi of(RequestStore s, double[] cost) {
        RequestTable t = s.t;
        long n = 0;
        double paid = 0, standard = 0;
        for (int i = 0; i < t.n; i++) {
            if (!t.live(i) || !t.is(i, RequestTable.BATCH) || Double.isNaN(cost[i]) || t.is(i, RequestTable.COST_AS_LOGGED)) {
                continue;
            }
            PriceEntry e = s.entry(i);
            n += t.count(i);
            paid += cost[i];
            standard += CostCalculator.cost(s.version(e, i), s.usage(i), false);
        }
        return new AnalyzeResult.BatchApi(n, paid, standard, standard - paid);
    }
}
