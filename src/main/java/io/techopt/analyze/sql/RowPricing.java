package io.techopt.analyze.sql;

import io.techopt.core.Usage;
import io.techopt.pricing.CostCalculator;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.PriceEntry;
import io.techopt.pricing.PriceVersion;
import io.techopt.pricing.Pricer;

/**
 * What AnalyzeSql's queries need of techopt's own pricing, one stored row at a time (never prices re-done in SQL): a
 * row's price, the prompt cache's saving on a row, and analyze's latency bin. The Spark job calls it as UDFs, the DuckDB
 * runner in a pass over the rows.
 */
public final class RowPricing {
    /**
     * A row's price, as analyze's pricing pass makes it: cost (the logged cost of a billing export, null without a price),
     * the same usage at standard and at batch rates, whether a catalog prices the model, and its prompt cache's minimum
     * cacheable tokens (null: no prompt cache).
     */
    public record Price(Double cost, Double stdCost, Double batchCost, boolean priced, Long promptCacheMin) {
    }

    private final Pricer pricer;

    public RowPricing(Pricer pricer) {
        this.pricer = pricer;
    }

    public Price price(String model, String provider, long ms, long in, long cr, long cw, long cw1h, long out, long reas,
                       boolean batch, boolean costAsLogged, Double logged) {
        PriceBook.Resolution r = pricer.resolve(model, provider);
        PriceEntry e = r == null ? null : r.entry();
        Usage u = new Usage(in, cr, cw, cw1h, out, reas);
        PriceVersion v = e == null ? null : pricer.version(e, ms);
        Double cost = costAsLogged ? logged : v == null ? null : CostCalculator.cost(v, u, batch);
        if (cost != null && Double.isNaN(cost)) {
            cost = null;
        }
        return new Price(cost, v == null ? null : CostCalculator.cost(v, u, false),
                v == null ? null : CostCalculator.cost(v, u, true), e != null,
                e != null && e.supportsPromptCache() ? (Long) (long) e.promptCacheMinTokens() : null);
    }

    /**
     * What the prompt cache changes in one request's cost (analyze's PromptCacheLever): with a hit, the prefix read at
     * the cache-read rate and the rest of it written; else the prefix written (a negative saving: the write premium).
     */
    public double promptCacheSaving(String model, String provider, long ms, long in, long cr, long cw, long cw1h, long out,
                                    long reas, boolean batch, long hitTokens, long writeTokens) {
        PriceEntry e = pricer.resolve(model, provider).entry();
        PriceVersion v = pricer.version(e, ms);
        Usage u = new Usage(in, cr, cw, cw1h, out, reas);
        double base = CostCalculator.cost(v, u, batch);
        if (hitTokens > 0) {
            long read = Math.min(hitTokens, in);
            long write = Math.min(Math.max(0, writeTokens - hitTokens), in - read);
            return base - CostCalculator.cost(v, new Usage(in - read - write, read, write, 0, out, reas), batch);
        }
        long write = Math.min(writeTokens, in);
        return base - CostCalculator.cost(v, new Usage(in - write, 0, write, 0, out, reas), batch);
    }

    /** analyze's latency histogram: the bin of {@code x} among 20 log-spaced bins from {@code lo}. */
    public static int latencyBin(double x, double lo, double step) {
        return x <= lo ? 0 : (int) Math.min(19, Math.floor(Math.log(x / lo) / step));
    }
}
