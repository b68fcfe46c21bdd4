package io.techopt.analyze;

import io.techopt.core.RequestFigures;
import io.techopt.core.Saving;
import io.techopt.core.SavingsLever;
import io.techopt.stats.LongHashSet;

import java.util.List;

/**
 * What an exact-match cache would have saved: offered the requests in time order, it serves every repeat of a prompt
 * (model + normalized messages) whose earlier request succeeded; entries never expire within the log's period.
 */
final class ExactCacheLever implements OwnLever {
    private final LongHashSet servedOk = new LongHashSet();
    /** The requests it would answer (plan only; null: not kept). */
    private final RequestFigures hits;
    private long hitCount;
    private double usd;

    ExactCacheLever(boolean keepRequests) {
        this.hits = keepRequests ? new RequestFigures() : null;
    }

    /** @param cost the request's cost, NaN when its model has no price (a hit then saves an unknown amount) */
    void offer(int row, long promptKey, boolean error, double cost) {
        if (promptKey == 0) {
            return;
        }
        if (servedOk.contains(promptKey)) {
            hitCount++;
            if (!Double.isNaN(cost)) {
                usd += cost;
            }
            if (hits != null) {
                hits.set(row, 1);
            }
        } else if (!error) {
            servedOk.add(promptKey);
        }
    }

    @Override
    public String name() {
        return "exact_cache";
    }

    @Override
    public Saving saving(double total) {
        return new Saving(name(), usd, hitCount, total > 0 ? usd / total : 0, List.of(
                "an exact-match cache keyed on model + normalized messages serves every repeat of a prompt whose "
                        + "earlier request succeeded",
                "entries never expire within the log's period; a hit costs nothing",
                "repeats counted in timestamp order; errors are never cached"));
    }

    @Override
    public SavingsLever.Effect effect(Saving alone) {
        return new SavingsLever.Effect(alone, hits == null ? SavingsLever.PerRequest.NONE : hits, true, true, null, 0.0,
                null, null, "a cached answer can go stale (prices, news, a changed system prompt): give entries a TTL "
                + "and key them on everything that changes the answer", List.of());
    }
}
