package io.techopt.ingest;

import io.techopt.core.LogRecord;
import io.techopt.core.PromptKey;
import io.techopt.stats.LongIntMap;

/**
 * The one rule for a request logged again under the same request id (a retry or a re-sent batch logged twice),
 * shared by every command: log-format.md's "duplicates of one id are counted once (last wins)". A sink keeps each
 * request in a slot (a row); {@link #lastCopy} tells it which earlier slot the new copy replaces, so every command
 * counts the same copy that analyze does. A sink that sums what each request adds keeps a {@link Ledger} instead.
 */
public final class RepeatedRequests {
    /**
     * Marks a record that is an update of a request delivered before (a Langfuse observation updated after its end,
     * mapped again merged): its copy replaces the earlier one as any later copy does, but it is not a request logged
     * twice, so it is not counted in {@link #repeats}.
     */
    public static final io.techopt.core.Derived.Key<Boolean> UPDATE = io.techopt.core.Derived.Key.of("ingest.update", Boolean.class);

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
        if (prev >= 0 && r.derived(UPDATE) == null) {
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
        repeats += r.derived(UPDATE) == null ? 1 : 0;
        return prev;
    }

    /** Whether a record with {@code requestId} was kept here before. */
    public boolean seen(String requestId) {
        return requestId != null && slots.get(PromptKey.hash(requestId)) >= 0;
    }

    /** Records that repeated an earlier request id and were counted once: ingest's duplicate_request_ids. */
    public long repeats() {
        return repeats;
    }

    /**
     * The last-wins rule for a sink that sums what each request adds: one entry per request, holding what it added
     * (a few numbers, never the record), so that a later copy of the same request id takes the earlier copy's part
     * back out before it adds its own. Only requests with an id keep their entry (no other record can repeat them).
     * Every figure then counts each request once, with its last copy's values, as analyze does.
     *
     * @param <K> what one request added
     */
    public static final class Ledger<K> {
        private final RepeatedRequests ids = new RepeatedRequests();
        private final java.util.List<K> kept = new java.util.ArrayList<>();
        private final java.util.function.Supplier<K> fresh;
        private final java.util.function.Consumer<K> undo;

        /**
         * @param fresh a new, empty entry
         * @param undo  takes what an entry added back out of the sink's figures (the entry is then reused for the copy
         *              that replaces it)
         */
        public Ledger(java.util.function.Supplier<K> fresh, java.util.function.Consumer<K> undo) {
            this.fresh = fresh;
            this.undo = undo;
        }

        /**
         * The entry in which to record what {@code r} adds: for a copy of a request id seen before, the earlier copy's
         * entry, already taken back out of the figures by {@code undo}; otherwise a new one.
         */
        public K entry(LogRecord r) {
            if (r.requestId == null) {
                return fresh.get();
            }
            int slot = ids.slot(r, kept.size());
            if (slot < kept.size()) {
                K k = kept.get(slot);
                undo.accept(k);
                return k;
            }
            K k = fresh.get();
            kept.add(k);
            return k;
        }

        /** Records that repeated an earlier request id and were counted once: ingest's duplicate_request_ids. */
        public long repeats() {
            return ids.repeats();
        }

        /** Entries kept: one a request with an id. */
        public int size() {
            return kept.size();
        }

        /** Every kept entry of a request with an id, its last copy's (entries of requests without an id are not kept). */
        public void forEach(java.util.function.Consumer<K> action) {
            kept.forEach(action);
        }
    }
}
