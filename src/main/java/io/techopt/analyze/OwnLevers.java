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
 * ({@link PromptCacheLever}, offered each request as it is read, replayed over the last copies) and the Batch API ({@link BatchLever}), measured in
 * that order, which is their order in the report's savings.
 */
final class OwnLevers {
    private final PromptCacheLever promptCache;
    private final Set<String> batchable;
    private boolean keepRequests;
    private ExactCacheLever exactCache;
    private List<OwnLever> measured;

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
                promptCache.offer(row, info, r.usage, e);
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
        promptCache.replay(s);
        BatchLever batch = BatchLever.measure(s, cost, batchable, keepRequests);
        measured = List.of(exactCache, promptCache, batch); // the report's order
        List<Saving> savings = new ArrayList<>();
        for (OwnLever lever : measured) {
            savings.add(lever.saving(total));
        }
        if (repeats.withPrompt == 0) {
            // both levers compare prompts; without any, a $0 would read as "nothing to save"
            String why = "no request in the log carries its prompt (messages)";
            savings.replaceAll(v -> v.lever().equals(exactCache.name()) || v.lever().equals(promptCache.name()) ? v.unmeasurable(why) : v);
        } else if (repeats.promptless > 0) {
            String note = Saving.promptlessLowerBound(repeats.promptless, requests);
            savings.replaceAll(v -> v.lever().equals(exactCache.name()) ? v.withFirstNote(note) : v);
        }
        return savings;
    }

    /** For the savings plan: what each lever does to each request, beside its figure alone ({@link #savings}'s). */
    List<SavingsLever.Effect> effects(List<Saving> savings) {
        return effects(measured, savings);
    }

    /**
     * Each lever's effect with its own saving, paired by the lever's name, not by position (review r24h L3: a lever
     * inserted at another place in one list would have been given another's figure). {@code savings} may hold other
     * levers' too (Analyzer.addLever's); a lever of these without its one saving is a bug and fails.
     */
    static List<SavingsLever.Effect> effects(List<? extends OwnLever> levers, List<Saving> savings) {
        List<SavingsLever.Effect> effects = new ArrayList<>();
        for (OwnLever lever : levers) {
            List<Saving> own = savings.stream().filter(v -> v.lever().equals(lever.name())).toList();
            if (own.size() != 1) {
                throw new IllegalStateException("lever " + lever.name() + " has " + own.size() + " savings among "
                        + savings.stream().map(Saving::lever).toList() + ", not one");
            }
            effects.add(lever.effect(own.get(0)));
        }
        return effects;
    }
}
