package io.techopt.experiment;

import io.techopt.core.LogRecord;
import io.techopt.core.Redactor;
import io.techopt.ingest.RecordSink;
import io.techopt.pricing.Pricer;
import io.techopt.stats.DoubleList;
import io.techopt.stats.Percentiles;
import io.techopt.stats.Inference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statistics of one experiment in a log, with the user as the unit of analysis. Per user and variant it
 * keeps requests, successes, cost and quality; per variant the request latencies; per user the spend on each
 * day, for CUPED's pre-period covariate (spend on days before the experiment's first day).
 */
public final class ExperimentAnalyzer implements RecordSink {
    /** A request logged again under its id counts once, with its last copy: the earlier copy's part is taken back out. */
    private final io.techopt.ingest.RepeatedRequests.Ledger<Kept> repeated =
            new io.techopt.ingest.RepeatedRequests.Ledger<>(Kept::new, this::undo);

    /** The reader dropped the earlier copies of repeated request ids (a store): nothing is kept to take them back out. */
    private boolean lastCopiesOnly;
    private long droppedCopies;

    @Override
    public boolean takesLastCopiesOnly() {
        return true;
    }

    @Override
    public void earlierCopiesLeftOut(long copies) {
        lastCopiesOnly = true;
        droppedCopies = copies;
    }

    /** Records that repeated an earlier request id (logged twice) and were counted once: ingest's duplicate_request_ids. */
    public long repeatedRequestIds() {
        return repeated.repeats() + droppedCopies;
    }

    /** Requests held to take an earlier copy back out (one a request with an id, unless the reader dropped earlier copies). */
    public int requestsHeld() {
        return repeated.size();
    }

    public static final List<String> METRICS = List.of("cost_per_user", "requests_per_user", "cost_per_request",
            "success_rate", "quality", "latency_ms");
    private static final long DAY_MS = 86_400_000L;

    private final String experiment;
    private final Pricer pricer;
    private final Map<String, Map<String, UserStats>> byVariant = new TreeMap<>();
    private final Map<String, Map<Long, Double>> dailySpend = new HashMap<>();
    private long firstExposure = Long.MAX_VALUE, lastExposure = Long.MIN_VALUE, unpriced;
    /**
     * A variant's cost is compared on its priced requests alone while at most this share of its requests is of unpriced
     * models: a few unpriced requests (an odd alias, a retired model) should not void a whole comparison. Above it the
     * unknown part is too large to ignore (a treatment on an unpriced model must never look like a 100% saving), so the
     * variant's cost figures and every cost comparison involving it are null.
     */
    static final double MAX_UNPRICED_SHARE = 0.05;

    /** Per variant, the first few unpriced model names, to say in a note why its cost is null or partial. */
    private final Map<String, java.util.Set<String>> unpricedModels = new HashMap<>();

    static final class UserStats {
        long requests, successes, rated, unpriced;
        double cost, quality;
        /** Request latencies, kept per user so that a user left out (seen under several variants) takes them along. */
        final DoubleList latencies = new DoubleList(4);
    }

    public ExperimentAnalyzer(String experiment, Pricer pricer) {
        this.experiment = experiment;
        this.pricer = pricer;
    }

    @Override
    public LogRecord prepare(LogRecord r) {
        return r.withoutText(); // prompts play no part here
    }

    @Override
    public void accept(LogRecord r) {
        // the same request logged again: its last copy replaces the earlier one (log-format.md)
        Kept k = lastCopiesOnly ? new Kept() : repeated.entry(r);
        k.user = null;
        k.stats = null;
        if (r.user == null) {
            return;
        }
        double cost = r.costAsLogged ? r.loggedCostUsd : pricer.cost(r.model, r.provider, r.timestampMs, r.usage, r.batch);
        boolean priced = !Double.isNaN(cost);
        if (!priced) {
            unpriced++;
            cost = 0; // only CUPED's pre-period covariate uses it; cost figures that include it are null
        }
        k.user = r.user;
        k.day = Math.floorDiv(r.timestampMs, DAY_MS);
        k.cost = cost;
        k.priced = priced;
        dailySpend.computeIfAbsent(r.user, key -> new HashMap<>()).merge(k.day, cost, Double::sum);
        if (!experiment.equals(r.experiment) || r.variant == null) {
            return;
        }
        k.exposedAt = r.timestampMs;
        if (r.requestId == null || lastCopiesOnly) {
            // no later copy can take it back; an exposure with an id is read from its kept entry in finish
            firstExposure = Math.min(firstExposure, r.timestampMs);
            lastExposure = Math.max(lastExposure, r.timestampMs);
        }
        UserStats u = byVariant.computeIfAbsent(r.variant, key -> new LinkedHashMap<>()).computeIfAbsent(r.user, key -> new UserStats());
        k.stats = u;
        k.variant = r.variant;
        k.count = r.count;
        k.error = r.error;
        k.quality = r.quality;
        k.latency = -1;
        u.requests += r.count;
        u.successes += r.error ? 0 : r.count;
        u.cost += cost;
        if (!priced) {
            u.unpriced += r.count;
            java.util.Set<String> names = unpricedModels.computeIfAbsent(r.variant, key -> new java.util.TreeSet<>());
            if (names.size() < 5) {
                names.add(Redactor.redact(String.valueOf(r.model)));
            }
        }
        if (!Double.isNaN(r.quality)) {
            u.rated++;
            u.quality += r.quality;
        }
        if (!Double.isNaN(r.latencyMs)) {
            k.latency = u.latencies.size();
            u.latencies.add(r.latencyMs);
        }
    }

    /** What one kept request added, so that a later copy of it can take it back out. */
    private static final class Kept {
        String user, variant;
        long day, count, exposedAt;
        double cost, quality;
        boolean priced, error;
        UserStats stats;
        int latency;
    }


    /** Takes an earlier copy of a request back out; a user or variant left with no request is forgotten. */
    private void undo(Kept k) {
        if (k.user == null) {
            return;
        }
        if (!k.priced) {
            unpriced--;
        }
        dailySpend.get(k.user).merge(k.day, -k.cost, Double::sum);
        UserStats u = k.stats;
        if (u == null) {
            return;
        }
        u.requests -= k.count;
        u.successes -= k.error ? 0 : k.count;
        u.cost -= k.cost;
        if (!k.priced) {
            u.unpriced -= k.count;
        }
        if (!Double.isNaN(k.quality)) {
            u.rated--;
            u.quality -= k.quality;
        }
        if (k.latency >= 0) {
            u.latencies.raw()[k.latency] = Double.NaN; // left out by latencies()
        }
        if (u.requests == 0) {
            Map<String, UserStats> users = byVariant.get(k.variant);
            users.remove(k.user);
            if (users.isEmpty()) {
                byVariant.remove(k.variant);
            }
        }
    }

    /**
     * @param weights configured split in assignment order (null: equal shares of the variants seen, no assignment check)
     * @param control the control variant (null: "control" if present, else the first by name)
     */
    public AbResult finish(Map<String, Double> weights, String control, double alpha, boolean cuped) {
        // the exposure window of the copies that count: an earlier copy taken back out does not widen it
        repeated.forEach(k -> {
            if (k.stats != null) {
                firstExposure = Math.min(firstExposure, k.exposedAt);
                lastExposure = Math.max(lastExposure, k.exposedAt);
            }
        });
        if (byVariant.isEmpty()) {
            throw new IllegalArgumentException("no requests of experiment '" + Redactor.redact(experiment)
                    + "' with a user and a variant in the log");
        }
        if (byVariant.size() < 2) {
            throw new IllegalArgumentException("experiment '" + Redactor.redact(experiment) + "' has one variant in the log ('"
                    + Redactor.redact(byVariant.keySet().iterator().next()) + "'): nothing to compare it with");
        }
        List<String> warnings = new ArrayList<>();
        long startDay = Math.floorDiv(firstExposure, DAY_MS);
        // users seen under several variants break the comparison: they are left out and counted
        UserTable all = UserTable.of(byVariant, u -> preSpend(u, startDay));
        java.util.Set<String> mixedUsers = all.mixedUsers();
        long mixed = mixedUsers.size();
        UserTable kept = all.without(mixedUsers);
        Map<String, UserTable> users = new LinkedHashMap<>();
        byVariant.keySet().forEach(v -> users.put(v, kept.variant(v)));
        if (mixed > 0) {
            warnings.add(mixed + " users appear under more than one variant and are left out");
        }
        List<String> unattributed = users.entrySet().stream().filter(e -> e.getValue().users() == 0).map(e -> Redactor.redact(e.getKey())).toList();
        if (!unattributed.isEmpty()) {
            warnings.add("No user of variant " + String.join(", ", unattributed) + " was seen under that variant alone: users cannot "
                    + "be attributed to a variant, so nothing is compared (every user's requests are left out, latency included).");
        }
        if (unpriced > 0) {
            warnings.add(unpriced + " requests are of unpriced models: their cost is unknown, never $0 (cost figures leave them out, or are null when more than " + Math.round(100 * MAX_UNPRICED_SHARE) + "% of a variant's requests are unpriced)");
        }
        String ctl = control != null ? control : byVariant.containsKey("control") ? "control" : byVariant.keySet().iterator().next();
        if (!byVariant.containsKey(ctl)) {
            throw new IllegalArgumentException("no variant '" + Redactor.redact(ctl) + "' in experiment '" + Redactor.redact(experiment) + "'");
        }
        Map<String, Double> w = weights;
        if (w == null) {
            w = new LinkedHashMap<>();
            for (String v : byVariant.keySet()) {
                w.put(v, 1.0);
            }
        } else {
            for (String v : byVariant.keySet()) {
                if (!w.containsKey(v)) {
                    throw new IllegalArgumentException("variant '" + Redactor.redact(v) + "' is in the log but not in --weights");
                }
            }
        }
        AbResult.Srm srm = srm(w, users);
        long[] pseudonymous = {0};
        AbResult.AssignmentCheck check = weights == null ? null : assignmentCheck(weights, users, pseudonymous);
        if (pseudonymous[0] > 0) {
            warnings.add(pseudonymous[0] + " users' ids are pseudonyms (a store keeps an e-mail address or a credential so, "
                    + "never stored as logged): their deterministic assignment cannot be recomputed, so the assignment check "
                    + "leaves them out (users_checked); ab-report on the raw logs checks them when the logs fit in memory "
                    + "(logs above the in-memory limit go through a temporary store, which keeps the ids so too)");
        }
        if (check != null && check.mismatches() > 0) {
            warnings.add(check.mismatches() + " of " + check.usersChecked() + " users were served a variant other than their "
                    + "deterministic assignment");
        }
        List<AbResult.Variant> variants = new ArrayList<>();
        users.forEach((name, table) -> variants.add(variant(name, table)));
        double[] cupedFit = cuped ? cupedTheta(kept) : new double[]{0, 0};
        List<AbResult.Comparison> comparisons = new ArrayList<>();
        for (String v : users.keySet()) {
            if (!v.equals(ctl)) {
                comparisons.addAll(compare(users.get(ctl), Redactor.redact(ctl), users.get(v), Redactor.redact(v), alpha, cupedFit[0], cupedFit[1]));
            }
        }
        double[] p = comparisons.stream().mapToDouble(c -> c.pValue() == null ? Double.NaN : c.pValue()).toArray();
        double[] adj = Inference.holm(p);
        for (int i = 0; i < comparisons.size(); i++) {
            AbResult.Comparison c = comparisons.get(i);
            comparisons.set(i, new AbResult.Comparison(c.variant(), c.control(), c.metric(), c.lift(), c.ciLow(), c.ciHigh(),
                    c.pValue(), Double.isNaN(adj[i]) ? null : adj[i], c.controlValue(), c.variantValue(), c.test()));
        }
        warnings.addAll(nullNotes(srm, variants, comparisons, this::unpricedNote));
        AbResult.Recommendation verdict = unattributed.isEmpty() ? Recommendations.decide(srm, comparisons, alpha)
                : new AbResult.Recommendation("inconclusive", "users cannot be attributed: no user of variant " + String.join(", ", unattributed)
                + " was seen under that variant alone (" + mixed + " users appear under more than one variant)");
        return new AbResult(Redactor.redact(experiment), srm, variants, comparisons, verdict,
                Redactor.redact(ctl), redactedKeys(w), Instant.ofEpochMilli(firstExposure).toString(), Instant.ofEpochMilli(lastExposure).toString(),
                mixed, check, cuped, alpha, warnings);
    }

    /** Variant names are shown redacted everywhere, the weights' keys included. */
    private static Map<String, Double> redactedKeys(Map<String, Double> w) {
        Map<String, Double> shown = new LinkedHashMap<>();
        w.forEach((k, v) -> shown.merge(Redactor.redact(k), v, Double::sum));
        return shown;
    }

    private static AbResult.Srm srm(Map<String, Double> w, Map<String, UserTable> byVariant) {
        long[] observed = new long[w.size()];
        double[] shares = new double[w.size()];
        Map<String, Long> users = new LinkedHashMap<>();
        int i = 0;
        for (var e : w.entrySet()) {
            UserTable u = byVariant.get(e.getKey());
            observed[i] = u == null ? 0 : u.users();
            shares[i++] = e.getValue();
            users.put(Redactor.redact(e.getKey()), u == null ? 0L : (long) u.users());
        }
        double[] chi = Inference.chiSquare(observed, shares);
        return new AbResult.Srm(chi[1], Double.isNaN(chi[1]) ? null : chi[1] < 0.001, users, chi[0]);
    }

    /**
     * Each user's logged variant against its deterministic assignment. A user id kept as a pseudonym (by a store, or a
     * redacting proxy: an e-mail address, a credential) is counted in {@code pseudonymous[0]}, not checked: its assignment
     * is not the user's (review rev24b HIGH-1: 6 false mismatches of 1,016 users on a store).
     */
    private AbResult.AssignmentCheck assignmentCheck(Map<String, Double> weights, Map<String, UserTable> byVariant,
                                                     long[] pseudonymous) {
        long checked = 0, mismatches = 0;
        List<String> examples = new ArrayList<>();
        for (var e : byVariant.entrySet()) {
            for (String user : e.getValue().userNames()) {
                if (Redactor.heldEmail(user) || Redactor.heldCredential(user)) {
                    pseudonymous[0]++;
                    continue;
                }
                checked++;
                if (!Assignment.assign(experiment, user, weights).equals(e.getKey())) {
                    mismatches++;
                    if (examples.size() < 5) {
                        examples.add(Redactor.redact(user));
                    }
                }
            }
        }
        return new AbResult.AssignmentCheck(checked, mismatches, examples);
    }

    private double preSpend(String user, long startDay) {
        Map<Long, Double> d = dailySpend.get(user);
        if (d == null) {
            return 0;
        }
        double s = 0;
        for (var e : d.entrySet()) {
            if (e.getKey() < startDay) {
                s += e.getValue();
            }
        }
        return s;
    }

    /** theta = cov(Y, X) / var(X) and the mean of X, over all users of all variants (Deng et al. 2013). */
    private static double[] cupedTheta(UserTable users) {
        double[] y = users.column(UserTable.COST), x = users.column(UserTable.PRE_SPEND);
        double my = users.sum(UserTable.COST) / y.length, mx = users.sum(UserTable.PRE_SPEND) / x.length;
        double cov = 0, vx = 0;
        for (int i = 0; i < y.length; i++) {
            cov += (y[i] - my) * (x[i] - mx);
            vx += (x[i] - mx) * (x[i] - mx);
        }
        return new double[]{vx == 0 ? 0 : cov / vx, mx};
    }

    private static AbResult.Variant variant(String name, UserTable users) {
        long n = users.users(), req = users.longSum(UserTable.REQUESTS), succ = users.longSum(UserTable.SUCCESSES),
                rated = users.longSum(UserTable.RATED), unpricedReq = users.longSum(UserTable.UNPRICED);
        double cost = users.sum(UserTable.COST), quality = users.sum(UserTable.QUALITY), perUserCost = 0;
        long costedUsers = 0;
        for (double c : users.column(UserTable.COST_AT_PRICED_RATE)) {
            if (!Double.isNaN(c)) { // NaN: none of the user's requests is priced
                perUserCost += c;
                costedUsers++;
            }
        }
        double[] lat = users.latencies();
        double p95 = lat.length == 0 ? Double.NaN : Percentiles.of(lat, lat.length, 0.95)[0];
        double[] ci = req == 0 ? new double[]{Double.NaN, Double.NaN} : Inference.wilson(succ, req, 0.95);
        // an unpriced request's cost is unknown, never $0: up to MAX_UNPRICED_SHARE the figures are on the priced requests
        boolean costKnown = !tooUnpriced(unpricedReq, req);
        long priced = req - unpricedReq;
        return new AbResult.Variant(Redactor.redact(name), n, req, req == 0 ? null : (double) succ / req,
                costedUsers == 0 || !costKnown ? null : perUserCost / costedUsers, priced == 0 || !costKnown ? null : cost / priced, Double.isNaN(p95) ? null : p95,
                rated == 0 ? null : quality / rated, n == 0 ? null : (double) req / n, Arrays.asList(ci[0], ci[1]), rated,
                costKnown ? cost : null, unpricedReq);
    }

    /** cli.md: every null figure is named in a note that says why. */
    private static List<String> nullNotes(AbResult.Srm srm, List<AbResult.Variant> variants, List<AbResult.Comparison> comparisons,
                                          java.util.function.Function<AbResult.Variant, String> unpricedNote) {
        List<String> notes = new ArrayList<>();
        if (Double.isNaN(srm.pValue())) {
            notes.add("srm.p_value, srm.chi_square and srm.flagged are null: no variant has a user seen under it alone.");
        }
        for (AbResult.Variant v : variants) {
            if (v.unpricedRequests() > 0) {
                notes.add(unpricedNote.apply(v));
            }
        }
        for (AbResult.Variant v : variants) {
            List<String> keys = new ArrayList<>();
            if (v.users() == 0) {
                keys.addAll(List.of("cost_per_user_usd", "requests_per_user"));
            }
            if (v.requests() == 0) {
                keys.addAll(List.of("success_rate", "success_rate_ci", "cost_per_request_usd", "latency_p95_ms", "quality_mean"));
            }
            if (!keys.isEmpty()) {
                notes.add("Variant " + v.name() + ": " + String.join(", ", keys) + " are null: it keeps no user (users seen under "
                        + "several variants are left out).");
            } else {
                if (v.latencyP95Ms() == null) {
                    notes.add("Variant " + v.name() + ": latency_p95_ms is null: no request of its users logs a latency.");
                }
                if (v.qualityMean() == null) {
                    notes.add("Variant " + v.name() + ": quality_mean is null: no request of its users has a quality score.");
                }
            }
        }
        for (AbResult.Comparison c : comparisons) {
            if (c.lift() == null) {
                notes.add(c.variant() + " " + c.metric() + ": lift, ci_low, ci_high, p_value, p_adjusted, control_value and "
                        + "variant_value are null: " + c.test() + ".");
            } else if (c.metric().equals("latency_ms")) {
                notes.add(c.variant() + " latency_ms: ci_low and ci_high are null: the lift is on p95 and the Mann-Whitney test "
                        + "gives a p-value, no interval.");
            }
        }
        return notes;
    }

    /** More than MAX_UNPRICED_SHARE of the requests are of unpriced models: the cost cannot be measured. */
    static boolean tooUnpriced(long unpricedRequests, long requests) {
        return unpricedRequests > 0 && unpricedRequests > MAX_UNPRICED_SHARE * requests;
    }

    private String unpricedNote(AbResult.Variant v) {
        String raw = byVariant.keySet().stream().filter(k -> Redactor.redact(k).equals(v.name())).findFirst().orElse(v.name());
        String models = String.join(", ", unpricedModels.getOrDefault(raw, java.util.Set.of()));
        if (!tooUnpriced(v.unpricedRequests(), v.requests())) {
            return String.format(java.util.Locale.ROOT, "Variant %s: cost_usd, cost_per_user_usd, cost_per_request_usd and its cost comparisons are on its "
                    + "%d priced requests only: %d of its %d requests (%.1f%%, at most %.0f%%) are of models with no price (%s), whose cost "
                    + "is unknown (add them with --prices); per user, cost_per_user_usd and its comparison count each user's unpriced "
                    + "requests at that user's own priced rate (users with no priced request are left out), so unpriced requests never "
                    + "make a variant look cheaper.", v.name(), v.requests() - v.unpricedRequests(), v.unpricedRequests(),
                    v.requests(), 100.0 * v.unpricedRequests() / v.requests(), 100 * MAX_UNPRICED_SHARE, models);
        }
        return String.format(java.util.Locale.ROOT, "Variant %s: cost_usd, cost_per_user_usd and cost_per_request_usd are null: %d of its %d requests "
                + "(%.1f%%, more than %.0f%%) are of models with no price (%s), so its cost cannot be measured (add them with --prices).",
                v.name(), v.unpricedRequests(), v.requests(), 100.0 * v.unpricedRequests() / v.requests(), 100 * MAX_UNPRICED_SHARE, models);
    }

    /** Why cost cannot be compared between two variants, or null when neither has more than MAX_UNPRICED_SHARE unpriced. */
    private static String unpricedCost(String cs, UserTable c, String vs, UserTable t) {
        long uc = c.longSum(UserTable.UNPRICED), ut = t.longSum(UserTable.UNPRICED);
        long rc = c.longSum(UserTable.REQUESTS), rt = t.longSum(UserTable.REQUESTS);
        List<String> parts = new ArrayList<>();
        if (tooUnpriced(uc, rc)) {
            parts.add(cs + " has " + uc + " of " + rc + " requests of unpriced models");
        }
        if (tooUnpriced(ut, rt)) {
            parts.add(vs + " has " + ut + " of " + rt + " requests of unpriced models");
        }
        return parts.isEmpty() ? null : "not measurable: " + String.join(" and ", parts) + " (more than "
                + Math.round(100 * MAX_UNPRICED_SHARE) + "%), whose cost is unknown";
    }

    private static List<AbResult.Comparison> compare(UserTable c, String cs, UserTable t, String vs, double alpha, double theta,
                                                     double preMean) {
        double conf = 1 - alpha;
        List<AbResult.Comparison> out = new ArrayList<>();
        String noCost = unpricedCost(cs, c, vs, t);
        // per-user means: Welch on the difference, delta-method interval on the relative lift;
        // CUPED: Y - theta (X - mean X) removes the variance that pre-period spend explains, keeping the means comparable
        double[] cCost = measured(cupedCost(c, theta, preMean)), tCost = measured(cupedCost(t, theta, preMean));
        out.add(noCost != null ? unmeasured(vs, cs, "cost_per_user", noCost)
                : meanComparison(vs, cs, "cost_per_user", cCost, tCost, conf, theta != 0 ? "welch+cuped" : "welch"));
        out.add(meanComparison(vs, cs, "requests_per_user", c.column(UserTable.REQUESTS), t.column(UserTable.REQUESTS),
                conf, "welch"));
        out.add(noCost != null ? unmeasured(vs, cs, "cost_per_request", noCost)
                : ratioComparison(vs, cs, "cost_per_request", c, t, UserTable.COST, UserTable.PRICED_REQUESTS, conf));
        out.add(ratioComparison(vs, cs, "success_rate", c, t, UserTable.SUCCESSES, UserTable.REQUESTS, conf));
        out.add(ratioComparison(vs, cs, "quality", c.rated(), t.rated(), UserTable.QUALITY, UserTable.RATED, conf));
        double[] a = c.latencies(), b = t.latencies();
        if (a.length > 0 && b.length > 0) {
            double pc = Percentiles.of(a, a.length, 0.95)[0], pt = Percentiles.of(b, b.length, 0.95)[0];
            out.add(new AbResult.Comparison(vs, cs, "latency_ms", pt / pc - 1, null, null, Inference.mannWhitney(a, b)[1], null,
                    pc, pt, "mann-whitney (lift shown on p95)"));
        } else if (c.users() == 0 || t.users() == 0) {
            out.add(new AbResult.Comparison(vs, cs, "latency_ms", null, null, null, null, null, null, null, "no attributable users"));
        }
        return out;
    }

    private static AbResult.Comparison unmeasured(String v, String c, String metric, String why) {
        return new AbResult.Comparison(v, c, metric, null, null, null, null, null, null, null, why);
    }

    /** A relative lift over a control of 0 (or any non-finite figure) is undefined: null with the reason, never NaN. */
    private static AbResult.Comparison finite(AbResult.Comparison x) {
        boolean ok = java.util.stream.Stream.of(x.lift(), x.ciLow(), x.ciHigh(), x.pValue(), x.controlValue(), x.variantValue())
                .allMatch(d -> d == null || Double.isFinite(d));
        return ok ? x : unmeasured(x.variant(), x.control(), x.metric(), "not measurable: the control's value is "
                + (x.controlValue() == null ? "unknown" : x.controlValue()) + ", so a relative lift is undefined");
    }

    private static AbResult.Comparison meanComparison(String v, String c, String metric, double[] a, double[] b, double conf,
                                                      String test) {
        if (a.length < 2 || b.length < 2) {
            return new AbResult.Comparison(v, c, metric, null, null, null, null, null, null, null, "too few users (fewer than 2 in a variant)");
        }
        Inference.Result welch = Inference.welch(a, b, conf);
        Inference.Result lift = Inference.lift(Inference.meanOf(a), Inference.varOfMean(a), Inference.meanOf(b), Inference.varOfMean(b), conf);
        return finite(new AbResult.Comparison(v, c, metric, lift.estimate(), lift.low(), lift.high(), welch.pValue(), null,
                Inference.meanOf(a), Inference.meanOf(b), test));
    }

    private static AbResult.Comparison ratioComparison(String v, String c, String metric, UserTable a, UserTable b,
                                                       String num, String den, double conf) {
        if (a.users() < 2 || b.users() < 2) {
            return new AbResult.Comparison(v, c, metric, null, null, null, null, null, null, null, metric.equals("quality")
                    ? "too few users with a quality score (fewer than 2 in a variant)" : "too few users (fewer than 2 in a variant)");
        }
        double[] ra = Inference.ratio(a.column(num), a.column(den)), rb = Inference.ratio(b.column(num), b.column(den));
        Inference.Result lift = Inference.lift(ra[0], ra[1], rb[0], rb[1], conf);
        return finite(new AbResult.Comparison(v, c, metric, lift.estimate(), lift.low(), lift.high(), lift.pValue(), null, ra[0], rb[0],
                "delta-method ratio"));
    }

    /**
     * A user's cost with their unpriced requests (cost unknown) at the user's own priced rate: counting them $0 made a
     * variant look cheaper by its unpriced share. NaN when none of the user's requests is priced.
     */
    static double atPricedRate(UserStats s) {
        if (s.unpriced == 0) {
            return s.cost;
        }
        return s.requests > s.unpriced ? s.cost * s.requests / (s.requests - s.unpriced) : Double.NaN;
    }

    private static double[] measured(double[] v) {
        return Arrays.stream(v).filter(x -> !Double.isNaN(x)).toArray();
    }

    /** Each user's cost at their priced rate; with CUPED, Y - theta (X - mean X). */
    private static double[] cupedCost(UserTable users, double theta, double preMean) {
        double[] cost = users.column(UserTable.COST_AT_PRICED_RATE), pre = users.column(UserTable.PRE_SPEND);
        double[] out = new double[cost.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = cost[i] - theta * (pre[i] - preMean);
        }
        return out;
    }
}
