package io.techopt.analyze;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.techopt.core.Saving;
import io.techopt.core.SavingsLever;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * analyze --plan: the savings levers one after the other, in {@link #ORDER}, each on what the earlier ones left. A
 * request a cache answers is gone for every later lever; every other lever takes its share of the request's cost
 * (its stand-alone saving on that request over the request's cost) from what the request still costs. So the levers
 * never count one dollar twice, a lever acting alone saves exactly its stand-alone figure, and the combined saving is
 * never more than the cost.
 */
public final class SavingsPlan {
    /** Caches first (an answered request never reaches the provider), then what changes the call, then its price. */
    public static final List<String> ORDER = List.of("exact_cache", "semantic_cache", "prompt_cache", "routing",
            "compression", "batch");

    /** Levers whose latency the log cannot measure but that can only shorten a request (time to the first token). */
    static final List<String> ONLY_SHORTEN = List.of("prompt_cache", "compression");
    /** The lever that takes requests off-line: a Batch API answers within 24 h, not an answer time to average. */
    static final String OFFLINE = "batch";

    /** What a lever alone loses money on, in its own terms (a note must speak only of its own lever). */
    private static String lossOf(String lever) {
        return switch (lever) {
            case "prompt_cache" -> "the premium of a prefix cache write";
            case "routing" -> "a route to a dearer model";
            default -> "a request that costs more with it";
        };
    }

    /** -$0.0449, not $-0.0449. */
    private static String usd(double v) {
        return (v < 0 ? "-$" : "$") + String.format(Locale.ROOT, "%.4f", Math.abs(v));
    }

    /** A row of the seed's table of expected effects, as shares of cost. */
    record Expected(String label, double low, double high) {
    }

    static final Map<String, Expected> SEED = Map.of(
            "exact_cache", new Expected("L1 cache", 0.30, 0.50),
            "semantic_cache", new Expected("semantic cache", 0.20, 0.40),
            "routing", new Expected("routing", 0.20, 0.40),
            "compression", new Expected("prompt compression", 0.15, 0.25),
            "batch", new Expected("batching", 0.10, 0.20));

    /** The analyzer's live requests, by row (a row's place in the input). */
    interface Requests {
        int rows();

        boolean live(int row);

        long count(int row);

        /** NaN: the model has no price. */
        double cost(int row);

        /** NaN: not logged. */
        double latencyMs(int row);
    }

    /**
     * One lever in the plan. usd_saved and share_of_cost: what it saves on what the earlier levers left;
     * alone_usd and alone_share_of_cost: on the whole log as logged; latency_change_ms_mean: the change of the mean
     * latency per request of the log; quality_change: expected change of answer quality (0..1 scale) on the log;
     * applied: false when the lever's figure on what was left is negative (it would cost money), so the plan shows it
     * and leaves it out: later levers see the requests as before it and the combined saving does not count it.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Step(int step, String lever, boolean applied, Double usdSaved, Double shareOfCost, long requestsAffected,
                       Double aloneUsd, Double aloneShareOfCost, Double latencyChangeMsMean, Double qualityChange,
                       Double expectedFalseHits, String risk, String seedEffect, Double seedLow, Double seedHigh,
                       List<String> notes) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Result(List<String> order, Double costUsd, List<Step> levers, Double combinedUsdSaved,
                         Double combinedShareOfCost, Double costAfterUsd, Double sumOfAloneUsd,
                         Double latencyChangeMsMean, List<String> notes) {
        /** The notes that say why a figure is null, each naming its lever: what the report's warnings carry. */
        public List<String> nullNotes() {
            List<String> out = new ArrayList<>();
            for (String n : notes) {
                if (n.contains(" is null") || n.contains(" are null")) {
                    out.add("plan: " + n);
                }
            }
            for (Step s : levers) {
                for (String n : s.notes()) {
                    if (n.contains(" is null") || n.contains(" are null")) {
                        out.add("plan " + s.lever() + ": " + n);
                    }
                }
            }
            return out;
        }
    }

    private SavingsPlan() {
    }

    private static String noMoney(int n, Requests q) {
        for (int i = 0; i < n; i++) {
            if (q.live(i)) {
                return "no request of the log is of a priced model";
            }
        }
        return "no request was read";
    }

    /**
     * Why a lever saves more in the plan than alone, every reason that holds: earlier caches answered requests it
     * alone loses money on; earlier levers left requests it saves a share of dearer (routing to a dearer model), so
     * its share is more dollars; or left requests it loses on cheaper, so it loses less.
     */
    private static String savesMoreNote(Saving a, double saved, long lossGoneRequests, double lossGone, BitSet raised,
                                        double raisedGain, BitSet lessLossAt, double lessLoss, Map<String, BitSet> raisedBy,
                                        Map<String, BitSet> loweredBy) {
        List<String> why = new ArrayList<>();
        if (lossGoneRequests > 0) {
            why.add(String.format(Locale.ROOT, "the earlier caches answer %d request%s on which it alone loses $%.4f (%s); "
                    + "a request that never reaches the provider costs nothing more, so that loss is gone", lossGoneRequests,
                    lossGoneRequests == 1 ? "" : "s", lossGone, lossOf(a.lever())));
        }
        if (raisedGain > 0) {
            why.add(String.format(Locale.ROOT, "%s left %d request%s it acts on costing more than as logged (%s), and it "
                    + "takes its share of what a request costs then: $%.4f more", who(raised, raisedBy), raised.cardinality(),
                    raised.cardinality() == 1 ? "" : "s", String.join("; ", whys(raised, raisedBy)), raisedGain));
        }
        if (lessLoss > 0) {
            why.add(String.format(Locale.ROOT, "%s left %d request%s on which it alone loses money (%s) costing less than "
                    + "as logged, so it loses $%.4f less", who(lessLossAt, loweredBy), lessLossAt.cardinality(),
                    lessLossAt.cardinality() == 1 ? "" : "s", lossOf(a.lever()), lessLoss));
        }
        if (why.isEmpty()) {
            why.add("a share above the whole request counts only the request's cost in the plan"); // not reached: f <= 1
        }
        return String.format(Locale.ROOT, "%s in the plan (%s) than alone (%s): %s; on every other request "
                + "still left it takes its stand-alone share of what the request still costs, and no dollar is counted "
                + "twice%s%s", saved < 0 ? "loses less" : "saves more", usd(saved), usd(a.usd()), String.join("; ", why), lossGoneRequests > 0 ? " (the cache's saving on a "
                + "request is its whole cost, the lever's then nothing)" : "", lossGoneRequests > 0 && a.lever().equals("prompt_cache")
                ? ". The requests are not replayed: a prefix a cached request would have written is assumed still written for "
                + "the later ones" : "");
    }

    /** The earlier levers that changed any of {@code rows}, in plan order. */
    private static String who(BitSet rows, Map<String, BitSet> by) {
        List<String> out = new ArrayList<>();
        by.forEach((lever, changed) -> {
            if (changed.intersects(rows)) {
                out.add(lever);
            }
        });
        return out.isEmpty() ? "the earlier levers" : String.join(" and ", out);
    }

    /** What each earlier lever that raised any of {@code rows} does that costs more. */
    private static List<String> whys(BitSet rows, Map<String, BitSet> by) {
        List<String> out = new ArrayList<>();
        by.forEach((lever, changed) -> {
            if (changed.intersects(rows)) {
                out.add(lossOf(lever));
            }
        });
        return out;
    }

    /**
     * The combined saving against the sum of the stand-alone figures, with every lever that makes the difference and
     * its dollars, on both sides (review r11 #7): an applied lever saving more or less in the plan than alone, a lever
     * not applied whose stand-alone figure is in the sum only. The amounts named add up to the gap. Levers that could not
     * be measured are in neither figure: the combined saving is then a lower bound and nothing is said of how they
     * overlap (review r11 #9).
     */
    private static String combinedNote(double total, double combined, double sumAlone, List<Step> steps) {
        String together = String.format(Locale.ROOT, "together the levers save $%.4f (%.1f%% of $%.4f)", combined,
                total > 0 ? 100 * combined / total : 0.0, total);
        List<String> more = new ArrayList<>(), less = new ArrayList<>(), inSumOnly = new ArrayList<>(), unmeasured = new ArrayList<>();
        for (Step s : steps) {
            if (s.aloneUsd() == null) {
                unmeasured.add(s.lever());
            } else if (!s.applied()) {
                if (Math.abs(s.aloneUsd()) > 1e-9) {
                    inSumOnly.add(s.aloneUsd() < 0 ? "the stand-alone loss of " + s.lever() + " (" + usd(s.aloneUsd()) + ")"
                            : s.lever() + "'s stand-alone saving (" + usd(s.aloneUsd()) + ")");
                }
            } else if (s.usdSaved() > s.aloneUsd() + 1e-9) {
                more.add(s.lever() + (more.isEmpty() ? " saves " : " ") + usd(s.usdSaved() - s.aloneUsd()) + " more");
            } else if (s.usdSaved() < s.aloneUsd() - 1e-9) {
                less.add(s.lever() + (less.isEmpty() ? " saves " : " ") + usd(s.aloneUsd() - s.usdSaved()) + " less");
            }
        }
        List<String> why = new ArrayList<>();
        if (!more.isEmpty()) {
            why.add(String.join(" and ", more) + " in the plan than alone (" + (more.size() == 1 ? "its note says" : "their notes say")
                    + " why)");
        }
        if (!less.isEmpty()) {
            why.add(String.join(" and ", less) + " in the plan than alone (" + (less.size() == 1 ? "it acts" : "they act")
                    + " on requests an earlier lever already answered or made cheaper: they overlap where two act on one request)");
        }
        if (!inSumOnly.isEmpty()) {
            why.add(String.join(" and ", inSumOnly) + ", not applied, " + (inSumOnly.size() == 1 ? "is" : "are") + " in the sum only");
        }
        String bound = unmeasured.isEmpty() ? "" : "; the combined figure is a lower bound: " + String.join(", ", unmeasured)
                + (unmeasured.size() == 1 ? " could not be measured and is" : " could not be measured and are") + " in neither figure";
        String measured = unmeasured.isEmpty() ? "" : " measured";
        if (Math.abs(combined - sumAlone) <= 1e-9) {
            return together + ", the" + measured + " stand-alone figures' sum: " + (why.isEmpty()
                    ? (unmeasured.isEmpty() ? "no two act on one request" : "no two of the measured levers act on one request")
                    : "the differences cancel: " + String.join("; ", why)) + bound;
        }
        String gap = String.format(Locale.ROOT, "%s than the%s stand-alone figures' sum of %s by %s", combined > sumAlone ? "more" : "less",
                measured, usd(sumAlone), usd(Math.abs(combined - sumAlone)));
        return together + ", " + gap + (why.isEmpty() ? "" : ": " + String.join("; ", why)) + bound;
    }

    static Result run(List<SavingsLever.Effect> effects, Requests q) {
        List<SavingsLever.Effect> sorted = new ArrayList<>(effects);
        sorted.sort(Comparator.comparingInt(e -> {
            int k = ORDER.indexOf(e.alone().lever());
            return k < 0 ? ORDER.size() : k;
        }));
        int n = q.rows();
        double[] cur = new double[n];
        double[] lat = new double[n];
        BitSet served = new BitSet(n);
        double total = 0;
        long priced = 0, withLatency = 0;
        for (int i = 0; i < n; i++) {
            if (!q.live(i)) {
                continue;
            }
            cur[i] = q.cost(i);
            lat[i] = q.latencyMs(i);
            if (!Double.isNaN(cur[i])) {
                total += cur[i];
                priced++;
            }
            if (!Double.isNaN(lat[i])) {
                withLatency++;
            }
        }
        boolean money = priced > 0;
        List<Step> steps = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        double sumAlone = 0, latencyAll = 0;
        List<String> notApplied = new ArrayList<>();
        // the plan's latency: the levers that measure one add up; ONLY_SHORTEN levers make it an upper bound; requests
        // OFFLINE takes leave the mean; any other lever that acts without a latency makes it unknown
        List<String> latencyMeasuredBy = new ArrayList<>(), latencyShortenedBy = new ArrayList<>(),
                latencyUnknownBy = new ArrayList<>();
        BitSet offline = new BitSet(n);
        // per applied lever, the requests it left costing more (raised) or less (lowered) than as logged
        Map<String, BitSet> raisedBy = new java.util.LinkedHashMap<>(), loweredBy = new java.util.LinkedHashMap<>();
        int k = 0;
        for (SavingsLever.Effect e : sorted) {
            k++;
            Saving a = e.alone();
            Expected seed = SEED.get(a.lever());
            List<String> stepNotes = new ArrayList<>(e.notes());
            if (seed == null) {
                stepNotes.add("seed_effect, seed_low and seed_high are null: the seed's table of expected effects has no row for "
                        + "this lever");
            }
            if (a.usd() == null || !money) {
                String why = !money ? noMoney(n, q)
                        : a.assumptions().isEmpty() ? "not measured" : a.assumptions().get(0).replaceFirst("^not measured: ", "");
                stepNotes.add(0, "usd_saved, share_of_cost, alone_usd, alone_share_of_cost and latency_change_ms_mean are null: " + why);
                if (e.qualityChange() == null) {
                    stepNotes.add("quality_change is null: " + (e.qualityNote() == null ? why : e.qualityNote()));
                }
                notes.add(a.lever() + " is not in the combined saving: " + why);
                steps.add(new Step(k, a.lever(), false, null, null, 0, null, null, null, e.qualityChange(), e.expectedFalseHits(),
                        e.risk(), seed == null ? null : seed.label(), seed == null ? null : seed.low(),
                        seed == null ? null : seed.high(), stepNotes));
                continue; // not in the plan: it changes no request's cost or latency
            }
            stepNotes.addAll(a.assumptions()); // what the stand-alone figure assumes (route-sim's strategy, compress's target)
            SavingsLever.PerRequest p = e.perRequest();
            // run on copies: a lever that would cost money on what is left is shown but not applied
            double[] curBefore = cur.clone(), latBefore = lat.clone();
            BitSet servedBefore = (BitSet) served.clone();
            double saved = 0, latSum = 0, lossGone = 0, raisedGain = 0, lessLoss = 0;
            long affected = 0, lossGoneRequests = 0;
            BitSet moved = new BitSet(n), raisedNow = new BitSet(n), loweredNow = new BitSet(n);
            BitSet raisedSeen = new BitSet(n), lessLossSeen = new BitSet(n); // requests an earlier lever raised or lowered
            for (int i = 0; i < n; i++) {
                if (!q.live(i)) {
                    continue;
                }
                if (served.get(i)) {
                    // a request an earlier cache answers: what this lever alone would have lost on it is gone too
                    double g = p.costShareRemoved(i), c = q.cost(i);
                    if (g < 0 && !Double.isNaN(c)) {
                        lossGone += -g * c;
                        lossGoneRequests += q.count(i);
                    }
                    continue;
                }
                double f = p.costShareRemoved(i);
                if (f == 0 || Double.isNaN(f)) {
                    continue;
                }
                f = Math.min(1, f);
                affected += q.count(i);
                moved.set(i);
                if (!Double.isNaN(cur[i])) {
                    double c = q.cost(i);
                    // against alone (f x the logged cost): an earlier lever left this request dearer, so its share of it
                    // is more; or cheaper, so a loss on it is less
                    if (f > 0 && cur[i] > c + 1e-15) {
                        raisedGain += f * (cur[i] - c);
                        raisedSeen.set(i);
                    } else if (f < 0 && cur[i] < c - 1e-15) {
                        lessLoss += -f * (c - cur[i]);
                        lessLossSeen.set(i);
                    }
                    double d = f >= 1 ? cur[i] : cur[i] * f;
                    saved += d;
                    cur[i] -= d;
                    (d < 0 ? raisedNow : loweredNow).set(i, d != 0);
                }
                if (e.servesFromCache() && f >= 1) {
                    served.set(i);
                    if (!Double.isNaN(lat[i])) {
                        latSum -= lat[i];
                        lat[i] = 0;
                    }
                } else if (e.latencyMeasured()) {
                    double dl = p.latencyChangeMs(i);
                    if (!Double.isNaN(dl) && !Double.isNaN(lat[i])) {
                        latSum += dl;
                        lat[i] += dl;
                    }
                }
            }
            boolean applied = saved >= 0;
            if (saved > a.usd() + 1e-9) {
                stepNotes.add(savesMoreNote(a, saved, lossGoneRequests, lossGone, raisedSeen, raisedGain, lessLossSeen,
                        lessLoss, raisedBy, loweredBy));
            }
            if (applied) {
                raisedBy.put(a.lever(), raisedNow);
                loweredBy.put(a.lever(), loweredNow);
            }
            if (!applied) {
                cur = curBefore;
                lat = latBefore;
                served = servedBefore;
                stepNotes.add(0, String.format(Locale.ROOT, "not recommended: it costs more than it saves on this traffic "
                        + "(%s on what the earlier levers left), so the plan shows it and does not apply it: it is not in "
                        + "combined_usd_saved, cost_after_usd or the plan's latency change, and later levers act on the "
                        + "requests as if it were not there", usd(saved)));
                notApplied.add(a.lever());
            }
            boolean latencyFigure = (e.servesFromCache() || e.latencyMeasured()) && withLatency > 0;
            if (!latencyFigure) {
                stepNotes.add("latency_change_ms_mean is null: " + (withLatency == 0 ? "no request logs a latency"
                        : e.latencyNote() == null ? "not measured" : e.latencyNote()));
            }
            if (applied && withLatency > 0) {
                if (latencyFigure) {
                    latencyAll += latSum;
                    latencyMeasuredBy.add(a.lever());
                } else if (affected == 0) {
                    // acts on no request: changes no latency
                } else if (a.lever().equals(OFFLINE)) {
                    offline.or(moved);
                } else if (ONLY_SHORTEN.contains(a.lever())) {
                    latencyShortenedBy.add(a.lever());
                } else {
                    latencyUnknownBy.add(a.lever());
                }
            }
            if (e.qualityChange() == null && e.qualityNote() != null) {
                stepNotes.add("quality_change is null: " + e.qualityNote());
            }
            Double falseHits = e.expectedFalseHits();
            if (falseHits != null && a.requests() > 0) {
                falseHits = falseHits * affected / a.requests(); // the hits still left to it in the plan
            }
            sumAlone += a.usd();
            steps.add(new Step(k, a.lever(), applied, saved, total > 0 ? saved / total : null, affected, a.usd(),
                    total > 0 ? a.usd() / total : null, latencyFigure ? latSum / withLatency : null, e.qualityChange(),
                    falseHits, e.risk(), seed == null ? null : seed.label(), seed == null ? null : seed.low(),
                    seed == null ? null : seed.high(), stepNotes));
        }
        double after = 0;
        for (int i = 0; i < n; i++) {
            if (q.live(i) && !Double.isNaN(cur[i])) {
                after += cur[i];
            }
        }
        notes.add(0, "levers applied one after the other in this order: " + String.join(", ", sorted.stream()
                .map(e -> e.alone().lever()).toList()) + "; a request a cache answers is gone for every later lever, and "
                + "each other lever takes its own share of a request's cost (its stand-alone saving on that request over the "
                + "request's cost) from what the request still costs, so no dollar is counted twice");
        if (money) {
            notes.add(combinedNote(total, total - after, sumAlone, steps));
        } else {
            notes.add("cost_usd, combined_usd_saved, combined_share_of_cost, cost_after_usd and sum_of_alone_usd are null: "
                    + noMoney(n, q));
        }
        if (!notApplied.isEmpty()) {
            notes.add("not applied (each would cost more than it saves on what the earlier levers left, so a plan you act on "
                    + "leaves it out; its usd_saved is shown and is not in combined_usd_saved): " + String.join(", ", notApplied));
        }
        Double latencyChange = null;
        if (withLatency == 0) {
            notes.add("latency_change_ms_mean (the whole plan's) is null: no request logs a latency");
        } else if (steps.stream().noneMatch(Step::applied)) {
            notes.add("latency_change_ms_mean (the whole plan's) is null: no lever is applied, so the plan changes nothing");
        } else if (!latencyUnknownBy.isEmpty()) {
            notes.add("latency_change_ms_mean (the whole plan's) is null: " + String.join(", ", latencyUnknownBy)
                    + " changes requests by a latency the log does not measure, and it could lengthen them as well as shorten them");
        } else {
            // requests taken off-line leave the mean, with the change earlier levers made to them
            long movedWithLatency = 0, movedRequests = 0;
            double movedChange = 0;
            for (int i = offline.nextSetBit(0); i >= 0; i = offline.nextSetBit(i + 1)) {
                movedRequests += q.count(i);
                if (!Double.isNaN(q.latencyMs(i))) {
                    movedWithLatency++;
                    movedChange += lat[i] - q.latencyMs(i);
                }
            }
            long online = withLatency - movedWithLatency;
            if (online == 0) {
                notes.add("latency_change_ms_mean (the whole plan's) is null: every request with a logged latency goes to a "
                        + "Batch API (batch), whose answers come within 24 h: no request is left answered at once");
            } else {
                latencyChange = (latencyAll - movedChange) / online;
                notes.add(String.format(Locale.ROOT, "latency_change_ms_mean (the whole plan's): %.1f ms, the change of the "
                        + "mean latency per request of the %d requests with a logged latency%s, from %s%s", latencyChange, online,
                        movedRequests > 0 ? " still answered at once" : "", latencyMeasuredBy.isEmpty() ? "no lever (none changes one)"
                        : String.join(", ", latencyMeasuredBy), movedRequests > 0 ? "" : " (the sum of their figures)"));
                if (movedRequests > 0) {
                    notes.add(String.format(Locale.ROOT, "the %d requests batch moves to a Batch API leave the plan's latency "
                            + "mean: their answers come within 24 h instead of at once, which is not an answer time to average "
                            + "with the others (the mean is over the requests still answered at once, so it is not the sum "
                            + "of the levers' figures, which are over the whole log)", movedRequests));
                }
                if (!latencyShortenedBy.isEmpty()) {
                    notes.add("the plan's latency change is at most this: " + String.join(" and ", latencyShortenedBy)
                            + " shorten the time to the first token of the requests they act on by an amount the log does "
                            + "not record");
                }
            }
        }
        if (money && total == 0) {
            notes.add("share_of_cost, alone_share_of_cost and combined_share_of_cost are null: the log's priced requests cost $0");
        }
        notes.add("expected_false_hits is null for every lever but semantic_cache: only a semantic cache answers a question "
                + "with another question's answer");
        notes.add("share_of_cost and the seed's ranges are shares of the whole log's cost; requests_affected counts the "
                + "requests a lever still acts on in the plan (a cache's hits, a routed or compressed request, a cache write)");
        return new Result(sorted.stream().map(e -> e.alone().lever()).toList(), money ? total : null, steps,
                money ? total - after : null, money && total > 0 ? (total - after) / total : null, money ? after : null,
                money ? sumAlone : null, latencyChange, notes);
    }
}
