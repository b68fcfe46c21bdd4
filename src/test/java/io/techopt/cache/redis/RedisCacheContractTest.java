package io.techopt.cache.redis;

import io.techopt.cache.Cache;
import io.techopt.cache.CacheContract;
import io.techopt.cache.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** On the redis-server bin/test started (TECHOPT_TEST_REDIS_URL), else one of the test's own; a key prefix per test. */
class RedisCacheContractTest extends CacheContract {
    private RedisServer own;
    private RedisCache cache;

    @BeforeAll
    static void needsRedis() {
        RedisServer.assumeAvailable();
    }

    @Override
    protected Cache cache() throws Exception {
        String shared = System.getenv("TECHOPT_TEST_REDIS_URL");
        if (shared == null) {
            own = new RedisServer(null);
        }
        cache = RedisCache.connect(shared != null ? shared : own.url(), "contract-" + System.nanoTime() + ":");
        return cache;
    }

    @AfterEach
    void close() throws Exception {
        if (cache != null) {
            cache.close();
        }
        if (own != null) {
            own.close();
        }
    }
}
