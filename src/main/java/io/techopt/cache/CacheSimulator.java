package io.techopt.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.techopt.cache.memory.MemoryCache;
import io.techopt.cache.memory.MemoryVectorIndex;
import io.techopt.core.Derived;
import io.techopt.core.LogRecord;
import io.techopt.core.Saving;
import io.techopt.core.Usage;
import io.techopt.embed.Embedder;
import io.techopt.ingest.RecordSink;
import io.techopt.pricing.Pricer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replays a log through the cache layers as they would have stood: each request looks up L1, L2 and L3 at its own
 * time (TTLs run on the log's clock), a hit saves the request's cost and latency, a miss that got an answer
 * stores it. Requests are looked up in the log's order; the semantic layer embeds them in batches.
 */
public final class CacheSimulator implements RecordSink {
    /**
     * Layer sizes and TTLs; semantic null: no L3. maxError non-null: the semantic layer's adaptive policy under that
     * bound instead of the threshold, starting from learnedState (a warm's, kept with its index; null: nothing learned).
     */
    public record Config(int l1Entries, Duration l1Ttl, int l2Entries, Duration l2Ttl, Embedder embedder, double threshold,
                         boolean guards, int semanticEntries, Duration l3Ttl, String namespace, Double maxError, String learnedState) {
    }

    private static final int BATCH = 256;
    /** A lookup in Redis on a local network, for the latency a hit still costs. */
    private static final double L2_LOOKUP_MS = 1.0;

    private final Config c;
    private final Pricer pricer;
    private long now;
    private final MemoryCache l1, l2;
    private final SemanticCache l3;
    /** The semantic layer's index: the replay deletes from it what a superseded copy stored. */
    private final MemoryVectorIndex l3Index;
    private final MultiLayerCache cache;
    private final List<Pending> pending = new ArrayList<>();
    private final SkipTally skipped = new SkipTally();
    /**
     * A request logged again under its id counts once, with its last copy (as in analyze): the earlier copy is taken
     * back out of every figure, and the answer it stored is evicted from the exact layers, so that its retry does not
     * hit its own earlier copy, and so is the vector it stored in the semantic layer. What the earlier copy did
     * meanwhile stays: hits it gave to other requests before the retry.
     */
    private final io.techopt.ingest.RepeatedRequests.Ledger<Kept> repeated =
            new io.techopt.ingest.RepeatedRequests.Ledger<>(Kept::new, this::undo);

    /** What one request added (never its text): a later copy of the same request id takes it back out. */
    private static final class Kept extends SkipTally.Entry {
        long count;
        double usd;
        boolean outOfOrder;
        /** Waiting for its batch (null once replayed, or when not looked up). */
        Pending pending;
        /** Once replayed: its lookup's layer (0: a miss), the latency its hit saved, the key it stored (null: none). */
        boolean replayed;
        int layer;
        double latencySaved;
        String storedKey;
        /** The request's place in the input (see core.SavingsLever). */
        int seq;
        /** Whether it stored its vector in the semantic layer (under storedKey). */
        boolean storedVector;
        /** Logged without its prompt (or as an aggregate row): no cache can match it. */
        boolean promptless;
    }

    /** Records that repeated an earlier request id (logged twice) and were counted once: ingest's duplicate_request_ids. */
    public long repeatedRequestIds() {
        return repeated.repeats();
    }
    private long requests, lookups, outOfOrder, promptless, lastTs = Long.MIN_VALUE;
    /** Records accepted so far, and the requests the semantic layer answered by their place in the input. */
    private int accepted;
    private final io.techopt.core.RequestFigures semanticHits = new io.techopt.core.RequestFigures();
    private Saving semanticSaving;
    private final long[] hits = new long[4];
    private final double[] savedUsd = new double[4];
    private double cost, latencySaved, l3LookupMs;
    /** Semantic hits whose request logged a latency, and those latencies' sum: the lookup's mean is taken off at the end. */
    private long l3HitsWithLatency, hitsWithLatency;
    private double l3HitLatency;
    private long l3Lookups;
    /** The adaptive policy: candidates verified against the logged answer, those done, served hits whose logged answer differs. */
    private long explorations, verified, servedAnswerDiffers;
    private final long restoredOutcomes;

    /** A lookup waiting for its batch; the replay writes what it did into its request's {@link Kept}. answerFp: the adaptive policy's. */
    private record Pending(CacheRequest q, long ts, double cost, double latency, boolean semantic, boolean store, Kept owner, String answerFp) {
    }

    /** What the replay stores: a hit's saving depends on the request, never on the answer, so answers are not kept. */
    private static final String ANSWER = "";

    public CacheSimulator(Config c, Pricer pricer) {
        this.c = c;
        this.pricer = pricer;
        this.l1 = new MemoryCache(c.l1Entries(), Long.MAX_VALUE, () -> now);
        this.l2 = c.l2Entries() > 0 ? new MemoryCache(c.l2Entries(), Long.MAX_VALUE, () -> now) : null;
        this.l3Index = c.embedder() == null ? null : new MemoryVectorIndex(c.semanticEntries());
        AdaptiveState state = null;
        if (c.embedder() != null && c.maxError() != null) {
            try {
                state = AdaptiveState.fromJson(c.learnedState(), c.maxError());
            } catch (IOException e) {
                throw new IllegalArgumentException("the adaptive state to start from cannot be read: " + e.getMessage(), e);
            }
        }
        this.restoredOutcomes = state == null ? 0 : state.outcomes();
        this.l3 = c.embedder() == null ? null : new SemanticCache(c.embedder(), l3Index, c.threshold(), c.guards(),
                c.l3Ttl(), () -> now, state);
        this.cache = new MultiLayerCache(l1, c.l1Ttl(), l2, c.l2Ttl(), null);
    }

    /** What accept needs of a record's text, derived on a parser thread (another sink may drop the text after). */
    private record Prepared(CachePolicy.Skip why, CacheRequest q, boolean semantic, boolean store, boolean promptless, String answerFp) {
    }

    /**
     * Time-sensitive and personal prompts never touch the cache. A conversation, or a prompt pointing at content
     * outside it, is safe for the exact layers only (the whole context must match); errors are looked up, not stored.
     */
    /** What the replay needs of a record, taken from its text on a parser thread. */
    private static final Derived.Key<Prepared> PREPARED = Derived.Key.of("cache.prepared", Prepared.class);

    @Override
    public LogRecord prepare(LogRecord r) {
        CachePolicy.Skip why = CachePolicy.check(r);
        boolean exactOnly = why == CachePolicy.Skip.MULTI_TURN || why == CachePolicy.Skip.REFERS_ELSEWHERE;
        boolean lookup = r.hasPrompt() && r.count == 1 && (why == null || exactOnly || why == CachePolicy.Skip.ERROR
                || why == CachePolicy.Skip.NO_PROMPT);
        boolean store = (why == null || exactOnly) && !r.error && r.response != null && !r.response.isBlank();
        return r.with(PREPARED, new Prepared(why, lookup ? CacheRequest.of(c.namespace(), r) : null, lookup && !exactOnly,
                store, !r.hasPrompt() || r.count != 1,
                lookup && c.maxError() != null && !r.error ? SemanticCache.answerFingerprint(r.response) : null));
    }

    @Override
    public void accept(LogRecord r) {
        Kept k = repeated.entry(r);
        k.seq = accepted++;
        k.count = r.count;
        SkipTally.reset(k);
        k.pending = null;
        k.replayed = false;
        k.layer = 0;
        k.latencySaved = 0;
        k.storedKey = null;
        k.storedVector = false;
        requests += r.count;
        double usd = r.costAsLogged ? r.loggedCostUsd
                : pricer.cost(r.model, r.provider, r.timestampMs, r.usage == null ? Usage.ZERO : r.usage, r.batch);
        k.usd = usd;
        if (!Double.isNaN(usd)) {
            cost += usd;
        }
        k.outOfOrder = r.timestampMs < lastTs;
        if (k.outOfOrder) {
            outOfOrder++;
        }
        lastTs = Math.max(lastTs, r.timestampMs);
        Prepared p = r.derived(PREPARED);
        k.promptless = p.promptless(); // the text may be gone by now: prepare saw it
        if (k.promptless) {
            promptless += r.count;
        }
        if (p.q() == null) {
            skipped.skip(k, p.why() == null ? CachePolicy.Skip.NO_PROMPT : p.why(), r.count);
            return;
        }
        if (!p.semantic()) {
            skipped.skip(k, p.why(), r.count); // counted as kept from the semantic layer, still looked up exactly
        }
        k.pending = new Pending(p.q(), r.timestampMs, Double.isNaN(usd) ? 0 : usd, r.latencyMs, p.semantic(), p.store(), k, p.answerFp());
        pending.add(k.pending);
        if (pending.size() >= BATCH) {
            flush();
        }
    }

    /**
     * This replay as a sink handed every record that replays only those {@code earlier} does not mark by their place in the
     * input: each request id's last copy alone, as though the log held no repeat (review rev22 MED-2: the undo below
     * leaves the hits an earlier copy gave in between, and a log read twice lost 43% of analyze's semantic_cache lever).
     * A record left out keeps its place in the numbering the plan's per-request figures follow.
     */
    public RecordSink lastCopiesOnly(java.util.BitSet earlier) {
        return new RecordSink() {
            private int arrival;

            @Override
            public LogRecord prepare(LogRecord r) {
                return CacheSimulator.this.prepare(r);
            }

            @Override
            public void accept(LogRecord r) {
                if (earlier.get(arrival++)) {
                    accepted++;
                } else {
                    CacheSimulator.this.accept(r);
                }
            }
        };
    }

    /** Takes an earlier copy of a request back out of every figure (see {@link #repeated}). */
    private void undo(Kept k) {
        requests -= k.count;
        if (k.promptless) {
            promptless -= k.count;
        }
        if (!Double.isNaN(k.usd)) {
            cost -= k.usd;
        }
        if (k.outOfOrder) {
            outOfOrder--;
        }
        skipped.undo(k);
        if (k.pending != null) {
            pending.remove(k.pending); // still waiting for its batch: never replayed
            k.pending = null;
            return;
        }
        if (!k.replayed) {
            return;
        }
        lookups--;
        if (k.layer == 3) {
            semanticHits.set(k.seq, 0);
        }
        if (k.layer > 0) {
            hits[k.layer]--;
            savedUsd[k.layer] -= Double.isNaN(k.usd) ? 0 : k.usd;
            if (!Double.isNaN(k.latencySaved)) {
                hitsWithLatency--;
                if (k.layer == 3) {
                    l3HitsWithLatency--;
                    l3HitLatency -= k.latencySaved;
                } else {
                    latencySaved -= k.latencySaved;
                }
            }
        }
        if (k.storedKey != null) {
            l1.evict(k.storedKey);
            if (l2 != null) {
                l2.evict(k.storedKey);
            }
            if (k.storedVector) {
                l3Index.delete(k.storedKey);
            }
        }
    }

    private void flush() {
        List<Pending> forL3 = pending.stream().filter(Pending::semantic).toList();
        List<float[]> embedded = l3 == null || forL3.isEmpty() ? List.of() : c.embedder().embedAll(forL3.stream().map(p -> p.q().text()).toList());
        java.util.IdentityHashMap<Pending, float[]> vectors = new java.util.IdentityHashMap<>();
        for (int i = 0; i < forL3.size() && i < embedded.size(); i++) {
            vectors.put(forL3.get(i), embedded.get(i));
        }
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            Kept k = p.owner();
            k.pending = null; // the prompt's text goes with it: a kept request holds numbers only
            k.replayed = true;
            now = p.ts();
            lookups++;
            MultiLayerCache.Lookup hit = cache.get(p.q());
            int layer = hit.layer();
            if (!hit.hit() && l3 != null && p.semantic()) {
                long t0 = System.nanoTime();
                var h = l3.adaptive() == null ? l3.lookup(p.q(), vectors.get(p)) : adaptiveLookup(p, vectors.get(p));
                l3LookupMs += (System.nanoTime() - t0) / 1e6;
                l3Lookups++;
                if (h.isPresent()) {
                    layer = 3;
                    cache.put(p.q(), ANSWER); // backfill L1 and L2 under this prompt's key
                    k.storedKey = p.q().key();
                }
            }
            k.layer = layer;
            if (layer == 3) {
                semanticHits.set(k.seq, 1);
            }
            if (layer > 0) {
                hits[layer]++;
                savedUsd[layer] += p.cost();
                k.latencySaved = Double.NaN;
                if (!Double.isNaN(p.latency())) {
                    hitsWithLatency++;
                    if (layer == 3) {
                        k.latencySaved = p.latency();
                        l3HitsWithLatency++;
                        l3HitLatency += p.latency();
                    } else {
                        k.latencySaved = Math.max(0, p.latency() - (layer == 2 ? L2_LOOKUP_MS : 0));
                        latencySaved += k.latencySaved;
                    }
                }
            } else if (p.store()) {
                cache.put(p.q(), ANSWER);
                k.storedKey = p.q().key();
                if (l3 != null && p.semantic()) {
                    l3.store(p.q(), ANSWER, p.answerFp(), vectors.get(p));
                    k.storedVector = true;
                }
            }
        }
        pending.clear();
    }

    /**
     * The adaptive policy on a log: a served candidate is a hit; one to explore is a miss (the model answers, as logged)
     * whose logged answer is compared with the entry's, and both entries learn from it.
     */
    private java.util.Optional<SemanticCache.Hit> adaptiveLookup(Pending p, float[] vector) {
        var cand = l3.adaptiveLookup(p.q(), vector);
        if (cand.isEmpty()) {
            return java.util.Optional.empty();
        }
        SemanticCache.Candidate c = cand.get();
        switch (c.decision()) {
            case SERVE -> {
                if (c.answerFp() != null && p.answerFp() != null && !c.answerFp().equals(p.answerFp())) {
                    servedAnswerDiffers++;
                }
                return java.util.Optional.of(c.hit());
            }
            case EXPLORE -> {
                explorations++;
                verified += l3.verify(c, p.q(), p.answerFp()) ? 1 : 0;
            }
            case MISS -> {
            }
        }
        return java.util.Optional.empty();
    }

    public SimulationResult finish(Path calibrationFile) throws IOException {
        flush();
        long allHits = hits[1] + hits[2] + hits[3];
        double saved = savedUsd[1] + savedUsd[2] + savedUsd[3];
        double meanL3 = l3Lookups == 0 ? 0 : l3LookupMs / l3Lookups;
        // a semantic hit saves its logged latency less the lookup; one that logged none saves an unknown time, not minus
        // the lookup (review r16 #1: -8.66 ms, a different figure each run, on a log without latencies)
        latencySaved += Math.max(0, l3HitLatency - l3HitsWithLatency * meanL3);
        Double latencySavedMs = allHits > 0 && hitsWithLatency == 0 ? null : latencySaved;
        Double precision = null;
        String source = null;
        List<String> notes = new ArrayList<>();
        if (l3 != null) {
            List<JsonNode> cals = new ArrayList<>();
            if (calibrationFile != null) {
                cals.add(new ObjectMapper().readTree(calibrationFile.toFile()));
            } else {
                builtinCalibration().path("calibrations").forEach(cals::add);
            }
            source = calibrationFile != null ? calibrationFile.getFileName().toString() : "built-in: QQP, 20,000 pairs";
            for (JsonNode cal : cals) {
                if (l3.adaptive() == null && cal.path("embedder").asText().equals(c.embedder().name()) && cal.path("guards").asBoolean() == c.guards()) {
                    precision = precisionAt(cal, c.threshold());
                }
            }
            if (l3.adaptive() != null) {
                notes.add("semantic.threshold, expected_precision, expected_false_hits, false_hit_rate and calibration are null: the "
                        + "adaptive policy has no single threshold; it serves only under its error bound (semantic.adaptive)");
                source = null;
            } else if (precision == null) {
                notes.add("semantic.expected_precision, expected_false_hits, false_hit_rate and calibration are null: no calibration for "
                        + c.embedder().name() + (c.guards() ? " with" : " without")
                        + " guards at this threshold: run cache-warm calibrate --pairs FILE and pass --calibration");
                source = null;
            }
        }
        List<SimulationResult.Layer> layers = new ArrayList<>();
        layers.add(new SimulationResult.Layer("l1", String.format(Locale.ROOT, "memory, %,d entries, TTL %s", c.l1Entries(), human(c.l1Ttl())), hits[1], savedUsd[1]));
        if (l2 != null) {
            layers.add(new SimulationResult.Layer("l2", String.format(Locale.ROOT, "redis, %,d entries, TTL %s", c.l2Entries(), human(c.l2Ttl())), hits[2], savedUsd[2]));
        }
        if (l3 != null) {
            layers.add(new SimulationResult.Layer("l3", String.format(Locale.ROOT, "semantic, %s, %s%s, %,d entries, TTL %s",
                    c.embedder().name(), l3.adaptive() == null ? String.format(Locale.ROOT, "cosine >= %.3f", c.threshold())
                            : String.format(Locale.ROOT, "adaptive, max error %.3f", c.maxError()), c.guards() ? " and guards" : "", c.semanticEntries(),
                    c.l3Ttl() == null ? "none" : human(c.l3Ttl())), hits[3], savedUsd[3]));
        }
        List<SimulationResult.Skipped> skips = new ArrayList<>();
        skipped.counts().forEach((k, v) -> skips.add(new SimulationResult.Skipped(k.label, v)));
        notes.add("a hit saves the request's whole cost and its logged latency, less the lookup (L2: 1 ms; L3: the measured "
                + "embedding and search time); errors are looked up but never stored");
        if (repeated.repeats() > 0) {
            notes.add(repeated.repeats() + " records repeat an earlier request id (logged twice) and were counted once, with "
                    + "the last copy (what an earlier copy stored, its answer in the exact layers and its vector in the semantic layer, "
                    + "was taken back out; hits it gave other requests before the later copy arrived stay counted)");
        }
        if (outOfOrder > 0) {
            notes.add(outOfOrder + " requests came earlier than one before them: the replay follows the log's order");
        }
        if (l3 == null) {
            notes.add("semantic.embedder, expected_precision, expected_false_hits, false_hit_rate, calibration, lookup_ms_mean "
                    + "and adaptive are null: the semantic layer is off");
        } else if (l3Lookups == 0) {
            notes.add("semantic.lookup_ms_mean is null: no semantic lookup was made");
        }
        if (lookups == 0) {
            notes.add("hit_rate is null: no lookup (no request with a prompt" + (requests == 0 ? " was read)" : ")"));
        }
        if (cost == 0) {
            notes.add("saved_share is null: the replayed requests cost 0 USD (none was priced)");
        }
        if (latencySavedMs == null) {
            notes.add("latency_saved_ms is null: no request served from the cache logs a latency (latency_ms)");
        }
        Double falseHits = precision == null ? null : hits[3] * (1 - precision);
        SimulationResult.Adaptive adaptive = null;
        if (l3 != null && l3.adaptive() != null) {
            adaptive = new SimulationResult.Adaptive(c.maxError(), explorations, verified, servedAnswerDiffers, restoredOutcomes,
                    l3.adaptive().outcomes());
            notes.add("semantic.adaptive: an exploration is a candidate the policy could not yet serve within its bound: the "
                    + "request is answered as logged and its answer compared with the entry's (the same text once case, spacing and "
                    + "punctuation are set aside), so both entries learn; served_answer_differs counts hits whose logged answer is "
                    + "not the served one (strict: a reworded answer counts as different)");
        } else if (l3 != null) {
            notes.add("semantic.adaptive is null: the static threshold policy (--max-error sets the adaptive one)");
        }
        return new SimulationResult(requests, lookups, new SimulationResult.Hits(hits[1], hits[2], hits[3]),
                lookups == 0 ? null : (double) allHits / lookups, cost, saved, cost == 0 ? null : saved / cost, latencySavedMs,
                new SimulationResult.Semantic(l3 != null, l3 == null ? null : c.embedder().name(), adaptive == null ? c.threshold() : null,
                        c.guards(), precision, falseHits, precision == null ? null : 1 - precision, source, l3Lookups == 0 ? null : meanL3, adaptive),
                layers, skips, outOfOrder, notes);
    }

    /**
     * The replay behind analyze's semantic_cache lever: exact layers that never expire (as the exact_cache lever
     * assumes) and a semantic layer without TTL, so the lever is what L3 adds. Answers are not kept, so the exact
     * layer's million keys stay within about 150 MB.
     */
    public static CacheSimulator forSemanticLever(Embedder embedder, double threshold, Pricer pricer) {
        return new CacheSimulator(new Config(1_000_000, Duration.ofDays(365_000), 0, Duration.ZERO, embedder, threshold, true,
                20_000, null, "techopt", null, null), pricer);
    }

    /**
     * analyze's semantic_cache lever: what the semantic layer saves beyond exact repeats. Meant for a replay whose
     * exact layers never expire, as analyze's exact_cache lever assumes.
     */
    public Saving semanticLever() {
        if (semanticSaving == null) {
            semanticSaving = semanticLeverOnce();
        }
        return semanticSaving;
    }

    /**
     * The semantic_cache lever for analyze --plan: the requests the semantic layer answers beyond exact repeats, with
     * the hits expected to answer a different question (from the calibration's precision at this threshold).
     */
    public io.techopt.core.SavingsLever planLever() {
        return () -> {
            Saving s = semanticLever();
            SimulationResult.Semantic m = lastResult.semantic();
            Double falseHits = m.falseHitRate() == null ? null : hits[3] * m.falseHitRate();
            return new io.techopt.core.SavingsLever.Effect(s, semanticHits, true, true, null, null,
                    "a semantic hit answers with an earlier, similar question's answer; expected_false_hits says how many "
                            + "of them would answer a different question (quality not scored per request)",
                    falseHits, falseHits == null
                            ? "its false-hit rate is not calibrated for this embedder: some hits may answer a different question"
                            : String.format(Locale.ROOT, "about %.0f%% of its hits would answer a different question "
                            + "(precision %.3f at cosine >= %.3f)", 100 * m.falseHitRate(), m.expectedPrecision(), m.threshold()),
                    falseHits == null ? List.of("expected_false_hits is null: the built-in calibration has no precision for "
                            + m.embedder() + " at this threshold (cache-warm calibrate --pairs FILE measures one)") : List.of());
        };
    }

    private SimulationResult lastResult;

    private Saving semanticLeverOnce() {
        SimulationResult r;
        try {
            r = finish(null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // only the built-in calibration is read here
        }
        lastResult = r;
        SimulationResult.Semantic s = r.semantic();
        List<String> assumptions = new ArrayList<>(List.of(
                String.format(Locale.ROOT, "a semantic cache (%s, cosine >= %.3f%s) answers a question close to an earlier "
                        + "one with the same model and system prompt; exact repeats are left to exact_cache", s.embedder(),
                        s.threshold(), s.guards() ? ", false-hit guards on" : ""),
                "multi-turn, time-sensitive and personal prompts are never cached; a hit costs nothing"));
        assumptions.add(s.falseHitRate() == null ? "its false-hit rate is not calibrated for this embedder"
                : String.format(Locale.ROOT, "about %.0f%% of these hits would answer a different question (precision %.3f at "
                + "this threshold, %s)", 100 * s.falseHitRate(), s.expectedPrecision(), s.calibration()));
        Saving saving = new Saving("semantic_cache", savedUsd[3], hits[3], cost == 0 ? 0 : savedUsd[3] / cost, assumptions);
        // nothing to compare is unknown, not "nothing to save" (as analyze's exact_cache and prompt_cache)
        if (r.lookups() == 0) {
            return saving.unmeasurable("no request in the log carries its prompt (messages)");
        }
        return promptless > 0 ? saving.withFirstNote(Saving.promptlessLowerBound(promptless, requests)) : saving;
    }

    /** 90s, 30m, 24h, 7d: a duration as it was likely written. */
    static String human(Duration d) {
        long s = d.toSeconds();
        return s % 86_400 == 0 && s > 86_400 ? s / 86_400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    /** Precision at the highest calibrated threshold not above t: what the cache's threshold admits at least. */
    static Double precisionAt(JsonNode cal, double t) {
        Double p = null;
        for (JsonNode row : cal.path("thresholds")) {
            if (row.path("threshold").asDouble() <= t + 1e-9) {
                p = row.path("precision").isNumber() ? row.path("precision").asDouble() : null; // null: no hit there to measure
            }
        }
        return p;
    }

    static JsonNode builtinCalibration() throws IOException {
        try (InputStream in = CacheSimulator.class.getResourceAsStream("qqp-calibration.json")) {
            return new ObjectMapper().readTree(in);
        }
    }
}
