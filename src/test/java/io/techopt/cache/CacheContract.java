package io.techopt.cache;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link Cache} adapter must do, run once per adapter: a subclass gives a fresh, empty cache (its own
 * key space) and closes it after each test.
 */
public abstract class CacheContract {
    /** A new empty cache for one test. */
    protected abstract Cache cache() throws Exception;

    @Test
    void anAbsentKeyIsEmpty() throws Exception {
        Cache c = cache();
        assertEquals(Optional.empty(), c.get("never-stored"));
        assertEquals(0, c.size());
    }

    @Test
    void aStoredValueComesBackUnchanged() throws Exception {
        Cache c = cache();
        String value = "Paris.\nLine two, «quoted», 東京, emoji 🙂, a tab\tand \"quotes\"";
        c.put("k", value, Duration.ofMinutes(5));
        assertEquals(Optional.of(value), c.get("k"));
    }

    @Test
    void storingAKeyAgainReplacesItsValueAndKeepsOneEntry() throws Exception {
        Cache c = cache();
        c.put("k", "first", Duration.ofMinutes(5));
        c.put("k", "second", Duration.ofMinutes(5));
        c.put("other", "x", Duration.ofMinutes(5));
        assertEquals(Optional.of("second"), c.get("k"));
        assertEquals(2, c.size(), "a re-run of cache-warm writes no duplicate");
    }

    @Test
    void anEntryExpiresAfterItsTtl() throws Exception {
        Cache c = cache();
        c.put("short", "x", Duration.ofMillis(300));
        c.put("long", "y", Duration.ofMinutes(5));
        assertTrue(c.get("short").isPresent());
        Thread.sleep(700);
        assertTrue(c.get("short").isEmpty(), "expired after its TTL");
        assertEquals(Optional.of("y"), c.get("long"), "a longer TTL is untouched");
    }
}
