package io.techopt.analyze.change;

import io.techopt.analyze.change.ChangeCollector.Acc;
import io.techopt.analyze.change.ChangeCollector.Key;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.techopt.analyze.change.ChangeCollector.CACHE_READ;
import static io.techopt.analyze.change.ChangeCollector.CACHE_WRITE;
import static io.techopt.analyze.change.ChangeCollector.CACHE_WRITE_1H;
import static io.techopt.analyze.change.ChangeCollector.INPUT;
import static io.techopt.analyze.change.ChangeCollector.KINDS;
import static io.techopt.analyze.change.ChangeCollector.OUTPUT;

/**
 * The cost identity and its LMDI decomposition. The cost of a period is a sum over cells, one per team t, model m,
 * outcome (successful or failed), and token kind k (uncached input, cache reads, cache writes, 1-hour cache writes,
 * output; or the logged cost of a billing export's records), each the product
 * <pre>
 *   C = Q_t × S_m|t × F × T × s_k × r_k × π_k
 *   Q_t     successful requests of team t                               volume
 *   S_m|t   model m's share of them                                     model mix
 *   F       1 for successful requests; failed per successful request   errors and retries
 *   T       prompt (or output) tokens per request                      input (output) tokens per request
 *   s_k     kind k's share of the prompt tokens (1 for output)          caching
 *   r_k     USD per token at the reference prices                       batch and long-context rates
 *   π_k     cost at the prices paid / cost at the reference prices     prices (dated versions)
 * </pre>
 * so every effect named in {@link Effect} is a factor of every cell and the additive LMDI-I effects of the factors add
 * up to the change with no residual. A factor undefined in a period where its cell is empty (tokens per request of a
 * model not used) takes the other period's value, so that the cell's appearance or disappearance goes to the factor
 * that is zero (a new model to the mix, a new team to volume), the analytical limit of Ang &amp; Liu (2007).
 */
final class ChangeDecomposition {
    static final String METHOD = "LMDI-I, additive (Ang 2005): cost = sum over team, model, outcome and token kind of "
            + "successful requests of the team x the model's share of them x failed per successful request (1 for successful "
            + "ones) x tokens per request x the token kind's share of the prompt x USD per token at reference prices x the "
            + "dated price index; the effects add up to the change exactly; zero values by the analytical limits of "
            + "Ang & Liu (2007)";

    private static final String EFFECT_KEYS = String.join(", ", java.util.Arrays.stream(Effect.values()).map(e -> e.key).toList());

    private final ChangeCollector c;
    /** Requests of unpriced models per model and per team, per period. */
    private final Map<Integer, long[]> unpricedByModel = new HashMap<>(), unpricedByTeam = new HashMap<>();

    ChangeDecomposition(ChangeCollector c) {
        this.c = c;
    }

    /** Sums of one row of the report: costs in both periods and the effects. */
    private static final class Sums {
        final double[] cost = new double[2];
        final double[] effects = new double[Effect.N];
        final long[] requests = new long[2];
    }

    ChangeResult result() {
        // successful requests per team and per (team, model, billed), per period
        Map<Integer, long[]> teamOk = new HashMap<>();
        Map<Key, long[]> ok = new HashMap<>(), failed = new HashMap<>();
        for (Map.Entry<Key, Acc[]> g : c.groups.entrySet()) {
            Key k = g.getKey();
            if (k.kind() == ChangeCollector.UNPRICED) {
                Map<Integer, long[]> m = unpricedByModel, t = unpricedByTeam;
                for (int p = 0; p < 2; p++) {
                    m.computeIfAbsent(k.model(), x -> new long[2])[p] += g.getValue()[p].count;
                    t.computeIfAbsent(k.team(), x -> new long[2])[p] += g.getValue()[p].count;
                }
                continue;
            }
            Key pair = new Key(k.team(), k.model(), k.kind(), false);
            long[] target = (k.error() ? failed : ok).computeIfAbsent(pair, x -> new long[2]);
            for (int p = 0; p < 2; p++) {
                target[p] += g.getValue()[p].count;
                if (!k.error()) {
                    teamOk.computeIfAbsent(k.team(), x -> new long[2])[p] += g.getValue()[p].count;
                }
            }
        }
        Sums total = new Sums();
        Map<Integer, Sums> byModel = new LinkedHashMap<>(), byTeam = new LinkedHashMap<>();
        List<Key> keys = new ArrayList<>(c.groups.keySet());
        keys.removeIf(k -> k.kind() == ChangeCollector.UNPRICED);
        // a fixed order, so that sums are the same run after run
        keys.sort(Comparator.comparingInt(Key::team).thenComparingInt(Key::model).thenComparingInt(Key::kind)
                .thenComparing(Key::error));
        for (Key k : keys) {
            Acc[] a = c.groups.get(k);
            Key pair = new Key(k.team(), k.model(), k.kind(), false);
            long[] q = teamOk.getOrDefault(k.team(), new long[2]);
            long[] okN = ok.getOrDefault(pair, new long[2]);
            long[] errN = failed.getOrDefault(pair, new long[2]);
            Sums m = byModel.computeIfAbsent(k.model(), x -> new Sums());
            Sums t = byTeam.computeIfAbsent(k.team(), x -> new Sums());
            for (int p = 0; p < 2; p++) {
                m.requests[p] += a[p].count;
                t.requests[p] += a[p].count;
            }
            int[] kinds = k.kind() == ChangeCollector.BILLED ? new int[]{-1} : new int[]{INPUT, CACHE_READ, CACHE_WRITE, CACHE_WRITE_1H, OUTPUT};
            for (int kind : kinds) {
                double[][] x = new double[2][];
                double[] cell = new double[2];
                for (int p = 0; p < 2; p++) {
                    x[p] = factors(k, a[p], kind, q[p], okN[p], errN[p]);
                    cell[p] = value(a[p], kind);
                }
                substitute(k, x, q, okN, errN, a, kind);
                double[] e = Lmdi.cell(cell[0], cell[1], x[0], x[1]);
                for (Sums s : new Sums[]{total, m, t}) {
                    s.cost[0] += cell[0];
                    s.cost[1] += cell[1];
                    for (int f = 0; f < Effect.N; f++) {
                        s.effects[f] += e[f];
                    }
                }
            }
        }
        return build(total, byModel, byTeam);
    }

    /** The cell's value in a period: its cost, 0 for an empty group or a kind with no tokens (no rounding residue). */
    private static double value(Acc a, int kind) {
        if (a.count <= 0) {
            return 0;
        }
        if (kind < 0) {
            return Math.max(0, a.billed);
        }
        return a.tokens[kind] <= 0 ? 0 : Math.max(0, a.cost[kind]);
    }

    private static double refValue(Acc a, int kind) {
        return a.count <= 0 || a.tokens[kind] <= 0 ? 0 : Math.max(0, a.refCost[kind]);
    }

    /** The factors of one cell in one period, in {@link Effect} order; NaN where undefined (an empty group). */
    private static double[] factors(Key k, Acc a, int kind, long q, long ok, long err) {
        double[] x = new double[Effect.N];
        java.util.Arrays.fill(x, 1);
        long n = Math.max(0, a.count);
        x[Effect.VOLUME.ordinal()] = q;
        x[Effect.MODEL_MIX.ordinal()] = q > 0 ? (double) ok / q : Double.NaN;
        x[Effect.ERRORS.ordinal()] = !k.error() ? 1 : ok > 0 ? (double) err / ok : Double.NaN;
        if (kind < 0) {
            x[Effect.BILLED.ordinal()] = n > 0 ? value(a, kind) / n : Double.NaN;
            return x;
        }
        double tokens = n > 0 ? Math.max(0, a.tokens[kind]) : 0;
        if (kind == OUTPUT) {
            x[Effect.OUTPUT_TOKENS.ordinal()] = n > 0 ? tokens / n : Double.NaN;
        } else {
            double prompt = n > 0 ? a.promptTokens() : 0;
            x[Effect.INPUT_TOKENS.ordinal()] = n > 0 ? prompt / n : Double.NaN;
            x[Effect.CACHING.ordinal()] = prompt > 0 ? tokens / prompt : Double.NaN;
        }
        double ref = refValue(a, kind);
        x[Effect.BATCH_AND_TIERS.ordinal()] = tokens > 0 ? ref / tokens : Double.NaN;
        x[Effect.PRICES.ordinal()] = ref > 0 ? value(a, kind) / ref : Double.NaN;
        return x;
    }

    /**
     * Makes both periods' factors defined, positive where the cell is, and multiplying to the cell's value: an
     * undefined factor takes the other period's value (or 1); failed requests of a model with no successful one in a
     * period keep their count with the volume and mix of the other period; a kind whose reference rate is zero while it
     * was paid for puts its whole rate in r (π = 1): the collector's reference rate falls back to a version that prices
     * the kind, so only rounding left by a repeated request taken back out could lead here.
     */
    private static void substitute(Key k, double[][] x, long[] q, long[] ok, long[] err, Acc[] a, int kind) {
        int vol = Effect.VOLUME.ordinal(), mix = Effect.MODEL_MIX.ordinal(), fail = Effect.ERRORS.ordinal();
        if (kind >= 0) {
            boolean refZeroButPaid = false;
            for (int p = 0; p < 2; p++) {
                refZeroButPaid |= refValue(a[p], kind) == 0 && value(a[p], kind) > 0;
            }
            if (refZeroButPaid) {
                for (int p = 0; p < 2; p++) {
                    double tokens = a[p].count > 0 ? a[p].tokens[kind] : 0;
                    x[p][Effect.BATCH_AND_TIERS.ordinal()] = tokens > 0 ? value(a[p], kind) / tokens : Double.NaN;
                    x[p][Effect.PRICES.ordinal()] = 1;
                }
            }
        }
        if (k.error()) {
            for (int p = 0; p < 2; p++) {
                int o = 1 - p;
                if (ok[p] == 0 && err[p] > 0) {
                    double qq = q[p] > 0 ? q[p] : q[o] > 0 ? q[o] : 1;
                    double s = q[o] > 0 && ok[o] > 0 ? (double) ok[o] / q[o] : 1;
                    x[p][vol] = qq;
                    x[p][mix] = s;
                    x[p][fail] = err[p] / (qq * s);
                }
            }
        }
        for (int f = 0; f < Effect.N; f++) {
            for (int p = 0; p < 2; p++) {
                if (Double.isNaN(x[p][f])) {
                    double other = x[1 - p][f];
                    x[p][f] = Double.isNaN(other) ? 1 : other;
                }
            }
        }
    }

    private ChangeResult build(Sums total, Map<Integer, Sums> byModel, Map<Integer, Sums> byTeam) {
        List<String> notes = new ArrayList<>();
        ChangePeriods per = c.periods();
        boolean[] measured = new boolean[2];
        String[] names = {"baseline", "current"};
        for (int p = 0; p < 2; p++) {
            long known = c.requests[p] - c.unpriced[p];
            measured[p] = known > 0;
            if (c.requests[p] == 0) {
                notes.add("no request in the " + names[p] + " period (" + range(per, p) + "): the log may not cover it, so its "
                        + "cost_usd (and by_model's and by_team's " + names[p] + "_cost_usd) is unknown, not $0, and change_usd, "
                        + "change_share and the effects (" + EFFECT_KEYS + ") are null" + (c.logFirstMs <= c.logLastMs ? " (the log's requests run from "
                        + Instant.ofEpochMilli(c.logFirstMs) + " to " + Instant.ofEpochMilli(c.logLastMs) + ")" : ""));
            } else if (known == 0) {
                notes.add("every request of the " + names[p] + " period is of an unpriced model: its cost_usd (and by_model's "
                        + "and by_team's " + names[p] + "_cost_usd) is unknown, and change_usd, change_share and the effects (" + EFFECT_KEYS + ") are null (add their prices with --prices FILE)");
            }
        }
        boolean ok = measured[0] && measured[1];
        long[][] covered = {covered(per, 0), covered(per, 1)};
        for (int p = 0; p < 2; p++) {
            coverageNote(per, p, covered[p], notes);
        }
        // the baseline's own ingest findings; the current period's are the report's estimated_requests and warnings
        if (c.estimated[0] > 0) {
            notes.add("baseline period: " + requests(c.estimated[0]) + " no token counts; their tokens were estimated "
                    + "from their text (the report's estimated_requests counts the current period's only)");
        }
        if (c.conflicting[0] > 0) {
            notes.add("baseline period: " + requests(c.conflicting[0]) + " conflicting token fields (LiteLLM's "
                    + "top-level prompt_tokens/completion_tokens against its usage_object or response usage); the "
                    + "detailed count was used (the report's warnings count the current period's only)");
        }
        if (c.idsInBothPeriods > 0) {
            notes.add(c.idsInBothPeriods + (c.idsInBothPeriods == 1 ? " request id appears" : " request ids appear")
                    + " in both periods: each is counted once in each period (its last copy there), as a run of each period "
                    + "alone counts it, so the two periods hold " + c.idsInBothPeriods + " more requests than a run over both "
                    + "(which counts each id once, its last copy)");
        }
        // review r9 #8: a model priced at $0 counts in its team's requests (volume) and the models' shares (model_mix)
        List<String> free = new ArrayList<>();
        byModel.forEach((m, s) -> {
            if (s.cost[0] == 0 && s.cost[1] == 0 && s.requests[0] != s.requests[1]) {
                free.add(c.models.name(m) + " (" + s.requests[0] + " -> " + s.requests[1] + ")");
            }
        });
        if (!free.isEmpty() && ok) {
            free.sort(null);
            notes.add("requests of models priced at $0 in both periods changed: " + String.join(", ", free.stream().limit(5).toList())
                    + (free.size() > 5 ? ", …" : "") + ". They cost nothing, but they count in their team's requests (volume) "
                    + "and in the models' shares of them (model_mix), so these two effects can move by equal and opposite "
                    + "amounts with no change in what any priced request costs");
        }
        // the baseline's requests priced at a price dated after them: the warning the baseline run alone prints
        new java.util.TreeMap<>(c.baselineBeforeFirst).forEach((m, n) -> {
            if (n[0] > 0) {
                io.techopt.pricing.PriceEntry e = c.baselineBeforeFirstEntry.get(m);
                String first = e.versions().get(0).effective().toString();
                notes.add("baseline period: model '" + c.models.name(m) + "': " + n[0] + (n[0] == 1 ? " request" : " requests") + " dated before its first price ("
                        + first + ", '" + e.key() + "' in " + e.catalog() + ") priced at the " + first + " price (the report's "
                        + "warnings count the current period's only)");
            }
        });
        if (c.unpriced[0] + c.unpriced[1] > 0) {
            List<String> unpricedNames = new ArrayList<>();
            unpricedByModel.forEach((m, n) -> {
                if (n[0] + n[1] > 0) {
                    unpricedNames.add(c.models.name(m));
                }
            });
            unpricedNames.sort(null);
            notes.add(c.unpriced[0] + " baseline and " + c.unpriced[1] + " current requests of unpriced models ("
                    + String.join(", ", unpricedNames.stream().limit(5).toList()) + (unpricedNames.size() > 5 ? ", …" : "")
                    + ") are left out of both costs and of the decomposition: their cost is unknown, so their by_model rows "
                    + "have baseline_cost_usd, current_cost_usd, change_usd and the effects (" + EFFECT_KEYS + ") null");
        }
        ChangeResult.Period base = period(per, 0, measured[0] ? total.cost[0] : null, covered[0]);
        ChangeResult.Period cur = period(per, 1, measured[1] ? total.cost[1] : null, covered[1]);
        Double change = ok ? total.cost[1] - total.cost[0] : null;
        Double share = ok && total.cost[0] > 0 ? change / total.cost[0] : null;
        if (ok && share == null) {
            notes.add("change_share is null: the baseline cost is $0, so no share of it can be given");
        }

        List<ChangeResult.ModelRow> models = new ArrayList<>();
        for (Map.Entry<Integer, Sums> e : byModel.entrySet()) {
            Sums s = e.getValue();
            // a period's cost per row is known when the period's is: with no baseline, the current costs still are
            models.add(new ChangeResult.ModelRow(c.models.name(e.getKey()), s.requests[0], s.requests[1],
                    measured[0] ? s.cost[0] : null, measured[1] ? s.cost[1] : null, ok ? s.cost[1] - s.cost[0] : null,
                    effects(ok ? s : null)));
        }
        unpricedByModel.forEach((m, n) -> {
            if (n[0] + n[1] > 0) {
                models.add(new ChangeResult.ModelRow(c.models.name(m), n[0], n[1], null, null, null, effects(null)));
            }
        });
        models.sort(Comparator.comparing((ChangeResult.ModelRow r) -> r.changeUsd() == null ? -1 : Math.abs(r.changeUsd()))
                .reversed().thenComparing(ChangeResult.ModelRow::model, Comparator.nullsLast(Comparator.naturalOrder())));
        Map<Integer, long[]> teamRequests = new HashMap<>();
        byTeam.forEach((t, s) -> teamRequests.put(t, s.requests.clone()));
        unpricedByTeam.forEach((t, n) -> {
            long[] r = teamRequests.computeIfAbsent(t, x -> new long[2]);
            r[0] += n[0];
            r[1] += n[1];
        });
        List<ChangeResult.TeamRow> teams = new ArrayList<>();
        for (Map.Entry<Integer, long[]> e : teamRequests.entrySet()) {
            Sums s = byTeam.get(e.getKey());
            boolean known = ok && s != null;
            teams.add(new ChangeResult.TeamRow(c.teams.name(e.getKey()), e.getValue()[0], e.getValue()[1],
                    measured[0] && s != null ? s.cost[0] : null, measured[1] && s != null ? s.cost[1] : null,
                    known ? s.cost[1] - s.cost[0] : null, effects(known ? s : null)));
        }
        teams.sort(Comparator.comparing((ChangeResult.TeamRow r) -> r.changeUsd() == null ? -1 : Math.abs(r.changeUsd()))
                .reversed().thenComparing(ChangeResult.TeamRow::team, Comparator.nullsFirst(Comparator.naturalOrder())));

        List<ChangeResult.PriceChange> priceChanges = new ArrayList<>();
        c.versions.forEach((m, v) -> {
            if (!v[0].isEmpty() && !v[1].isEmpty() && !v[0].equals(v[1])) {
                priceChanges.add(new ChangeResult.PriceChange(c.models.name(m), List.copyOf(v[0]), List.copyOf(v[1])));
            }
        });
        priceChanges.sort(Comparator.comparing(ChangeResult.PriceChange::model));
        return new ChangeResult(METHOD, base, cur, change, share, effects(ok ? total : null), models, teams, priceChanges, notes);
    }

    private static Map<String, Double> effects(Sums s) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Effect e : Effect.values()) {
            m.put(e.key, s == null ? null : s.effects[e.ordinal()] + 0.0); // + 0.0: no "-0.0" in reports
        }
        return m;
    }

    private ChangeResult.Period period(ChangePeriods per, int p, Double cost, long[] covered) {
        long from = p == 0 ? per.baselineFrom() : per.currentFrom(), until = p == 0 ? per.baselineUntil() : per.currentUntil();
        return new ChangeResult.Period(Instant.ofEpochMilli(from).toString(), Instant.ofEpochMilli(until).toString(),
                c.requests[p], c.failed[p], c.unpriced[p], cost,
                covered == null ? null : Instant.ofEpochMilli(covered[0]).toString(),
                covered == null ? null : Instant.ofEpochMilli(covered[1]).toString(),
                covered == null ? null : (double) (covered[1] - covered[0]) / (until - from));
    }

    /**
     * An edge of a period the log does not reach counts as uncovered from 1% of the period and 5 expected requests, and
     * when it is longer than every quiet stretch between the period's requests (a night, a weekend of a working-hours log).
     */
    static final double MIN_GAP_SHARE = 0.01, MIN_EXPECTED_REQUESTS = 5;

    /**
     * The part [from, until) of period {@code p} the log covers: the period, except an edge before the log's first
     * request (or after its last) long enough that requests would be expected there at the period's own rate (at least
     * 5, and 1% of the period) and longer than the log's quiet stretches inside the period: a log that starts inside the
     * baseline, or ends inside the current period. Null when no request was read in the period.
     */
    private long[] covered(ChangePeriods per, int p) {
        long from = p == 0 ? per.baselineFrom() : per.currentFrom(), until = p == 0 ? per.baselineUntil() : per.currentUntil();
        if (c.requests[p] <= 0 || c.logFirstMs > c.logLastMs) {
            return null;
        }
        long logEnd = c.logLastMs + c.timeResolutionMs(); // a row dated at its day's (hour's) start stands for all of it
        long seenFrom = Math.max(from, c.logFirstMs), seenUntil = Math.min(until, logEnd);
        double perMs = c.requests[p] / (double) Math.max(1, seenUntil - seenFrom); // the period's rate where the log is
        long quiet = c.longestQuietMs(p);
        long a = from, b = until;
        if (c.logFirstMs > from && gap(c.logFirstMs - from, until - from, perMs, quiet)) {
            a = c.logFirstMs;
        }
        if (logEnd < until && gap(until - logEnd, until - from, perMs, quiet)) {
            b = logEnd;
        }
        return new long[]{a, Math.max(a, b)};
    }

    /** An edge is a gap in the log when requests were expected there and it is longer than the period's quiet stretches. */
    private static boolean gap(long gapMs, long periodMs, double perMs, long quietMs) {
        return gapMs >= MIN_GAP_SHARE * periodMs && gapMs * perMs >= MIN_EXPECTED_REQUESTS && gapMs > quietMs;
    }

    private void coverageNote(ChangePeriods per, int p, long[] covered, List<String> notes) {
        long from = p == 0 ? per.baselineFrom() : per.currentFrom(), until = p == 0 ? per.baselineUntil() : per.currentUntil();
        if (covered == null || (covered[0] == from && covered[1] == until)) {
            return;
        }
        String name = p == 0 ? "baseline" : "current";
        long res = c.timeResolutionMs();
        String last = Instant.ofEpochMilli(c.logLastMs) + (res == 0 ? "" : res == ChangeCollector.DAY_MS
                ? ", for its whole day (every time in the log is a whole day)" : ", for its whole hour (every time in the log is a whole hour)");
        String edges = covered[0] > from && covered[1] < until ? "its first request is at " + Instant.ofEpochMilli(covered[0])
                + " and its last at " + last
                : covered[0] > from ? "its first request is at " + Instant.ofEpochMilli(covered[0])
                : "its last request is at " + last;
        notes.add("the " + name + " period (" + range(per, p) + ") is only partly covered by the log: it covers "
                + Instant.ofEpochMilli(covered[0]) + " to " + Instant.ofEpochMilli(covered[1]) + String.format(Locale.ROOT,
                " (%.1f%% of it; %s). The %s period's requests and cost are those of that part alone, so change_usd and its "
                        + "effects, the volume effect above all, include the part of the period the log does not hold: they "
                        + "are not real growth (or decline) alone; compare periods the log covers fully, or read the figures "
                        + "with that share in mind", 100.0 * (covered[1] - covered[0]) / (until - from), edges, name));
    }

    private static String requests(long n) {
        return n + (n == 1 ? " request had" : " requests had");
    }

    private static String range(ChangePeriods per, int p) {
        return Instant.ofEpochMilli(p == 0 ? per.baselineFrom() : per.currentFrom()) + " to "
                + Instant.ofEpochMilli(p == 0 ? per.baselineUntil() : per.currentUntil());
    }
}
