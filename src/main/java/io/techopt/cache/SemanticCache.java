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
 */
public final class SemanticCache implements AutoCloseable {
    /** Candidates fetched per lookup: a few, since other scopes share the index. */
    static final int CANDIDATES = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A semantic hit: the stored question it matched and its similarity. */
    public record Hit(String id, String question, String response, double cosine) {
    }

    private final Embedder embedder;
    private final VectorIndex index;
    private final double threshold;
    private final FalseHitGuard guard;
    private final Duration ttl;
    private final LongSupplier clockMs;

    /** guards false: plain cosine (for comparison only). Entries never expire. */
    public SemanticCache(Embedder embedder, VectorIndex index, double threshold, boolean guards) {
        this(embedder, index, threshold, guards, null, System::currentTimeMillis);
    }

    /** Entries expire {@code ttl} after they were stored (null: never), on the given clock. */
    public SemanticCache(Embedder embedder, VectorIndex index, double threshold, boolean guards, Duration ttl, LongSupplier clockMs) {
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
                JsonNode p = JSON.readTree(h.payload());
                if (!q.scope().equals(p.path("scope").asText())
                        || p.has("expires_at_ms") && p.get("expires_at_ms").asLong() <= clockMs.getAsLong()) {
                    continue;
                }
                String question = p.path("question").asText();
                if (guard != null && guard.reject(q.text(), question) != null) {
                    continue;
                }
                return Optional.of(new Hit(h.id(), question, p.path("response").asText(), h.score()));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void store(CacheRequest q, String response) {
        store(q, response, embedder.embed(q.text()));
    }

    public void store(CacheRequest q, String response, float[] vector) {
        try {
            var payload = JSON.createObjectNode().put("scope", q.scope()).put("question", q.text()).put("response", response);
            if (ttl != null) {
                payload.put("expires_at_ms", clockMs.getAsLong() + ttl.toMillis());
            }
            index.upsert(q.key(), vector, payload.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Many entries: the questions embedded in batches. */
    public void storeAll(List<CacheRequest> qs, List<String> responses) {
        List<float[]> v = embedder.embedAll(qs.stream().map(CacheRequest::text).toList());
        for (int i = 0; i < qs.size(); i++) {
            store(qs.get(i), responses.get(i), v.get(i));
        }
    }

    public void commit() throws IOException {
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
