package io.techopt.cache;

import java.util.EnumMap;
import java.util.Map;

/**
 * Requests the cache leaves out, counted by reason; each kept request remembers what it added, so that a later copy of
 * it (the same request id: last wins) takes exactly that back out. Shared by the simulator and the warm planner.
 */
final class SkipTally {
    /** What one kept request added to the tally; a kept request extends it, so it costs no extra object per request. */
    abstract static class Entry {
        private CachePolicy.Skip skip;
        private long skipped;
    }

    private final Map<CachePolicy.Skip, Long> counts = new EnumMap<>(CachePolicy.Skip.class);

    /** Counts {@code n} requests of this entry as skipped for {@code why}. */
    void skip(Entry e, CachePolicy.Skip why, long n) {
        counts.merge(why, n, Long::sum);
        e.skip = why;
        e.skipped = n;
    }

    /** Takes an entry's skip back out of the counts (a reason whose count falls to 0 is gone). */
    void undo(Entry e) {
        if (e.skip != null && counts.merge(e.skip, -e.skipped, Long::sum) == 0) {
            counts.remove(e.skip);
        }
    }

    /** A reused entry starts with no skip. */
    static void reset(Entry e) {
        e.skip = null;
        e.skipped = 0;
    }

    /** The counts by reason, in the reasons' order. */
    Map<CachePolicy.Skip, Long> counts() {
        return counts;
    }
}
