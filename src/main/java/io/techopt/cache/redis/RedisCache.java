package io.techopt.cache.redis;

import io.techopt.cache.Cache;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * L2: a Redis cache through a jedis connection pool. {@code redis://[user:password@]host:port[/db]} or
 * {@code rediss://} for TLS; a password not in the URL comes from {@code TECHOPT_REDIS_PASSWORD}. Every key carries
 * the prefix, so several tools can share one Redis. Errors name the server as host:port only, never the password.
 */
public final class RedisCache implements Cache, AutoCloseable {
    public static final String PASSWORD_ENV = "TECHOPT_REDIS_PASSWORD";
    /** Pipelined writes go in chunks: one round trip each, bounded client memory. */
    static final int PIPELINE_CHUNK = 1000;

    private final JedisPooled redis;
    private final String prefix;
    private final String where;

    private RedisCache(JedisPooled redis, String prefix, String where) {
        this.redis = redis;
        this.prefix = prefix;
        this.where = where;
    }

    public static RedisCache connect(String url, String prefix) {
        return connect(url, prefix, System.getenv(PASSWORD_ENV));
    }

    static RedisCache connect(String url, String prefix, String envPassword) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--redis must be a URL such as redis://localhost:6379/0");
        }
        String scheme = u.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme) || u.getHost() == null) {
            throw new IllegalArgumentException("--redis must be a redis:// or rediss:// URL with a host, e.g. redis://localhost:6379/0");
        }
        String user = null, password = envPassword;
        if (u.getRawUserInfo() != null) {
            String[] ui = u.getRawUserInfo().split(":", 2);
            if (ui.length == 2) {
                user = ui[0].isEmpty() ? null : decode(ui[0]);
                password = decode(ui[1]);
            } else {
                password = decode(ui[0]); // redis://secret@host: the URL form of a password alone
            }
        }
        int db = 0;
        String path = u.getPath();
        if (path != null && path.length() > 1) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--redis: the database after the host must be a number");
            }
        }
        int port = u.getPort() < 0 ? 6379 : u.getPort();
        String where = u.getHost() + ":" + port;
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().user(user).password(password).database(db)
                .ssl("rediss".equals(scheme)).connectionTimeoutMillis(2000).socketTimeoutMillis(10_000).clientName("techopt").build();
        RedisCache c = new RedisCache(new JedisPooled(new HostAndPort(u.getHost(), port), config), prefix == null ? "" : prefix, where);
        c.ping();
        return c;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Fails with a clear message when the server cannot be reached or refuses the credentials. */
    public void ping() {
        call(() -> redis.ping());
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(call(() -> redis.get(prefix + key)));
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        call(() -> redis.set(prefix + key, value, params(ttl)));
    }

    /** Writes many entries, pipelined: a re-run overwrites the same keys and refreshes their TTL. */
    public void putAll(Map<String, String> entries, Duration ttl) {
        call(() -> {
            SetParams p = params(ttl);
            try (Pipeline pipe = redis.pipelined()) {
                int n = 0;
                for (Map.Entry<String, String> e : entries.entrySet()) {
                    pipe.set(prefix + e.getKey(), e.getValue(), p);
                    if (++n % PIPELINE_CHUNK == 0) {
                        pipe.sync();
                    }
                }
                pipe.sync();
            }
            return null;
        });
    }

    /** Remaining time to live of a key; empty when the key is absent or never expires. */
    public Optional<Duration> ttl(String key) {
        long ms = call(() -> redis.pttl(prefix + key));
        return ms < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
    }

    /** Keys under this cache's prefix (SCAN, so a large Redis is never blocked). */
    @Override
    public long size() {
        return call(() -> {
            long n = 0;
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams match = new ScanParams().match(escape(prefix) + "*").count(1000);
            do {
                ScanResult<String> r = redis.scan(cursor, match);
                n += r.getResult().size();
                cursor = r.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            return n;
        });
    }

    private static String escape(String glob) {
        return glob.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    private static SetParams params(Duration ttl) {
        return ttl == null || ttl.isZero() ? new SetParams() : new SetParams().px(Math.max(1, ttl.toMillis()));
    }

    private <T> T call(java.util.function.Supplier<T> op) {
        try {
            return op.get();
        } catch (JedisException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (why.contains("WRONGPASS") || why.contains("NOAUTH") || why.contains("invalid password")) {
                why = "authentication failed (password from the URL or " + PASSWORD_ENV + ")";
            } else if (e instanceof redis.clients.jedis.exceptions.JedisConnectionException) {
                why = "connection failed";
            }
            throw new UncheckedIOException(new java.io.IOException("Redis at " + where + ": " + why));
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
