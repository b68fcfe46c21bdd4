package io.techopt.cache;

import io.techopt.core.LogRecord;

/** One lookup: the exact key, and for the semantic layer the scope that must match and the question to compare. */
public record CacheRequest(String key, String scope, String text) {
    public static CacheRequest of(String namespace, LogRecord r) {
        return new CacheRequest(CacheKey.of(namespace, r.model, r.messages), CachePolicy.scope(r), CachePolicy.question(r));
    }
}
