package io.techopt.pricing;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which dated price priced each logged model (issue 12 defect 9), for every command that prices requests: the catalog
 * key and catalog, the newest dated price used ({@code price_effective}; null for an undated catalog such as LiteLLM's),
 * and the requests priced at a price dated after their own day (or after {@code --price-date}), which get a warning.
 * The one place these figures and their warning text are made: {@link Pricer#cost} records into it, and analyze records
 * its rows into one of its own.
 */
public final class PricesUsed {
    /** One model as priced: {@code price_key}, {@code price_catalog} and {@code price_effective} as analyze's by_model names them. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Row(String model, String priceKey, String priceCatalog, String priceEffective) {
    }

    private static final class Acc {
        final PriceEntry entry;
        LocalDate newest;
        long beforeFirst;
        boolean anyBeforeFirst;

        Acc(PriceEntry entry) {
            this.entry = entry;
        }
    }

    private final LocalDate priceDate;
    private final Map<String, Acc> byModel = new ConcurrentHashMap<>();

    public PricesUsed(LocalDate priceDate) {
        this.priceDate = priceDate;
    }

    /**
     * {@code requests} requests of {@code model} (as logged) priced at {@code v} of {@code e}, on day {@code pricedOn}
     * (the request's day, or --price-date). {@code requests} 0 records a price used for a simulated request (route-sim's
     * candidate models): it names the price, and a price used before its date is warned about without a count.
     */
    public void record(String model, PriceEntry e, PriceVersion v, LocalDate pricedOn, long requests) {
        Acc a = byModel.computeIfAbsent(model, k -> new Acc(e));
        boolean before = e.isDated() && pricedOn != null && pricedOn.isBefore(e.versions().get(0).effective());
        synchronized (a) {
            if (v.effective() != null && (a.newest == null || v.effective().isAfter(a.newest))) {
                a.newest = v.effective();
            }
            if (before) {
                a.beforeFirst += requests;
                a.anyBeforeFirst = true;
            }
        }
    }

    /** The effective date of the newest dated price that priced {@code model}; null when unpriced or undated. */
    public String effective(String model) {
        Acc a = byModel.get(model);
        return a == null || a.newest == null ? null : a.newest.toString();
    }

    public boolean isEmpty() {
        return byModel.isEmpty();
    }

    /** Every priced model, by name. */
    public List<Row> rows() {
        List<Row> out = new ArrayList<>();
        for (var en : byModel.entrySet()) {
            Acc a = en.getValue();
            out.add(new Row(en.getKey(), a.entry.key(), a.entry.catalog(), a.newest == null ? null : a.newest.toString()));
        }
        out.sort(Comparator.comparing(Row::model));
        return out;
    }

    /** The warning for {@code model} when a price was used before the date it took effect, else null. */
    public String warning(String model) {
        Acc a = byModel.get(model);
        if (a == null || !a.anyBeforeFirst) {
            return null;
        }
        LocalDate first = a.entry.versions().get(0).effective();
        String price = "(" + first + ", '" + a.entry.key() + "' in " + a.entry.catalog() + ")";
        if (priceDate != null) {
            return "model '" + model + "': --price-date " + priceDate + " is before its first price " + price
                    + ": priced at the " + first + " price";
        }
        return a.beforeFirst > 0
                ? "model '" + model + "': " + a.beforeFirst + " requests dated before its first price " + price
                        + " priced at the " + first + " price"
                : "model '" + model + "': requests dated before its first price " + price + " priced at the " + first + " price";
    }

    /** The warnings of every model, by name. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (Row r : rows()) {
            String w = warning(r.model());
            if (w != null) {
                out.add(w);
            }
        }
        return out;
    }

    /** Why a row's price_effective is null: the note every report carries beside a null figure. */
    public List<String> notes() {
        List<String> undated = rows().stream().filter(r -> r.priceEffective() == null).map(Row::model).toList();
        return undated.isEmpty() ? List.of()
                : List.of("prices_used price_effective is null for " + String.join(", ", undated) + ": its catalog carries no dated prices");
    }
}
