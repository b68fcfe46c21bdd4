package io.techopt.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.techopt.embed.Embedder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * L3: answers a question with the stored answer of a similar one. A candidate must share the request's scope
 * (model and system prompt), reach the cosine threshold, pass the false-hit guards, and not have expired. Entries
 * are keyed by the exact cache key, so storing the same prompt again replaces its entry and renews its TTL.
 *
 * <p>With an {@link AdaptiveState} (issue #16) there is no single threshold: the nearest candidate that passes the
 * scope, expiry and guards is served only when its entry's learned error bound allows it ({@link #adaptiveLookup}),
 * verified outcomes teach the state ({@link #verify}), and {@link #commit} keeps the state with the index.
 */
public final class SemanticCache implements AutoCloseable {
    /** Candidates fetched per lookup: a few, since other scopes share the index. */
    static final int CANDIDATES = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A semantic hit: the stored question it matched and its similarity. */
    public record Hit(String id, String question, String response, double cosine) {
    }

    /** The adaptive policy's candidate and what to do with it; answerFp: the fingerprint of the entry's answer. */
    public record Candidate(Hit hit, String answerFp, AdaptiveThresholds.Decision decision) {
    }

    private final Embedder embedder;
    private final VectorIndex index;
    private final double threshold;
    private final FalseHitGuard guard;
    private final Duration ttl;
    private final LongSupplier clockMs;
    /** null: the static threshold. */
    private final AdaptiveState adaptive;

    /** guards false: plain cosine (for comparison only). Entries never expire. */
    public SemanticCache(Embedder embedder, VectorIndex index, double threshold, boolean guards) {
        this(embedder, index, threshold, guards, null, System::currentTimeMillis);
    }

    /** Entries expire {@code ttl} after they were stored (null: never), on the given clock. */
    public SemanticCache(Embedder embedder, VectorIndex index, double threshold, boolean guards, Duration ttl, LongSupplier clockMs) {
        this(embedder, index, threshold, guards, ttl, clockMs, null);
    }

    /** adaptive non-null: per-entry thresholds from that state instead of {@code threshold} (see the class comment). */
    public SemanticCache(Embedder embedder, VectorIndex index, double threshold, boolean guards, Duration ttl, LongSupplier clockMs,
                         AdaptiveState adaptive) {
        if (adaptive != null) {
            adaptive.bindTo(embedder.name() + "/" + embedder.dimension());
        }
        this.adaptive = adaptive;
        this.embedder = embedder;
        this.index = index;
        this.threshold = threshold;
        this.guard = guards ? new FalseHitGuard() : null;
        this.ttl = ttl;
        this.clockMs = clockMs;
    }

    public Optional<Hit> lookup(CacheRequest q) {
        return lookup(q, embedder.embed(q.text()));
    }

    public Optional<Hit> lookup(CacheRequest q, float[] vector) {
        try {
            for (VectorIndex.Hit h : index.search(vector, CANDIDATES)) {
                if (h.score() < threshold) {
                    break;
                }
                JsonNode p = usable(q, h);
                if (p != null) {
                    return Optional.of(new Hit(h.id(), p.path("question").asText(), p.path("response").asText(), h.score()));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The adaptive policy's lookup: the nearest entry (not the query's own) that shares its scope, has not expired and
     * passes the guards, with the decision its entry's learned state gives at that similarity; empty without one.
     */
    public Optional<Candidate> adaptiveLookup(CacheRequest q, float[] vector) {
        return nearest(q, vector);
    }

    private Optional<Candidate> nearest(CacheRequest q, float[] vector) {
        try {
            for (VectorIndex.Hit h : index.search(vector, CANDIDATES)) {
                if (h.id().equals(q.key())) {
                    continue; // its own entry (a re-run): an exact repeat, not a similar question
                }
                JsonNode p = usable(q, h);
                if (p == null) {
                    continue;
                }
                Hit hit = new Hit(h.id(), p.path("question").asText(), p.path("response").asText(), h.score());
                return Optional.of(new Candidate(hit, p.path("answer_fp").asText(null), adaptive.decide(h.id(), h.score())));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean inIndex(String key) {
        try {
            return index.contains(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A search hit's payload when the query may be served from it (same scope, not expired, past the guards); else null. */
    private JsonNode usable(CacheRequest q, VectorIndex.Hit h) throws IOException {
        JsonNode p = JSON.readTree(h.payload());
        if (!q.scope().equals(p.path("scope").asText())
                || p.has("expires_at_ms") && p.get("expires_at_ms").asLong() <= clockMs.getAsLong()) {
            return null;
        }
        return guard != null && guard.reject(q.text(), p.path("question").asText()) != null ? null : p;
    }

    /**
     * A verified candidate: the query's own answer (the model's, or the one a log holds) compared with the entry's. Both
     * entries learn whether they were the same answer; false when the entry has no answer to compare (nothing learned).
     */
    public boolean verify(Candidate c, CacheRequest q, String answerFp) {
        if (c.answerFp() == null || answerFp == null) {
            return false;
        }
        adaptive.verified(c.hit().id(), q.key(), c.hit().cosine(), c.answerFp().equals(answerFp));
        return true;
    }

    /** Compiled once: a replay fingerprints every stored and every explored answer. */
    private static final java.util.regex.Pattern PUNCT_AND_SPACE = java.util.regex.Pattern.compile("[\\p{Punct}\\s]+");

    /**
     * Equivalent answers, as the adaptive policy verifies them: the same text once case, spacing and the
     * punctuation around words are set aside. Strict on purpose: an answer worded differently counts as different,
     * which makes the policy serve less, never more wrong answers.
     */
    public static String answerFingerprint(String answer) {
        if (answer == null || answer.isBlank()) {
            return null;
        }
        String norm = PUNCT_AND_SPACE.matcher(java.text.Normalizer.normalize(answer, java.text.Normalizer.Form.NFKC)
                .toLowerCase(java.util.Locale.ROOT)).replaceAll(" ").strip();
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(norm.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
    }

    public AdaptiveState adaptive() {
        return adaptive;
    }

    public void store(CacheRequest q, String response) {
        store(q, response, embedder.embed(q.text()));
    }

    public void store(CacheRequest q, String response, float[] vector) {
        store(q, response, answerFingerprint(response), vector);
    }

    /** answerFp: the answer's {@link #answerFingerprint}, for a replay that stores no answer text. */
    public void store(CacheRequest q, String response, String answerFp, float[] vector) {
        try {
            var payload = JSON.createObjectNode().put("scope", q.scope()).put("question", q.text()).put("response", response);
            if (answerFp != null) {
                payload.put("answer_fp", answerFp);
            }
            if (ttl != null) {
                payload.put("expires_at_ms", clockMs.getAsLong() + ttl.toMillis());
            }
            index.upsert(q.key(), vector, payload.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Many entries: the questions embedded in batches. With an adaptive state (a warm), each entry's nearest earlier
     * one (in the index, or earlier in this batch) is verified first by comparing the two logged answers: the warm
     * learns without a model call.
     */
    public long storeAll(List<CacheRequest> qs, List<String> responses) {
        List<float[]> v = embedder.embedAll(qs.stream().map(CacheRequest::text).toList());
        long learned = 0;
        if (adaptive != null) {
            List<String> fps = responses.stream().map(SemanticCache::answerFingerprint).toList();
            for (int i = 0; i < qs.size(); i++) {
                // looked up by id, not among the nearest: another key asking the same question ties with it (review r27n)
                if (inIndex(qs.get(i).key())) {
                    continue; // warmed by an earlier run, which learned its pairs then: a pair counts once
                }
                // searched before this batch is written: one index refresh a batch, the batch's own pairs compared here
                Candidate best = nearest(qs.get(i), v.get(i)).orElse(null);
                for (int j = 0; j < i; j++) {
                    double cos = Embedder.cosine(v.get(i), v.get(j));
                    if ((best == null || cos > best.hit().cosine()) && !qs.get(j).key().equals(qs.get(i).key())
                            && qs.get(j).scope().equals(qs.get(i).scope())
                            && (guard == null || guard.reject(qs.get(i).text(), qs.get(j).text()) == null)) {
                        best = new Candidate(new Hit(qs.get(j).key(), qs.get(j).text(), responses.get(j), cos), fps.get(j), null);
                    }
                }
                if (best != null && verify(best, qs.get(i), fps.get(i))) {
                    learned++;
                }
            }
        }
        for (int i = 0; i < qs.size(); i++) {
            store(qs.get(i), responses.get(i), v.get(i));
        }
        return learned;
    }

    /** Makes the entries durable, and with them (in the same commit) what the adaptive policy learned. */
    public void commit() throws IOException {
        if (adaptive != null) {
            index.keepLearnedState(adaptive.toJson());
        }
        index.commit();
    }

    public long size() throws IOException {
        return index.size();
    }

    @Override
    public void close() throws IOException {
        index.close();
    }
}
