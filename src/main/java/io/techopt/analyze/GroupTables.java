package io.techopt.analyze;

import io.techopt.core.DailySpend;
import io.techopt.core.Dimension;
import io.techopt.core.TokenSums;
import io.techopt.core.Usage;
import io.techopt.stats.DoubleList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.IntComparator;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.techopt.stats.Measured.nullIfNaN;

/**
 * The tables of --group-by: requests, errors, cost, tokens and latency per group of one or more dimensions, the top
 * groups by cost (by date for day) and the rest summed in one row, with notes on groups whose cost is unknown or a lower
 * bound. The day groupings also give cost-forecast its {@link DailySpend} rows, every group, untruncated.
 * <p>A table's groups are tablesaw columns ({@link Groups}, #13 item 4), filled in one pass over the requests; the
 * order and the --top rest row are read from the columns.
 */
final class GroupTables {
    /** The tables in --group-by order, and the rows of the day groupings for {@link DailySpend}. */
    record Result(List<AnalyzeResult.GroupTable> tables, List<DailySpend.Row> spendRows) {
    }

    private GroupTables() {
    }

    /**
     * The cost of each value of {@code d} (its name as logged, null for requests naming none) summed as a group table by
     * {@code d} sums it: the same requests in the same order, so the same double (review r11 #6: --compare-to's by_team
     * took its own sum, which differed in the last digits). A value whose requests are all unpriced is left out.
     */
    static Map<String, Double> costBy(RequestStore s, Dimension d, double[] cost) {
        RequestTable t = s.t;
        Map<Integer, double[]> acc = new LinkedHashMap<>();
        for (int i = 0; i < t.n; i++) {
            if (t.live(i) && !Double.isNaN(cost[i])) {
                acc.computeIfAbsent(s.dimId(d, i), k -> new double[1])[0] += cost[i];
            }
        }
        Map<String, Double> out = new java.util.HashMap<>();
        acc.forEach((id, c) -> out.put(s.dimName(d, id), c[0]));
        return out;
    }

    static Result of(RequestStore s, List<List<Dimension>> groupBys, int top, double[] cost, double total, List<String> warnings) {
        RequestTable t = s.t;
        List<AnalyzeResult.GroupTable> out = new ArrayList<>();
        List<DailySpend.Row> spendRows = new ArrayList<>();
        for (List<Dimension> dims : groupBys) {
            Fold fold = new Fold(dims);
            for (int i = 0; i < t.n; i++) {
                if (t.live(i)) {
                    fold.add(s, i, cost[i]);
                }
            }
            Groups groups = fold.groups;
            boolean byDay = dims.size() == 1 && dims.get(0) == Dimension.DAY;
            int[] order = groups.order(fold.rowOf.values(), byDay);
            spendRows.addAll(fold.spendRows(s, order));
            List<AnalyzeResult.GroupRow> rows = new ArrayList<>();
            Map<String, Counts> shown = new LinkedHashMap<>();
            Groups rest = new Groups(List.of());
            int r = rest.append(List.of());
            int restGroups = 0;
            for (int o = 0; o < order.length; o++) {
                int g = order[o];
                if (!byDay && o >= top) {
                    rest.addRow(r, groups, g);
                    restGroups++;
                    continue;
                }
                Map<String, String> key = new LinkedHashMap<>();
                for (int d = 0; d < dims.size(); d++) {
                    key.put(dims.get(d).id(), groups.name(s, d, g));
                }
                rows.add(groups.row(g, key, total));
                shown.put(key.entrySet().stream().map(k -> k.getKey() + "=" + k.getValue())
                        .collect(Collectors.joining(" ")), groups.counts(g));
            }
            if (restGroups > 0) {
                Map<String, String> key = new LinkedHashMap<>();
                for (Dimension d : dims) {
                    key.put(d.id(), "(" + restGroups + " more)");
                }
                rows.add(rest.row(r, key, total));
                shown.put("(" + restGroups + " more)", rest.counts(r));
            }
            AnalyzeLayout.providerGroupNotes(dims.stream().map(Dimension::id).collect(Collectors.joining("+")), fold.fromName,
                    fold.fromCatalog, warnings);
            unpricedGroupNotes(dims, shown, groups, warnings);
            out.add(new AnalyzeResult.GroupTable(dims.stream().map(Dimension::id).toList(), rows, groups.rows()));
        }
        return new Result(out, spendRows);
    }

    /**
     * One grouping's groups summed row by row, in row order (a reader folding chunks of rows adds each as it comes), with
     * the requests whose provider group comes from the model's name or its catalog.
     */
    static final class Fold {
        private final List<Dimension> dims;
        private final Groups groups;
        /** A group's row by its key; a HashMap, as before, as its order is the order of ties below. */
        private final Map<List<Object>, Integer> rowOf = new HashMap<>();
        private long fromCatalog, fromName;

        Fold(List<Dimension> dims) {
            this.dims = dims;
            this.groups = new Groups(dims);
        }

        /** Live row {@code i}, of cost {@code cost} (NaN: no price). */
        void add(RequestStore s, int i, double cost) {
            if (dims.contains(Dimension.PROVIDER) && s.t.provider(i) < 0) {
                if (s.namedProvider(i) >= 0) {
                    fromName++;
                } else if (s.catalogProvider(i) >= 0) {
                    fromCatalog++;
                }
            }
            List<Object> key = new ArrayList<>(dims.size());
            for (Dimension d : dims) {
                key.add(d == Dimension.DAY ? (Object) s.day(i) : (Object) s.dimId(d, i));
            }
            // computeIfAbsent, as before: it grows the map at other sizes than put, and so orders it otherwise
            groups.add(rowOf.computeIfAbsent(key, groups::append), s.t, i, s.usage(i), cost);
        }

        /** A day grouping's rows for {@link DailySpend}, in the table's order (by date, else by cost), every group untruncated. */
        List<DailySpend.Row> spendRows(RequestStore s) {
            return spendRows(s, groups.order(rowOf.values(), dims.size() == 1 && dims.get(0) == Dimension.DAY));
        }

        private List<DailySpend.Row> spendRows(RequestStore s, int[] order) {
            List<DailySpend.Row> out = new ArrayList<>();
            if (dims.get(0) == Dimension.DAY && dims.size() <= 2) {
                // every group, untruncated by --top: the port carries days as dates, not as the table's strings
                Dimension d = dims.size() == 2 ? dims.get(1) : null;
                for (int g : order) {
                    out.add(new DailySpend.Row(LocalDate.ofEpochDay(groups.key.get(0).getLong(g)), d,
                            d == null ? null : groups.name(s, 1, g), groups.cost.getDouble(g), groups.requests.getLong(g),
                            groups.unpriced.getLong(g)));
                }
            }
            return out;
        }
    }

    /**
     * The notes on a group table's cost of unpriced requests (null for groups of only those, a lower bound for the rest),
     * worded once in {@link AnalyzeLayout#unpricedGroupNotes}, which the Spark job's tables use too.
     */
    private static void unpricedGroupNotes(List<Dimension> dims, Map<String, Counts> shown, Groups groups,
                                           List<String> warnings) {
        if (groups.noneUnpriced() || groups.allUnpriced()) {
            return; // none unpriced; or none priced, which the first warning says of every cost figure
        }
        Map<String, long[]> counts = new LinkedHashMap<>();
        shown.forEach((name, g) -> counts.put(name, new long[]{g.requests(), g.unpriced()}));
        AnalyzeLayout.unpricedGroupNotes(dims.stream().map(Dimension::id).collect(Collectors.joining("+")), counts, warnings);
    }

    private static double share(double usd, double total) {
        return total > 0 ? usd / total : 0;
    }

    /** A shown row's requests and those of them without a price, for {@link #unpricedGroupNotes}. */
    private record Counts(long requests, long unpriced) {
    }

    /**
     * The groups of one --group-by as a table of tablesaw columns, a row a group in the order first seen: a key column
     * a dimension (the epoch day, or the dimension's id), requests, errors, requests without a price, priced cost and
     * the token sums, each summed in request order (the same doubles as before). A row's latencies are a list beside
     * the columns, not a column: p50/p95 are {@code stats.Percentiles}' (numpy's linear), not tablesaw's (#13 item 4).
     * Columns, not tablesaw's {@code Table} (ARCHITECTURE.md): the rows are found by a map keyed on the group's key,
     * and the order is an index sort over the columns.
     */
    private static final class Groups {
        final List<LongColumn> key = new ArrayList<>();
        final LongColumn requests = LongColumn.create("requests"), errors = LongColumn.create("errors");
        /** Requests of models without a price: a group of only those has an unknown cost (null), not $0. */
        final LongColumn unpriced = LongColumn.create("unpriced_requests");
        final DoubleColumn cost = DoubleColumn.create("cost_usd");
        final TokenColumns tokens = new TokenColumns();
        final List<DoubleList> latency = new ArrayList<>();
        private final List<Dimension> dims;

        Groups(List<Dimension> dims) {
            this.dims = dims;
            for (Dimension d : dims) {
                key.add(LongColumn.create(d.id()));
            }
        }

        int rows() {
            return requests.size();
        }

        /** A row of zeros for a group of this key (epoch days as Long, dimension ids as Integer); its index. */
        int append(List<Object> k) {
            for (int d = 0; d < k.size(); d++) {
                key.get(d).append(((Number) k.get(d)).longValue());
            }
            for (LongColumn c : List.of(requests, errors, unpriced)) {
                c.append(0L);
            }
            tokens.appendZeros();
            cost.append(0.0);
            latency.add(new DoubleList());
            return rows() - 1;
        }

        /** Request {@code i} of the store into row {@code g}. */
        void add(int g, RequestTable t, int i, Usage u, double c) {
            plus(requests, g, t.count(i));
            if (t.is(i, RequestTable.ERROR)) {
                plus(errors, g, t.count(i));
            }
            tokens.add(g, u);
            if (!Double.isNaN(c)) {
                cost.set(g, cost.getDouble(g) + c);
            } else {
                plus(unpriced, g, t.count(i));
            }
            if (!Double.isNaN(t.latency(i))) {
                latency.get(g).add(t.latency(i));
            }
        }

        /** Row {@code o} of {@code from} summed into row {@code g} (the --top rest row). */
        void addRow(int g, Groups from, int o) {
            plus(requests, g, from.requests.getLong(o));
            plus(errors, g, from.errors.getLong(o));
            plus(unpriced, g, from.unpriced.getLong(o));
            tokens.add(g, from.tokens.get(o));
            cost.set(g, cost.getDouble(g) + from.cost.getDouble(o));
            DoubleList l = from.latency.get(o);
            for (int j = 0; j < l.size(); j++) {
                latency.get(g).add(l.raw()[j]);
            }
        }

        private static void plus(LongColumn c, int row, long n) {
            c.set(row, c.getLong(row) + n);
        }

        /** The name of row {@code g}'s value of its {@code d}-th dimension, as the report shows it. */
        String name(RequestStore s, int d, int g) {
            long v = key.get(d).getLong(g);
            return s.dimName(dims.get(d), dims.get(d) == Dimension.DAY ? (Object) v : (Object) (int) v);
        }

        /**
         * The rows in the report's order: by date for day, else by cost then requests, both descending, ties in the
         * order first seen (the group's first live request in read order): an order a query can give too (the store's
         * SQL, AnalyzeSql#groups' first_pos), not the key map's.
         */
        int[] order(Collection<Integer> rows, boolean byDay) {
            int[] o = rows.stream().mapToInt(Integer::intValue).toArray();
            IntComparator c = byDay ? (a, b) -> Long.compare(key.get(0).getLong(a), key.get(0).getLong(b))
                    : (a, b) -> {
                        int byCost = Double.compare(-cost.getDouble(a), -cost.getDouble(b));
                        int byRequests = byCost != 0 ? byCost : Long.compare(-requests.getLong(a), -requests.getLong(b));
                        return byRequests != 0 ? byRequests : Integer.compare(a, b); // rows are appended as first seen
                    };
            IntArrays.mergeSort(o, c);
            return o;
        }

        Counts counts(int g) {
            return new Counts(requests.getLong(g), unpriced.getLong(g));
        }

        boolean noneUnpriced() {
            for (int g = 0; g < rows(); g++) {
                if (unpriced.getLong(g) > 0) {
                    return false;
                }
            }
            return true;
        }

        boolean allUnpriced() {
            for (int g = 0; g < rows(); g++) {
                if (unpriced.getLong(g) < requests.getLong(g)) {
                    return false;
                }
            }
            return true;
        }

        AnalyzeResult.GroupRow row(int g, Map<String, String> key, double total) {
            double[] p = latency.get(g).percentiles(0.5, 0.95);
            long n = requests.getLong(g), e = errors.getLong(g);
            double usd = cost.getDouble(g);
            boolean unknown = n > 0 && unpriced.getLong(g) >= n; // as by_model: an unpriced model's cost is null
            TokenSums tok = tokens.get(g);
            return new AnalyzeResult.GroupRow(key, n, e, n == 0 ? 0 : (double) e / n, unknown ? null : usd,
                    unknown ? null : share(usd, total), tok.input(), tok.cacheRead(), tok.cacheWrite(),
                    tok.cacheWrite1h(), tok.output(), tok.reasoning(),
                    new AnalyzeResult.ShortLatency(nullIfNaN(p[0]), nullIfNaN(p[1])));
        }
    }
}
