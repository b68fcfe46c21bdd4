package io.techopt.cache.redis;

import io.techopt.cache.RedisServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only the Redis adapter does (the {@code Cache} contract is RedisCacheContractTest): passwords, pipelining, TTL read-back. */
class RedisCacheTest {
    @BeforeAll
    static void needsRedis() {
        RedisServer.assumeAvailable();
    }

    @Test
    void putGetTtlAndPipelinedWritesWithAPasswordFromTheUrlOrTheEnvironment() throws Exception {
        try (RedisServer server = new RedisServer("s3cret-pw"); RedisCache c = RedisCache.connect(server.url(), "t:")) {
            c.put("a", "answer a", Duration.ofSeconds(60));
            assertEquals("answer a", c.get("a").orElseThrow());
            assertTrue(c.ttl("a").orElseThrow().toSeconds() > 50);
            Map<String, String> many = new LinkedHashMap<>();
            for (int i = 0; i < 2500; i++) {
                many.put("k" + i, "v" + i);
            }
            c.putAll(many, Duration.ofMinutes(5));
            assertEquals(2501, c.size());
            assertEquals("v2499", c.get("k2499").orElseThrow());
            // the password may come from the environment instead of the URL
            try (RedisCache env = RedisCache.connect("redis://127.0.0.1:" + server.port + "/0", "t:", "s3cret-pw")) {
                assertEquals("answer a", env.get("a").orElseThrow());
            }
            UncheckedIOException wrong = assertThrows(UncheckedIOException.class,
                    () -> RedisCache.connect("redis://:nope-pw@127.0.0.1:" + server.port + "/0", "t:", null));
            assertTrue(wrong.getMessage().contains("authentication failed"), wrong.getMessage());
            assertFalse(wrong.getMessage().contains("nope-pw") || wrong.getMessage().contains("s3cret"), "no password in errors");
        }
    }
}
