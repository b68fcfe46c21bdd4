package io.techopt.analyze;

import io.techopt.core.TokenSums;
import io.techopt.core.Usage;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.PriceEntry;
import io.techopt.pricing.PricesUsed;
import io.techopt.stats.DoubleList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.techopt.stats.Measured.nullIfNaN;

/**
 * The by_model table: requests, cost, tokens, latency, errors and price of each model, and the models without a price.
 * Accumulators, not tablesaw columns (#13 item 4): they are fed a request at a time by analyze's pricing pass (the
 * per-record path tablesaw stays off), a row's latency p50/p95 is a percentile of the model's own latencies (no column
 * of lists; percentiles are {@code stats.Percentiles}'), and the rows become the report's records at once, sorted by
 * cost and name: a few rows per model that columns would only copy. See {@link GroupTables} for the same reasons.
 */
final class ModelTable {
    private final Map<Integer, ModelAcc> byModel = new LinkedHashMap<>();

    /** The table's rows (most expensive first) and the unpriced models, in the order first seen. */
    record Rows(List<AnalyzeResult.ModelRow> rows, List<AnalyzeResult.Unpriced> unpriced) {
    }

    /** @param latencies per model, how many of its requests log a latency (its list's final size) */
    void add(RequestTable t, int i, Usage u, double cost, Map<Integer, int[]> latencies) {
        byModel.computeIfAbsent(t.model(i), k -> new ModelAcc(latencies.getOrDefault(k, new int[1])[0])).add(t, i, u, cost);
    }

    /** The rows, with a warning for each model priced at an extrapolated date or without a price. */
    Rows rows(RequestStore s, PriceBook book, PricesUsed pricesUsed, List<String> warnings) {
        List<AnalyzeResult.ModelRow> modelRows = new ArrayList<>();
        List<AnalyzeResult.Unpriced> unpriced = new ArrayList<>();
        for (var en : byModel.entrySet()) {
            int id = en.getKey();
            String name = s.models.name(id);
            ModelAcc m = en.getValue();
            PriceBook.Resolution res = s.resolution(m.firstRow);
            double[] mp = m.latency.percentiles(0.5, 0.95);
            PriceEntry pe = res == null ? null : res.entry();
            boolean noPrice = res == null && m.billed < m.requests; // billed rows carry their own cost
            modelRows.add(new AnalyzeResult.ModelRow(name, m.requests, noPrice ? null : m.cost,
                    m.tokens.input(), m.tokens.output(), new AnalyzeResult.ShortLatency(nullIfNaN(mp[0]), nullIfNaN(mp[1])), m.tokens.cacheRead(),
                    m.tokens.cacheWrite(), m.tokens.cacheWrite1h(), m.tokens.reasoning(), m.errors, m.requests == 0 ? 0 : (double) m.errors / m.requests,
                    pe == null ? null : pe.key(), pe == null ? null : pe.catalog(), pricesUsed.effective(name)));
            String extrapolated = pricesUsed.warning(name);
            if (extrapolated != null) {
                warnings.add(extrapolated);
            }
            if (noPrice) {
                unpriced.add(new AnalyzeResult.Unpriced(name, m.requests, m.tokens.input(), m.tokens.output(),
                        m.tokens.cacheRead(), m.tokens.cacheWrite(), m.tokens.reasoning()));
                List<String> dated = book.namesThatWouldPrice(name, 3);
                warnings.add("model '" + name + "' has no price (" + m.requests
                        + (m.requests == 1 ? " request" : " requests") + " excluded from cost_usd): add it with --prices FILE" + (dated.isEmpty() ? ""
                        : "; the price book has " + String.join(", ", dated) + ", which would price it if logged under that "
                        + "name (a dated name resolves to its short one, not a short one to a dated price: pricing.md)"));
            }
        }
        modelRows.sort(Comparator.comparing((AnalyzeResult.ModelRow r) -> r.costUsd() == null ? -1 : r.costUsd()).reversed()
                .thenComparing(AnalyzeResult.ModelRow::model));
        return new Rows(modelRows, unpriced);
    }

    private static final class ModelAcc {
        long requests, errors, billed;
        TokenSums tokens = TokenSums.ZERO;
        double cost;
        int firstRow = -1;
        final DoubleList latency;

        ModelAcc(int latencies) {
            latency = new DoubleList(latencies);
        }

        void add(RequestTable t, int i, Usage u, double c) {
            if (firstRow < 0) {
                firstRow = i;
            }
            requests += t.count(i);
            if (t.is(i, RequestTable.ERROR)) {
                errors += t.count(i);
            }
            if (t.is(i, RequestTable.COST_AS_LOGGED)) {
                billed += t.count(i);
            }
            tokens = tokens.plus(u);
            if (!Double.isNaN(c)) {
                cost += c;
            }
            if (!Double.isNaN(t.latency(i))) {
                latency.add(t.latency(i));
            }
        }
    }
}
