package io.techopt.cache.memory;

import io.techopt.cache.Cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * L1: an in-process exact cache with true LRU order (a read moves an entry to the young end; the seed's cache
 * evicted the least-hit entry instead), per-entry TTL, and two bounds: entries and bytes (UTF-8 of key and value).
 * Thread-safe.
 */
public final class MemoryCache implements Cache {
    private record Entry(String value, long expiresAtMs, long bytes) {
    }

    private final int maxEntries;
    private final long maxBytes;
    private final LongSupplier clockMs;
    private final LinkedHashMap<String, Entry> map = new LinkedHashMap<>(16, 0.75f, true); // access order = LRU
    private long bytes;
    private long evictions;

    public MemoryCache(int maxEntries, long maxBytes, LongSupplier clockMs) {
        if (maxEntries < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a cache needs room for at least one entry");
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.clockMs = clockMs;
    }

    public MemoryCache(int maxEntries, long maxBytes) {
        this(maxEntries, maxBytes, System::currentTimeMillis);
    }

    @Override
    public synchronized Optional<String> get(String key) {
        Entry e = map.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (e.expiresAtMs() <= clockMs.getAsLong()) {
            remove(key);
            return Optional.empty();
        }
        return Optional.of(e.value());
    }

    @Override
    public synchronized void put(String key, String value, Duration ttl) {
        long size = (long) key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxBytes) {
            return; // larger than the whole cache: never stored
        }
        remove(key);
        map.put(key, new Entry(value, clockMs.getAsLong() + ttl.toMillis(), size));
        bytes += size;
        evict();
    }

    /** Drops the entry under {@code key}, if any (a replay taking back what an earlier copy of a request stored). */
    public synchronized void evict(String key) {
        remove(key);
    }

    private void remove(String key) {
        Entry old = map.remove(key);
        if (old != null) {
            bytes -= old.bytes();
        }
    }

    /** Expired entries first, then the least recently used, until both bounds hold. */
    private void evict() {
        long now = clockMs.getAsLong();
        if (map.size() > maxEntries || bytes > maxBytes) {
            for (Iterator<Map.Entry<String, Entry>> it = map.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Entry> e = it.next();
                if (e.getValue().expiresAtMs() <= now) {
                    bytes -= e.getValue().bytes();
                    it.remove();
                }
            }
        }
        Iterator<Map.Entry<String, Entry>> it = map.entrySet().iterator();
        while ((map.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
            bytes -= it.next().getValue().bytes();
            it.remove();
            evictions++;
        }
    }

    @Override
    public synchronized long size() {
        return map.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized long evictions() {
        return evictions;
    }
}
