package io.techopt.ingest;

import io.techopt.core.LogRecord;
import io.techopt.core.PromptKey;
import io.techopt.stats.LongIntMap;

/**
 * The one rule for a request logged again under the same request id (a retry or a re-sent batch logged twice),
 * shared by every command: log-format.md's "duplicates of one id are counted once (last wins)". A sink keeps each
 * request in a slot (a row); {@link #lastCopy} tells it which earlier slot the new copy replaces, so every command
 * counts the same copy that analyze does.
 */
public final class RepeatedRequests {
    private final LongIntMap slots = new LongIntMap();
    private long repeats;

    /**
     * Records that {@code r} is kept in {@code slot}; returns the slot of the earlier copy of its request id, which the
     * caller drops because the last copy wins, or -1 (first copy, or no request id).
     */
    public int lastCopy(LogRecord r, int slot) {
        if (r.requestId == null) {
            return -1;
        }
        int prev = slots.put(PromptKey.hash(r.requestId), slot);
        if (prev >= 0) {
            repeats++;
        }
        return prev;
    }

    /**
     * For a sink that writes a later copy over the earlier one: the slot to keep {@code r} in, which is the earlier
     * copy's slot when {@code r} repeats a request id (the last copy wins: the caller replaces what that slot held),
     * else {@code fresh}, which is then remembered for the id.
     */
    public int slot(LogRecord r, int fresh) {
        if (r.requestId == null) {
            return fresh;
        }
        long id = PromptKey.hash(r.requestId);
        int prev = slots.put(id, fresh);
        if (prev < 0) {
            return fresh;
        }
        slots.put(id, prev);
        repeats++;
        return prev;
    }

    /**
     * For a replay that cannot take back what a copy did (the cache simulation, cache-warm's candidates, compress's
     * per-request figures): true for a record whose request id came before, which the caller skips, so the request
     * still counts once. Those commands count the first copy; every figure of {@link #slot} users counts the last.
     */
    public boolean isRepeat(LogRecord r) {
        if (r.requestId == null || slots.put(PromptKey.hash(r.requestId), 0) < 0) {
            return false;
        }
        repeats++;
        return true;
    }

    /** Records that repeated an earlier request id and were counted once: ingest's duplicate_request_ids. */
    public long repeats() {
        return repeats;
    }
}
