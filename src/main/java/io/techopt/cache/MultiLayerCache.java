package io.techopt.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * L1 memory, L2 Redis (or any exact cache), L3 semantic. Reads go down the layers; a hit fills the layers above it
 * (an L3 hit is stored under the request's own exact key, so the next identical request is an exact hit). Writes go
 * to every layer. Absent layers are skipped.
 */
public final class MultiLayerCache {
    /** layer: 1, 2 or 3; 0 for a miss. */
    public record Lookup(int layer, String response) {
        static final Lookup MISS = new Lookup(0, null);

        public boolean hit() {
            return layer > 0;
        }
    }

    private final Cache l1, l2;
    private final SemanticCache l3;
    private final Duration l1Ttl, l2Ttl;

    public MultiLayerCache(Cache l1, Duration l1Ttl, Cache l2, Duration l2Ttl, SemanticCache l3) {
        this.l1 = l1;
        this.l2 = l2;
        this.l3 = l3;
        this.l1Ttl = l1Ttl;
        this.l2Ttl = l2Ttl;
    }

    public Lookup get(CacheRequest q) {
        if (l1 != null) {
            Optional<String> v = l1.get(q.key());
            if (v.isPresent()) {
                return new Lookup(1, v.get());
            }
        }
        if (l2 != null) {
            Optional<String> v = l2.get(q.key());
            if (v.isPresent()) {
                if (l1 != null) {
                    l1.put(q.key(), v.get(), l1Ttl);
                }
                return new Lookup(2, v.get());
            }
        }
        if (l3 != null) {
            Optional<SemanticCache.Hit> h = l3.lookup(q);
            if (h.isPresent()) {
                String v = h.get().response();
                if (l2 != null) {
                    l2.put(q.key(), v, l2Ttl);
                }
                if (l1 != null) {
                    l1.put(q.key(), v, l1Ttl);
                }
                return new Lookup(3, v);
            }
        }
        return Lookup.MISS;
    }

    public void put(CacheRequest q, String response) {
        if (l1 != null) {
            l1.put(q.key(), response, l1Ttl);
        }
        if (l2 != null) {
            l2.put(q.key(), response, l2Ttl);
        }
        if (l3 != null) {
            l3.store(q, response);
        }
    }
}
