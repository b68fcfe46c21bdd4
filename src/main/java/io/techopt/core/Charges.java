package io.techopt.core;

import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A log's charges as tablesaw columns, a row a {@link Charge} (its fields say what each column holds), and the
 * requests of unpriced models, which no charge can state a price for. Filled once after the log is read (analyze's
 * {@code LogCharges}), in the file's row order; read by row index (forecast's {@code FocusCsv}) or as {@link Charge}
 * records ({@link #charges()}, for forecast's price ratios, which filter them one by one). Not tablesaw's
 * {@code Table} (ARCHITECTURE.md). A StringColumn keeps no null (it stores null as "", its missing value), while a log
 * may name a provider or team "": which text cells are null is a bit a column in {@code nulls}.
 */
public final class Charges {
    private final DateColumn day = DateColumn.create("day"), priceEffective = DateColumn.create("price_effective");
    private final StringColumn provider = StringColumn.create("provider"), providerRaw = StringColumn.create("provider_raw"),
            model = StringColumn.create("model"), team = StringColumn.create("team"),
            priceKey = StringColumn.create("price_key"), kind = StringColumn.create("kind"), sku = StringColumn.create("sku"),
            catalogProvider = StringColumn.create("catalog_provider");
    private final DoubleColumn usdPerToken = DoubleColumn.create("usd_per_token"), costUsd = DoubleColumn.create("cost_usd");
    private final LongColumn quantity = LongColumn.create("quantity"), requests = LongColumn.create("requests");
    /** Bit i set: the row's text column {@code text.get(i)} is null. */
    private final LongColumn nulls = LongColumn.create("nulls");
    private final List<StringColumn> text = List.of(provider, providerRaw, model, team, priceKey, kind, sku, catalogProvider);
    private long unpricedRequests;
    private List<String> unpricedModels = List.of();

    /** Adds a row at the end. */
    public void append(Charge c) {
        day.append(c.day());
        List<String> values = Arrays.asList(c.provider(), c.providerRaw(), c.model(), c.team(), c.priceKey(), c.kind(),
                c.sku(), c.catalogProvider());
        long isNull = 0;
        for (int i = 0; i < values.size(); i++) {
            text.get(i).append(values.get(i));
            isNull |= values.get(i) == null ? 1L << i : 0;
        }
        nulls.append(isNull);
        usdPerToken.append(c.usdPerToken());
        quantity.append(c.quantity());
        costUsd.append(c.costUsd());
        requests.append(c.requests());
        priceEffective.append(c.priceEffective());
    }

    /** Sets the requests of models without a price (and those models, sorted). */
    public Charges unpriced(long requests, List<String> models) {
        this.unpricedRequests = requests;
        this.unpricedModels = List.copyOf(models);
        return this;
    }

    public int size() {
        return day.size();
    }

    public LocalDate day(int row) {
        return day.get(row);
    }

    public String provider(int row) {
        return text(provider, row);
    }

    public String providerRaw(int row) {
        return text(providerRaw, row);
    }

    public String model(int row) {
        return text(model, row);
    }

    public String team(int row) {
        return text(team, row);
    }

    public String priceKey(int row) {
        return text(priceKey, row);
    }

    public String kind(int row) {
        return text(kind, row);
    }

    public String sku(int row) {
        return text(sku, row);
    }

    public double usdPerToken(int row) {
        return usdPerToken.getDouble(row);
    }

    public long quantity(int row) {
        return quantity.getLong(row);
    }

    public double costUsd(int row) {
        return costUsd.getDouble(row);
    }

    public long requests(int row) {
        return requests.getLong(row);
    }

    public LocalDate priceEffective(int row) {
        return priceEffective.get(row);
    }

    public String catalogProvider(int row) {
        return text(catalogProvider, row);
    }

    /** One row as a record. */
    public Charge row(int row) {
        return new Charge(day(row), provider(row), providerRaw(row), model(row), team(row), priceKey(row), kind(row),
                sku(row), usdPerToken(row), quantity(row), costUsd(row), requests(row), priceEffective(row),
                catalogProvider(row));
    }

    /** The rows as records, in row order. */
    public List<Charge> charges() {
        List<Charge> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            out.add(row(i));
        }
        return out;
    }

    public long unpricedRequests() {
        return unpricedRequests;
    }

    public List<String> unpricedModels() {
        return unpricedModels;
    }

    private String text(StringColumn c, int row) {
        return (nulls.getLong(row) & 1L << text.indexOf(c)) != 0 ? null : c.get(row);
    }
}
