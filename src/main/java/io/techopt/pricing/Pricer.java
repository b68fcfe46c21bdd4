package io.techopt.pricing;

import io.techopt.core.Usage;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prices requests from a price book: each at the prices in effect on its own day, or all at one
 * {@code --price-date}. The one place that decides which price version applies.
 */
public final class Pricer {
    private static final long DAY_MS = 86_400_000L;

    private final PriceBook book;
    private final LocalDate priceDate;
    private final Map<String, Object> resolved = new ConcurrentHashMap<>();
    private static final Object NONE = new Object();
    private final PricesUsed used;

    public Pricer(PriceBook book, LocalDate priceDate) {
        this.book = book;
        this.priceDate = priceDate;
        this.used = new PricesUsed(priceDate);
    }

    /** Which dated price priced each model so far, through {@link #cost} and {@link #versionUsed}. */
    public PricesUsed used() {
        return used;
    }

    public PriceBook book() {
        return book;
    }

    public LocalDate priceDate() {
        return priceDate;
    }

    /** The catalog entry for a logged model, or null when unpriced. */
    public PriceBook.Resolution resolve(String model, String provider) {
        Object r = resolved.computeIfAbsent(model + '\u0000' + (provider == null ? "" : provider), k -> {
            PriceBook.Resolution res = book.resolve(model, provider);
            return res == null ? NONE : res;
        });
        return r == NONE ? null : (PriceBook.Resolution) r;
    }

    /** The prices that apply to a request made at ts (epoch ms). */
    public PriceVersion version(PriceEntry e, long ts) {
        if (priceDate != null) {
            return e.at(priceDate);
        }
        return e.isDated() ? e.at(day(ts)) : e.latest();
    }

    /**
     * {@link #version} for a simulated request of {@code model} (route-sim's candidates): the price it uses is recorded in
     * {@link #used} without counting a logged request.
     */
    public PriceVersion versionUsed(String model, PriceEntry e, long ts) {
        PriceVersion v = version(e, ts);
        used.record(model, e, v, priceDate != null ? priceDate : day(ts), 0);
        return v;
    }

    private static LocalDate day(long ts) {
        return LocalDate.ofEpochDay(Math.floorDiv(ts, DAY_MS));
    }

    /** Cost of one logged request in USD; NaN when its model is unpriced. The price it used is recorded in {@link #used}. */
    public double cost(String model, String provider, long ts, Usage u, boolean batch) {
        PriceBook.Resolution r = resolve(model, provider);
        if (r == null) {
            return Double.NaN;
        }
        PriceVersion v = version(r.entry(), ts);
        used.record(model, r.entry(), v, priceDate != null ? priceDate : day(ts), 1);
        return CostCalculator.cost(v, u, batch);
    }

    /**
     * Cost of a simulated request (a compressed prompt, a matrix prompt on a candidate model): the price it uses is
     * recorded in {@link #used} without counting a logged request, so a log's requests are counted once.
     */
    public double simulatedCost(String model, String provider, long ts, Usage u, boolean batch) {
        PriceBook.Resolution r = resolve(model, provider);
        return r == null ? Double.NaN : CostCalculator.cost(versionUsed(model, r.entry(), ts), u, batch);
    }
}
