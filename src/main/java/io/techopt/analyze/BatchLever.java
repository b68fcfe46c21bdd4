package io.techopt.analyze;

import io.techopt.core.RequestFigures;
import io.techopt.core.Saving;
import io.techopt.core.SavingsLever;
import io.techopt.pricing.CostCalculator;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a Batch API would have saved: requests of a batchable task type (--batchable) that were sent one by one,
 * succeeded and are priced, re-priced at the catalog's batch rate (half the standard rate where it has none).
 */
final class BatchLever implements OwnLever {
    private final Set<String> batchable;
    private final RequestFigures shares;
    private double usd;
    private long requests;

    BatchLever(Set<String> batchable, boolean keepRequests) {
        this.batchable = batchable;
        this.shares = keepRequests ? new RequestFigures() : null;
    }

    /** The lever offered every live, successful, priced request sent one by one whose task type is batchable. */
    static BatchLever measure(RequestStore s, double[] cost, Set<String> batchable, boolean keepRequests) {
        RequestTable t = s.t;
        BatchLever lever = new BatchLever(batchable, keepRequests);
        for (int i = 0; i < t.n; i++) {
            if (!t.live(i) || t.is(i, RequestTable.BATCH) || t.is(i, RequestTable.ERROR) || Double.isNaN(cost[i])
                    || !lever.applies(s.tasks.raw(t.task(i)))) {
                continue;
            }
            lever.offer(i, t.count(i), cost[i], CostCalculator.cost(s.version(s.entry(i), i), s.usage(i), true));
        }
        return lever;
    }

    boolean applies(String task) {
        return task != null && batchable.contains(task.toLowerCase(Locale.ROOT));
    }

    /** A batchable request: its cost as sent and at the batch rate. */
    void offer(int row, long count, double cost, double batchCost) {
        usd += cost - batchCost;
        requests += count;
        if (shares != null && cost > 0) {
            shares.set(row, (cost - batchCost) / cost);
        }
    }

    @Override
    public String name() {
        return "batch";
    }

    @Override
    public Saving saving(double total) {
        return new Saving(name(), usd, requests, total > 0 ? usd / total : 0, List.of(
                "requests whose task_type is one of: " + String.join(", ", batchable.stream().sorted().toList())
                        + " (set with --batchable) could wait for a Batch API (up to 24 h)",
                "batch prices from the catalog where it has them, otherwise half the standard rate",
                "failed requests and requests already sent as batch are left out"));
    }

    @Override
    public SavingsLever.Effect effect(Saving alone) {
        return new SavingsLever.Effect(alone, shares == null ? SavingsLever.PerRequest.NONE : shares, false, false,
                "a Batch API answers within 24 h instead of seconds: the wait is not a per-request latency the log can measure",
                0.0, null, null, "answers arrive within 24 h, so only work nobody waits for (reports, labelling, evaluation) "
                + "can go this way", List.of());
    }
}
