package io.techopt.stats;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The request-id map answers as a HashMap would, through every growth and with keys that collide in its slots. */
class LongIntMapAgreesWithAHashMapTest {
    @Test
    void putAndGetAgreeWithAHashMapThroughEveryGrowth() {
        Random rnd = new Random(11);
        LongIntMap map = new LongIntMap();
        Map<Long, Integer> ref = new HashMap<>();
        for (int i = 0; i < 300_000; i++) {
            // a small key range half the time, so keys repeat and overwrite
            long k = rnd.nextBoolean() ? 1 + rnd.nextInt(50_000) : rnd.nextLong() | 1;
            int v = rnd.nextInt(Integer.MAX_VALUE);
            Integer old = ref.put(k, v);
            assertEquals(old == null ? -1 : old, map.put(k, v), "put " + i);
            long probe = rnd.nextBoolean() ? k : 1 + rnd.nextInt(100_000);
            assertEquals(ref.getOrDefault(probe, -1), map.get(probe), "get " + i);
        }
        assertEquals(ref.size(), map.size());
        for (Map.Entry<Long, Integer> e : ref.entrySet()) {
            assertEquals(e.getValue(), map.get(e.getKey()));
        }
        assertEquals(-1, map.get(0));
    }
}
