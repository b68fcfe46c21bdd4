package io.techopt.ingest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Langfuse observations a line left without a start or end time, held across lines and files until the rest of the
 * input completes them: a {@code generation-create} ended by a {@code generation-update} in a later batch, a
 * {@code span-update} ending a span created earlier, or an update read before its create. Each new part is merged
 * into the held observation, later fields winning and nulls never overwriting (as within one batch); the observation
 * is mapped as soon as it has both times, or at the end of the input as complete as it got.
 * <p>Memory is bounded: beyond {@link #MAX_HELD} observations one is mapped as it is: the oldest update still waiting
 * for its create (most likely one whose create was mapped already), else the oldest observation. Consumer thread only.
 */
final class LangfusePending {
    static final int MAX_HELD = 10_000;

    /** Observations with a start time waiting for their end, and updates still waiting for their create. */
    private final Map<String, LangfuseFormat.Pending> started = new LinkedHashMap<>();
    private final Map<String, LangfuseFormat.Pending> unstarted = new LinkedHashMap<>();
    /** Observations mapped complete (their payload left out), the latest {@code maxHeld}: a later update merges into one. */
    private final Map<String, LangfuseFormat.Pending> mapped;
    private final int maxHeld;
    /** Ids of observations mapped before whose mapping gave a request (the latest {@code maxHeld}). */
    private final java.util.Set<String> delivered;
    /** Observations {@link #add} completed by merging an update into one mapped before (by identity, until asked). */
    private final java.util.Set<LangfuseFormat.Pending> updates =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    LangfusePending() {
        this(MAX_HELD);
    }

    LangfusePending(int maxHeld) {
        this.maxHeld = maxHeld;
        this.delivered = java.util.Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
                return size() > maxHeld;
            }
        });
        this.mapped = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LangfuseFormat.Pending> e) {
                return size() > maxHeld;
            }
        };
    }

    /** An observation mapped complete where it was read: an update of it in a later line is merged into it. */
    void mapped(LangfuseFormat.Pending p) {
        mapped.remove(p.id()); // the latest goes last, so the oldest is forgotten first
        mapped.put(p.id(), p);
    }

    /** Merges {@code p} into what is held for its id; returns the observations to map now (completed, or evicted). */
    List<LangfuseFormat.Pending> add(LangfuseFormat.Pending p) {
        LangfuseFormat.Pending prev = started.remove(p.id());
        if (prev == null) {
            prev = unstarted.remove(p.id());
        }
        boolean update = false;
        if (prev == null) {
            // an update of an observation already mapped complete (Langfuse's SDKs: end(), then update(usage=…)):
            // Langfuse merges it into the observation, so it is mapped again, merged; the last copy wins (analyze's
            // repeated request id, the latency map's repeated span)
            LangfuseFormat.Pending done = mapped.get(p.id());
            if (done != null) {
                prev = new LangfuseFormat.Pending(done.id(), LangfuseFormat.kept(done.body()), done.trace(), done.generation(),
                        done.type(), p.file(), p.line());
                update = true; // one observation updated, not one logged twice: not a repeated request or span
            }
        }
        LangfuseFormat.Pending merged = p;
        if (prev != null) {
            var body = LangfuseFormat.mergeInto(prev.body(), p.body());
            var trace = prev.trace() == null ? p.trace() : p.trace() == null ? prev.trace()
                    : LangfuseFormat.mergeInto(prev.trace().deepCopy(), p.trace());
            boolean generation = prev.generation() || p.generation();
            String type = generation ? "GENERATION" : prev.type();
            merged = new LangfuseFormat.Pending(p.id(), body, trace, generation, type, prev.file(), prev.line());
        }
        List<LangfuseFormat.Pending> now = new ArrayList<>(1);
        if (complete(merged)) {
            now.add(merged);
            if (update) {
                updates.add(merged);
            }
            mapped(new LangfuseFormat.Pending(merged.id(), LangfuseFormat.kept(merged.body()), LangfuseFormat.keptTrace(merged.trace()),
                    merged.generation(), merged.type(), merged.file(), merged.line(), true));
        } else {
            (merged.body().hasNonNull("startTime") ? started : unstarted).put(p.id(), merged);
            if (started.size() + unstarted.size() > maxHeld) {
                Iterator<LangfuseFormat.Pending> it = (unstarted.isEmpty() ? started : unstarted).values().iterator();
                now.add(it.next());
                it.remove();
            }
        }
        return now;
    }

    /** Whether {@code p}, returned by {@link #add}, is an observation mapped before, updated (asked once). */
    boolean update(LangfuseFormat.Pending p) {
        return updates.remove(p);
    }

    /** The mapping of observation {@code id} gave a request (delivered to the sink). */
    void delivered(String id) {
        delivered.remove(id);
        delivered.add(id);
    }

    /** Whether a mapping of observation {@code id} gave a request before (one its update now replaces). */
    boolean wasDelivered(String id) {
        return delivered.contains(id);
    }

    /** Everything still held, oldest first, and forgets it: the end of the input. */
    List<LangfuseFormat.Pending> drain() {
        List<LangfuseFormat.Pending> all = new ArrayList<>(started.values());
        all.addAll(unstarted.values());
        all.sort(java.util.Comparator.comparing(LangfuseFormat.Pending::file).thenComparingLong(LangfuseFormat.Pending::line));
        started.clear();
        unstarted.clear();
        mapped.clear();
        updates.clear();
        delivered.clear();
        return all;
    }

    private static boolean complete(LangfuseFormat.Pending p) {
        return p.body().hasNonNull("startTime") && (p.body().hasNonNull("endTime") || "EVENT".equals(p.type()));
    }
}
