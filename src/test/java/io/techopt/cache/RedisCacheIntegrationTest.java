package io.techopt.cache;

import io.techopt.TestSupport;
import io.techopt.cache.redis.RedisCache;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** L2 and cache-warm against a real redis-server (started by each test on a free loopback port). */
class RedisCacheIntegrationTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsRedis() {
        RedisServer.assumeAvailable();
    }

    @Test
    void warmingTheSampleWritesReadsBackAndARerunIsIdempotent() throws Exception {
        try (RedisServer server = new RedisServer(null)) {
            long beforeWrite = System.nanoTime();
            TestSupport.Run first = TestSupport.cli("cache-warm", "samples/requests.jsonl.gz", "--redis", server.url(), "--ttl", "2h",
                    "--format", "json");
            assertEquals(0, first.code(), first.err());
            long written = first.json().at("/written/redis").asLong();
            assertTrue(written > 20, "entries warmed: " + written);
            try (RedisCache c = RedisCache.connect(server.url(), "")) {
                assertEquals(written, c.size(), "exactly the selected entries");
                // read back through the same key a request computes
                String key = firstKey(first);
                assertTrue(c.get(key).isPresent());
                long ttl1 = c.ttl(key).orElseThrow().toMillis();
                long read1 = System.nanoTime();
                // the TTL counts down from the write: at most the time since the run began has passed (a slow,
                // loaded machine included), plus a second for Redis's rounding
                long sinceWrite = Duration.ofNanos(read1 - beforeWrite).toMillis();
                long configured = Duration.ofHours(2).toMillis();
                assertTrue(ttl1 >= configured - sinceWrite - 1000 && ttl1 <= configured,
                        "ttl " + ttl1 + " ms, " + sinceWrite + " ms after the run began");
                Thread.sleep(1100);
                TestSupport.Run again = TestSupport.cli("cache-warm", "samples/requests.jsonl.gz", "--redis", server.url(), "--ttl", "2h",
                        "--format", "json");
                assertEquals(0, again.code(), again.err());
                assertEquals(written, c.size(), "a re-run writes no duplicates");
                long beforeRead2 = System.nanoTime();
                long ttl2 = c.ttl(key).orElseThrow().toMillis();
                // without a refresh the TTL would be at most ttl1 less the time since it was read; the re-run's write,
                // at least 1.1 s after the first, leaves it higher than that however slow the run
                long notRefreshed = ttl1 - Duration.ofNanos(beforeRead2 - read1).toMillis();
                assertTrue(ttl2 > notRefreshed, "and refreshes the TTL: " + ttl2 + " ms, unrefreshed at most " + notRefreshed);
            }
        }
    }

    /** The key of the top entry, recomputed from the sample the way the planner does. */
    private static String firstKey(TestSupport.Run run) throws Exception {
        WarmPlanner p = new WarmPlanner(new io.techopt.pricing.Pricer(io.techopt.pricing.PriceBook.builtin(), null), "techopt", 1_000_000);
        new io.techopt.ingest.LogReader(io.techopt.ingest.IngestOptions.defaults(), new io.techopt.tokens.TokenCounter())
                .read(io.techopt.ingest.LogSource.expand(List.of("samples/requests.jsonl.gz")), p);
        return p.select(10000, 2, 7).get(0).request().key();
    }

    @Test
    void redisKilledMidWarmGivesAClearErrorAndAReRunCompletesWithExactlyTheExpectedKeys() throws Exception {
        List<WarmPlanner.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 300_000; i++) {
            entries.add(new WarmPlanner.Entry(new CacheRequest("techopt:" + i, "s", "q" + i), "m", "answer " + i, 2, 0.001, 0, 1));
        }
        try (RedisServer server = new RedisServer(null)) {
            Thread killer = new Thread(() -> {
                try (RedisCache watch = RedisCache.connect(server.url(), "")) {
                    while (watch.size() < 20_000) {
                        Thread.sleep(5);
                    }
                    server.kill();
                } catch (Exception ignored) {
                    // the kill is the point
                }
            });
            killer.start();
            UncheckedIOException e;
            try (RedisCache c = RedisCache.connect(server.url(), "")) {
                e = assertThrows(UncheckedIOException.class, () -> WarmWriter.writeRedis(c, entries, Duration.ofHours(1)));
            }
            killer.join();
            assertTrue(e.getMessage().contains("Redis at 127.0.0.1:" + server.port) && e.getMessage().contains("connection failed"),
                    e.getMessage());
            server.start(); // the same port, empty: what was written before the crash is gone too
            try (RedisCache c = RedisCache.connect(server.url(), "")) {
                assertEquals(entries.size(), WarmWriter.writeRedis(c, entries, Duration.ofHours(1)));
                assertEquals(entries.size(), c.size());
                assertEquals("answer 123456", c.get("techopt:123456").orElseThrow());
            }
        }
    }

    @Test
    void anUnreachableRedisIsAClearRuntimeFailure() {
        TestSupport.Run run = TestSupport.cli("cache-warm", "samples/requests.jsonl.gz", "--redis", "redis://:hunter2@127.0.0.1:1/0");
        assertEquals(1, run.code());
        assertTrue(run.err().contains("Redis at 127.0.0.1:1: connection failed"), run.err());
        assertFalse(run.err().contains("hunter2"));
    }
}
