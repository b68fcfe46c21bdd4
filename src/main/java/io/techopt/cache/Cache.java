package io.techopt.cache;

import java.time.Duration;
import java.util.Optional;

/** A response cache: the port behind the memory, Redis and semantic layers. Keys come from {@link CacheKey}. */
public interface Cache {
    Optional<String> get(String key);

    /** Stores a value for {@code ttl}; storing again refreshes it. */
    void put(String key, String value, Duration ttl);

    long size();
}
