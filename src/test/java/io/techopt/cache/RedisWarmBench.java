package io.techopt.cache;

import io.techopt.cache.redis.RedisCache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entries per second that cache-warm writes into a local Redis (embedding excluded): N entries with 64-hex keys and
 * 500-byte answers through the micro-batcher and pipelined SETs with TTL, median of 3. Run by bench/cache.sh.
 */
public final class RedisWarmBench {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        String answer = "x".repeat(500);
        List<WarmPlanner.Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String key = CacheKey.of("bench", "gpt-4o-mini", List.of(new io.techopt.core.Message("user", "question " + i)));
            entries.add(new WarmPlanner.Entry(new CacheRequest(key, "s", "question " + i), "gpt-4o-mini", answer, 2, 0.001, 0, 1));
        }
        double[] rate = new double[3];
        try (RedisCache redis = RedisCache.connect(url, "")) {
            for (int k = 0; k < rate.length; k++) {
                long t0 = System.nanoTime();
                WarmWriter.writeRedis(redis, entries, Duration.ofHours(24));
                rate[k] = n / ((System.nanoTime() - t0) / 1e9);
            }
            if (redis.size() != n) {
                throw new IllegalStateException("expected " + n + " keys, found " + redis.size());
            }
        }
        Arrays.sort(rate);
        System.out.printf("techopt cache-warm into Redis: %,d entries (500-byte answers, TTL 24h): %,.0f entries/s (median of 3; target >= 100,000)%n",
                n, rate[1]);
    }
}
