package io.techopt.analyze;

import io.techopt.stats.LongHashSet;

/**
 * Repeated prompts: the requests in time order, counted by prompt (model + normalized messages) and offered to the
 * exact-cache lever, which serves a repeat of a prompt that succeeded before.
 */
final class PromptRepeats {
    /** Rows that carry a prompt, and requests that do not (a lower bound note then). */
    long withPrompt, promptless;
    final LongHashSet distinct = new LongHashSet();

    static PromptRepeats walk(RequestStore s, int[] timeOrder, double[] cost, ExactCacheLever exactCache) {
        RequestTable t = s.t;
        PromptRepeats r = new PromptRepeats();
        for (int i : timeOrder) {
            long key = t.prompt(i);
            if (key == 0) {
                r.promptless += t.count(i);
                continue;
            }
            r.withPrompt++;
            r.distinct.add(key);
            exactCache.offer(i, key, t.is(i, RequestTable.ERROR), cost[i]);
        }
        return r;
    }

    /** The share of prompted requests that repeat an earlier prompt; null when no request carries its prompt. */
    Double rate() {
        return withPrompt == 0 ? null : 1 - (double) distinct.size() / withPrompt;
    }
}
