package io.techopt.cache.memory;

import io.techopt.cache.CacheKey;
import io.techopt.core.Message;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryCacheTest {
    final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void evictsTheLeastRecentlyUsedNotTheLeastHit() {
        MemoryCache c = new MemoryCache(3, 1 << 20, now::get);
        c.put("a", "1", Duration.ofHours(1));
        c.put("b", "2", Duration.ofHours(1));
        c.put("c", "3", Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            c.get("b"); // b is hit most...
        }
        c.get("a"); // ...but a and c were used more recently
        c.get("c");
        c.put("d", "4", Duration.ofHours(1));
        assertEquals(Optional.empty(), c.get("b"), "least recently used goes, however often it was hit");
        assertEquals(Optional.of("1"), c.get("a"));
        assertEquals(1, c.evictions());
    }

    @Test
    void entriesExpireAndRefreshOnPut() {
        MemoryCache c = new MemoryCache(10, 1 << 20, now::get);
        c.put("k", "v", Duration.ofSeconds(60));
        now.addAndGet(59_000);
        assertEquals(Optional.of("v"), c.get("k"));
        c.put("k", "v", Duration.ofSeconds(60)); // a re-run of cache-warm refreshes the TTL
        now.addAndGet(59_000);
        assertEquals(Optional.of("v"), c.get("k"));
        now.addAndGet(2_000);
        assertEquals(Optional.empty(), c.get("k"));
        assertEquals(0, c.size());
    }

    @Test
    void bytesAreBoundedToo() {
        MemoryCache c = new MemoryCache(1000, 100, now::get);
        for (int i = 0; i < 10; i++) {
            c.put("k" + i, "x".repeat(20), Duration.ofHours(1)); // 22 bytes each
        }
        assertTrue(c.bytes() <= 100, String.valueOf(c.bytes()));
        assertEquals(4, c.size());
        c.put("huge", "y".repeat(200), Duration.ofHours(1));
        assertEquals(Optional.empty(), c.get("huge"), "larger than the whole cache: not stored");
        assertEquals(4, c.size(), "and it evicted nothing");
    }

    @Provide
    Arbitrary<List<int[]>> ops() {
        // {op: 0 put / 1 get / 2 advance clock, key 0..7, ttl seconds or advance seconds}
        return Arbitraries.integers().between(0, 2).flatMap(op -> Arbitraries.integers().between(0, 7)
                .flatMap(k -> Arbitraries.integers().between(1, 30).map(t -> new int[]{op, k, t}))).list().ofMaxSize(200);
    }

    /** Against a plain model: a list in LRU order with expiry times. */
    @Property(tries = 300)
    void behavesLikeTheReferenceModel(@ForAll("ops") List<int[]> ops) {
        AtomicLong clock = new AtomicLong(0);
        MemoryCache c = new MemoryCache(4, 1 << 20, clock::get);
        List<Object[]> model = new ArrayList<>(); // {key, value, expiresAt}, least recent first
        int version = 0;
        for (int[] op : ops) {
            String key = "k" + op[1];
            if (op[0] == 0) {
                String value = "v" + version++;
                c.put(key, value, Duration.ofSeconds(op[2]));
                model.removeIf(e -> e[0].equals(key));
                model.add(new Object[]{key, value, clock.get() + op[2] * 1000L});
                if (model.size() > 4) {
                    long t = clock.get();
                    if (model.stream().anyMatch(e -> (long) e[2] <= t)) {
                        model.removeIf(e -> (long) e[2] <= t);
                    }
                    while (model.size() > 4) {
                        model.remove(0);
                    }
                }
            } else if (op[0] == 1) {
                Object[] hit = model.stream().filter(e -> e[0].equals(key)).findFirst().orElse(null);
                Optional<String> expected = Optional.empty();
                if (hit != null) {
                    model.remove(hit);
                    if ((long) hit[2] > clock.get()) {
                        model.add(hit);
                        expected = Optional.of((String) hit[1]);
                    }
                }
                assertEquals(expected, c.get(key));
            } else {
                clock.addAndGet(op[2] * 1000L);
            }
        }
    }

    @Test
    void keysIgnoreWhitespaceAndHoldNoText() {
        String a = CacheKey.of("prod", "gpt-4o", List.of(new Message("user", "What is  my   api key sk-abc12345678?")));
        String b = CacheKey.of("prod", "gpt-4o", List.of(new Message("user", " What is my api key sk-abc12345678? ")));
        assertEquals(a, b);
        assertFalse(a.contains("sk-"), "only the digest is kept");
        assertTrue(a.matches("prod:[0-9a-f]{64}"));
        assertNotEquals(a, CacheKey.of("prod", "gpt-4o-mini", List.of(new Message("user", "What is my api key sk-abc12345678?"))));
        assertNotEquals(CacheKey.of(null, "m", List.of(new Message("user", "ab"), new Message("user", "c"))),
                CacheKey.of(null, "m", List.of(new Message("user", "a"), new Message("user", "bc"))));
    }
}
