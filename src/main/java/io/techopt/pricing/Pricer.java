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

    public Pricer(PriceBook book, LocalDate priceDate) {
        this.book = book;
        this.priceDate = priceDate;
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
        return e.isDated() ? e.at(LocalDate.ofEpochDay(Math.floorDiv(ts, DAY_MS))) : e.latest();
    }

    /** Cost of one request in USD; NaN when its model is unpriced. */
    public double cost(String model, String provider, long ts, Usage u, boolean batch) {
        PriceBook.Resolution r = resolve(model, provider);
        return r == null ? Double.NaN : CostCalculator.cost(version(r.entry(), ts), u, batch);
    }
}
