package io.techopt.analyze;

import io.techopt.core.DailySpend;
import io.techopt.core.Dimension;
import io.techopt.core.TokenSums;
import io.techopt.core.Usage;
import io.techopt.stats.DoubleList;

import java.time.LocalDate;
import java.util.ArrayList;
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
 * <p>Accumulators, not tablesaw columns (#13 item 4; ARCHITECTURE.md, "Rules that hold everywhere"): a row's p50/p95
 * latency is a percentile of the group's own latencies, and tablesaw has no column of lists; kept as a table of their
 * own (a row per request, as experiment's {@code UserTable} does) they would be selected once per group, a scan of
 * every request per group (--group-by user: thousands of groups times every request); and the order, cost then
 * requests with ties in the map's order, is a sort over several columns that only tablesaw's {@code Table} has.
 * Columns would be a copy of these accumulators between them and the report's rows.
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
            Map<List<Object>, GroupAcc> groups = new HashMap<>();
            long fromCatalog = 0, fromName = 0;
            for (int i = 0; i < t.n; i++) {
                if (!t.live(i)) {
                    continue;
                }
                if (dims.contains(Dimension.PROVIDER) && t.provider(i) < 0) {
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
                groups.computeIfAbsent(key, k -> new GroupAcc()).add(t, i, s.usage(i), cost[i]);
            }
            boolean byDay = dims.size() == 1 && dims.get(0) == Dimension.DAY;
            List<Map.Entry<List<Object>, GroupAcc>> sorted = new ArrayList<>(groups.entrySet());
            if (byDay) {
                sorted.sort(Comparator.comparing(e -> (Long) e.getKey().get(0)));
            } else {
                sorted.sort(Comparator.comparingDouble((Map.Entry<List<Object>, GroupAcc> e) -> -e.getValue().cost)
                        .thenComparingLong(e -> -e.getValue().requests));
            }
            if (dims.get(0) == Dimension.DAY && dims.size() <= 2) {
                // every group, untruncated by --top: the port carries days as dates, not as the table's strings
                Dimension d = dims.size() == 2 ? dims.get(1) : null;
                for (var e : sorted) {
                    spendRows.add(new DailySpend.Row(LocalDate.ofEpochDay((Long) e.getKey().get(0)), d,
                            d == null ? null : s.dimName(d, e.getKey().get(1)), e.getValue().cost, e.getValue().requests,
                            e.getValue().unpriced));
                }
            }
            List<AnalyzeResult.GroupRow> rows = new ArrayList<>();
            Map<String, GroupAcc> shown = new LinkedHashMap<>();
            GroupAcc rest = new GroupAcc();
            int restGroups = 0;
            for (int g = 0; g < sorted.size(); g++) {
                var e = sorted.get(g);
                if (!byDay && g >= top) {
                    rest.merge(e.getValue());
                    restGroups++;
                    continue;
                }
                Map<String, String> key = new LinkedHashMap<>();
                for (int d = 0; d < dims.size(); d++) {
                    key.put(dims.get(d).id(), s.dimName(dims.get(d), e.getKey().get(d)));
                }
                rows.add(e.getValue().row(key, total));
                shown.put(key.entrySet().stream().map(k -> k.getKey() + "=" + k.getValue())
                        .collect(Collectors.joining(" ")), e.getValue());
            }
            if (restGroups > 0) {
                Map<String, String> key = new LinkedHashMap<>();
                for (Dimension d : dims) {
                    key.put(d.id(), "(" + restGroups + " more)");
                }
                rows.add(rest.row(key, total));
                shown.put("(" + restGroups + " more)", rest);
            }
            if (fromName > 0) {
                warnings.add("groups by " + dims.stream().map(Dimension::id).collect(Collectors.joining("+")) + ": "
                        + fromName + " requests log no provider and are grouped under the provider their model name starts "
                        + "with (azure/..., bedrock/...: who bills, whichever catalog prices the model)");
            }
            if (fromCatalog > 0) {
                warnings.add("groups by " + dims.stream().map(Dimension::id).collect(Collectors.joining("+")) + ": "
                        + fromCatalog + " requests log no provider and are grouped under their model's provider in the "
                        + "price catalog (a provider the log names is kept, compared case-insensitively and shown in lower case)");
            }
            Map<String, long[]> shownCounts = new LinkedHashMap<>();
            shown.forEach((name, g) -> shownCounts.put(name, new long[]{g.requests, g.unpriced}));
            AnalyzeLayout.unpricedGroupNotes(dims.stream().map(Dimension::id).collect(Collectors.joining("+")), shownCounts,
                    groups.values().stream().map(g -> new long[]{g.requests, g.unpriced}).toList(), warnings);
            out.add(new AnalyzeResult.GroupTable(dims.stream().map(Dimension::id).toList(), rows, groups.size()));
        }
        return new Result(out, spendRows);
    }

    private static double share(double usd, double total) {
        return total > 0 ? usd / total : 0;
    }

    private static final class GroupAcc {
        long requests, errors;
        /** Requests of models without a price: a group of only those has an unknown cost (null), not $0. */
        long unpriced;
        TokenSums tokens = TokenSums.ZERO;
        double cost;
        final DoubleList latency = new DoubleList();

        void add(RequestTable t, int i, Usage u, double c) {
            requests += t.count(i);
            if (t.is(i, RequestTable.ERROR)) {
                errors += t.count(i);
            }
            tokens = tokens.plus(u);
            if (!Double.isNaN(c)) {
                cost += c;
            } else {
                unpriced += t.count(i);
            }
            if (!Double.isNaN(t.latency(i))) {
                latency.add(t.latency(i));
            }
        }

        void merge(GroupAcc o) {
            requests += o.requests;
            errors += o.errors;
            unpriced += o.unpriced;
            tokens = tokens.plus(o.tokens);
            cost += o.cost;
            for (int i = 0; i < o.latency.size(); i++) {
                latency.add(o.latency.raw()[i]);
            }
        }

        AnalyzeResult.GroupRow row(Map<String, String> key, double total) {
            double[] p = latency.percentiles(0.5, 0.95);
            boolean unknown = requests > 0 && unpriced >= requests; // as by_model: an unpriced model's cost is null
            return new AnalyzeResult.GroupRow(key, requests, errors, requests == 0 ? 0 : (double) errors / requests,
                    unknown ? null : cost, unknown ? null : share(cost, total), tokens.input(), tokens.cacheRead(), tokens.cacheWrite(), tokens.cacheWrite1h(),
                    tokens.output(), tokens.reasoning(), new AnalyzeResult.ShortLatency(nullIfNaN(p[0]), nullIfNaN(p[1])));
        }
    }
}
