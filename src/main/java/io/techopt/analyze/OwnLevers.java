package io.techopt.analyze;

import io.techopt.core.LogRecord;
import io.techopt.core.PromptKey;
import io.techopt.core.Saving;
import io.techopt.core.SavingsLever;
import io.techopt.pricing.PriceEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * analyze's own savings levers, one class each: the exact cache ({@link ExactCacheLever}), provider prompt caching
 * ({@link PromptCacheLever}, offered each request as it is read) and the Batch API ({@link BatchLever}), measured in
 * that order, which is their order in the report's savings.
 */
final class OwnLevers {
    private final PromptCacheLever promptCache;
    private final Set<String> batchable;
    private boolean keepRequests;
    private ExactCacheLever exactCache;
    private BatchLever batch;

    OwnLevers(long cacheTtlMs, Set<String> batchable) {
        this.promptCache = new PromptCacheLever(cacheTtlMs);
        this.batchable = batchable;
    }

    /** Keep what each lever does to each request, for the savings plan. */
    void keepRequests() {
        keepRequests = true;
        promptCache.keepRequests();
    }

    /** A request as it is read: a successful one with its prompt, of a model whose price has a prompt cache. */
    void offer(RequestStore s, int row, LogRecord r, PromptKey.Info info) {
        if (info != null && !r.error) {
            PriceEntry e = s.entry(row);
            if (e != null && e.supportsPromptCache()) {
                promptCache.offer(row, r.timestampMs, s.t.model(row), info, r.usage, r.batch, e, s.version(e, row));
            }
        }
    }

    /** A fresh exact cache, to be offered the requests in time order ({@link PromptRepeats#walk}). */
    ExactCacheLever exactCache() {
        exactCache = new ExactCacheLever(keepRequests);
        return exactCache;
    }

    /** The three levers' figures, after the exact cache walked the log; {@code total} is the log's priced cost. */
    List<Saving> savings(RequestStore s, double[] cost, double total, PromptRepeats repeats, long requests) {
        List<Saving> savings = new ArrayList<>();
        savings.add(exactCache.saving(total));
        savings.add(promptCache.saving(total));
        if (repeats.withPrompt == 0) {
            // both levers compare prompts; without any, a $0 would read as "nothing to save"
            String why = "no request in the log carries its prompt (messages)";
            savings.replaceAll(v -> v.lever().equals("exact_cache") || v.lever().equals("prompt_cache") ? v.unmeasurable(why) : v);
        } else if (repeats.promptless > 0) {
            savings.set(0, savings.get(0).withFirstNote(Saving.promptlessLowerBound(repeats.promptless, requests)));
        }
        batch = BatchLever.measure(s, cost, batchable, keepRequests);
        savings.add(batch.saving(total));
        return savings;
    }

    /** For the savings plan: what each lever does to each request, beside its figure alone ({@link #savings}'s). */
    List<SavingsLever.Effect> effects(List<Saving> savings) {
        List<OwnLever> levers = List.of(exactCache, promptCache, batch); // the order of savings
        List<SavingsLever.Effect> effects = new ArrayList<>();
        for (int i = 0; i < levers.size(); i++) {
            effects.add(levers.get(i).effect(savings.get(i)));
        }
        return effects;
    }
}
