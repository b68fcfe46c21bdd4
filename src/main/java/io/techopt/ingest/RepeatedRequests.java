package io.techopt.ingest;

import io.techopt.core.LogRecord;
import io.techopt.core.PromptKey;
import io.techopt.stats.LongHashSet;

/**
 * Spots a request logged again under the same request id (a retry or a re-sent batch logged twice), for sinks that
 * stream and keep the first copy. analyze keeps the last copy instead; both count the request once.
 */
public final class RepeatedRequests {
    private final LongHashSet seen = new LongHashSet();
    private long repeats;

    /** True for a record whose request id came before; records without an id are never repeats. */
    public boolean isRepeat(LogRecord r) {
        if (r.requestId == null || seen.add(PromptKey.hash(r.requestId))) {
            return false;
        }
        repeats++;
        return true;
    }

    public long repeats() {
        return repeats;
    }
}
