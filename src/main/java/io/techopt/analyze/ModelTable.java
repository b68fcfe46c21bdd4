package io.techopt.analyze;

import io.techopt.core.TokenSums;
import io.techopt.core.Usage;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.PriceEntry;
import io.techopt.pricing.PricesUsed;
import io.techopt.stats.DoubleList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.techopt.stats.Measured.nullIfNaN;

/**
 * The by_model table: requests, cost, tokens, latency, errors and price of each model, and the models without a price.
 * A table of tablesaw columns (#13 item 4), a row a model in the order first seen, filled by analyze's pricing pass,
 * which runs over the stored rows after the stream; each column summed in request order (the same doubles as before).
 * A row's latencies are a list beside the columns, not a column: p50/p95 are {@code stats.Percentiles}' (numpy's
 * linear), not tablesaw's. Columns, not tablesaw's {@code Table} (ARCHITECTURE.md): a map finds a model's row, and the
 * report's order (cost descending, unpriced last, then name) is an index sort over the columns, as {@link GroupTables}.
 */
final class ModelTable {
    /** A model's row by its model id. */
    private final Map<Integer, Integer> rowOf = new HashMap<>();
    private final IntColumn model = IntColumn.create("model");
    /** Each row's price resolution, that of the model's first request (its provider too): the rows may be gone by then. */
    private final List<PriceBook.Resolution> resolution = new ArrayList<>();
    /** billed: requests whose cost is the logged one, priced or not (a model of only those has a cost without a price). */
    private final LongColumn requests = LongColumn.create("requests"), errors = LongColumn.create("errors"),
            billed = LongColumn.create("billed_requests");
    private final DoubleColumn cost = DoubleColumn.create("cost_usd");
    private final TokenColumns tokens = new TokenColumns();
    private final List<DoubleList> latency = new ArrayList<>();

    /** The table's rows (most expensive first) and the unpriced models, in the order first seen. */
    record Rows(List<AnalyzeResult.ModelRow> rows, List<AnalyzeResult.Unpriced> unpriced) {
    }

    /** @param latencies per model, how many of its requests log a latency (its list's final size) */
    void add(RequestStore s, int i, Usage u, double c, Map<Integer, int[]> latencies) {
        RequestTable t = s.t;
        int g = rowOf.computeIfAbsent(t.model(i), k -> append(k, s.resolution(i), latencies.getOrDefault(k, new int[1])[0]));
        plus(requests, g, t.count(i));
        if (t.is(i, RequestTable.ERROR)) {
            plus(errors, g, t.count(i));
        }
        if (t.is(i, RequestTable.COST_AS_LOGGED)) {
            plus(billed, g, t.count(i));
        }
        tokens.add(g, u);
        if (!Double.isNaN(c)) {
            cost.set(g, cost.getDouble(g) + c);
        }
        if (!Double.isNaN(t.latency(i))) {
            latency.get(g).add(t.latency(i));
        }
    }

    /** A row of zeros for model {@code id}, its first request priced by {@code r}; its index. */
    private int append(int id, PriceBook.Resolution r, int latencies) {
        model.append(id);
        resolution.add(r);
        for (LongColumn c : List.of(requests, errors, billed)) {
            c.append(0L);
        }
        tokens.appendZeros();
        cost.append(0.0);
        latency.add(new DoubleList(latencies));
        return model.size() - 1;
    }

    private static void plus(LongColumn c, int row, long n) {
        c.set(row, c.getLong(row) + n);
    }

    /** The rows, with a warning for each model priced at an extrapolated date or without a price. */
    Rows rows(RequestStore s, PriceBook book, PricesUsed pricesUsed, List<String> warnings) {
        int n = model.size();
        AnalyzeResult.ModelRow[] modelRows = new AnalyzeResult.ModelRow[n];
        double[] sortCost = new double[n];
        String[] names = new String[n];
        List<AnalyzeResult.Unpriced> unpriced = new ArrayList<>();
        for (int g = 0; g < n; g++) { // the order first seen: that of the warnings and of the unpriced list
            String name = s.models.name(model.getInt(g));
            names[g] = name;
            long req = requests.getLong(g), err = errors.getLong(g);
            TokenSums tok = tokens.get(g);
            PriceBook.Resolution res = resolution.get(g);
            double[] mp = latency.get(g).percentiles(0.5, 0.95);
            PriceEntry pe = res == null ? null : res.entry();
            boolean noPrice = res == null && billed.getLong(g) < req; // billed rows carry their own cost
            sortCost[g] = noPrice ? -1 : cost.getDouble(g);
            modelRows[g] = new AnalyzeResult.ModelRow(name, req, noPrice ? null : cost.getDouble(g),
                    tok.input(), tok.output(), new AnalyzeResult.ShortLatency(nullIfNaN(mp[0]), nullIfNaN(mp[1])), tok.cacheRead(),
                    tok.cacheWrite(), tok.cacheWrite1h(), tok.reasoning(), err, req == 0 ? 0 : (double) err / req,
                    pe == null ? null : pe.key(), pe == null ? null : pe.catalog(), pricesUsed.effective(name));
            String extrapolated = pricesUsed.warning(name);
            if (extrapolated != null) {
                warnings.add(extrapolated);
            }
            if (noPrice) {
                unpriced.add(new AnalyzeResult.Unpriced(name, req, tok.input(), tok.output(),
                        tok.cacheRead(), tok.cacheWrite(), tok.reasoning()));
                List<String> dated = book.namesThatWouldPrice(name, 3);
                warnings.add("model '" + name + "' has no price (" + req
                        + (req == 1 ? " request" : " requests") + " excluded from cost_usd): add it with --prices FILE" + (dated.isEmpty() ? ""
                        : "; the price book has " + String.join(", ", dated) + ", which would price it if logged under that "
                        + "name (a dated name resolves to its short one, not a short one to a dated price: pricing.md)"));
            }
        }
        // most expensive first, unpriced (-1) last, ties by name
        int[] order = new int[n];
        for (int g = 0; g < n; g++) {
            order[g] = g;
        }
        IntArrays.mergeSort(order, (a, b) -> {
            int byCost = Double.compare(sortCost[b], sortCost[a]);
            return byCost != 0 ? byCost : names[a].compareTo(names[b]);
        });
        List<AnalyzeResult.ModelRow> out = new ArrayList<>(n);
        for (int g : order) {
            out.add(modelRows[g]);
        }
        return new Rows(out, unpriced);
    }
}
