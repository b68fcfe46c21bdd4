package io.techopt.budget;

import io.techopt.core.Complexity;
import io.techopt.core.ComplexityClassifier;
import io.techopt.core.Derived;
import io.techopt.core.LogRecord;
import io.techopt.core.Redactor;
import io.techopt.core.TokenSums;
import io.techopt.core.Usage;
import io.techopt.ingest.RecordSink;
import io.techopt.pricing.CostCalculator;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.PriceVersion;
import io.techopt.pricing.Pricer;
import io.techopt.stats.DoubleList;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prompt and answer sizes per task type and complexity, against the budgets, with adaptive budgets from the
 * percentiles and what enforcing them would save: prompt tokens above the budget compressed away and answer tokens
 * above it cut, each request priced before and after as pricing.md prices it ({@link CostCalculator#saving}).
 * <p>The group table is tablesaw columns ({@link GroupColumns}, #13 item 4), built once the log is read from the
 * per-request lists of each group.
 */
public final class BudgetAnalyzer implements RecordSink {
    /** A request logged again under its id counts once, with its last copy: the earlier copy's part is taken back out. */
    private final io.techopt.ingest.RepeatedRequests.Ledger<Kept> repeated =
            new io.techopt.ingest.RepeatedRequests.Ledger<>(Kept::new, this::undo);

    /** Records that repeated an earlier request id (logged twice) and were counted once: ingest's duplicate_request_ids. */
    public long repeatedRequestIds() {
        return repeated.repeats();
    }
    private final Pricer pricer;
    private final Map<String, Acc> groups = new TreeMap<>();
    private long requests, errors, unpriced;
    /** The first few unpriced model names, to name them in the notes. */
    private final java.util.Set<String> unpricedModels = new java.util.TreeSet<>();
    private TokenSums tokens = TokenSums.ZERO;
    private double cost;

    private static final class Acc {
        final String task;
        final Complexity complexity;
        DoubleList prompt = new DoubleList(), output = new DoubleList();
        /** Per request, how it is priced; null for an unpriced model (what cutting its tokens saves is unknown, not 0). */
        List<Priced> priced = new ArrayList<>();
        /** Entries of earlier copies of a request logged again, marked by a NaN prompt size. */
        int dropped;

        Acc(String task, Complexity complexity) {
            this.task = task;
            this.complexity = complexity;
        }

        void compact() {
            if (dropped == 0) {
                return;
            }
            DoubleList p = new DoubleList(), o = new DoubleList();
            List<Priced> pr = new ArrayList<>();
            for (int i = 0; i < prompt.size(); i++) {
                if (!Double.isNaN(prompt.raw()[i])) {
                    p.add(prompt.raw()[i]);
                    o.add(output.raw()[i]);
                    pr.add(priced.get(i));
                }
            }
            prompt = p;
            output = o;
            priced = pr;
            dropped = 0;
        }
    }

    /** A request's price and usage: what cutting its tokens saves is priced as the request is (pricing.md). */
    private record Priced(PriceVersion version, Usage usage, boolean batch) {
    }

    /** What one kept request added, so that a later copy of it can take it back out. */
    private static final class Kept {
        long count;
        Usage usage;
        double usd;
        boolean error;
        Acc group;
        int index;
    }

    public BudgetAnalyzer(Pricer pricer) {
        this.pricer = pricer;
    }

    /** A record's complexity level, classified from its task type or prompt text on a parser thread. */
    private static final Derived.Key<Complexity> COMPLEXITY = Derived.Key.of("budget.complexity", Complexity.class);

    @Override
    public LogRecord prepare(LogRecord r) {
        String text = r.taskType == null && r.hasPrompt() ? ComplexityClassifier.promptText(r.messages, m -> true) : null;
        return r.with(COMPLEXITY, ComplexityClassifier.classify(r.taskType, text, r.usage.promptTokens())).withoutText();
    }

    @Override
    public void accept(LogRecord r) {
        Kept k = repeated.entry(r); // the same request logged again: its last copy replaces the earlier one (log-format.md)
        Usage u = r.usage;
        double usd = r.costAsLogged ? r.loggedCostUsd : pricer.cost(r.model, r.provider, r.timestampMs, u, r.batch);
        k.count = r.count;
        k.usage = u;
        k.usd = usd;
        k.error = r.error;
        k.group = null;
        requests += r.count;
        tokens = tokens.plus(u);
        if (Double.isNaN(usd)) {
            unpriced += r.count;
            if (unpricedModels.size() < 5) {
                unpricedModels.add(Redactor.redact(String.valueOf(r.model)));
            }
        } else {
            cost += usd;
        }
        if (r.error) {
            errors += r.count;
            return; // a failed request says nothing about the size of an answer
        }
        Complexity c = r.derived(COMPLEXITY);
        String task = r.taskType == null ? "(none)" : Redactor.redact(r.taskType);
        Acc a = groups.computeIfAbsent(task + "\u0000" + c, key -> new Acc(task, c));
        k.group = a;
        k.index = a.prompt.size();
        a.prompt.add(r.usage.promptTokens());
        a.output.add(r.usage.outputTokens());
        PriceBook.Resolution res = pricer.resolve(r.model, r.provider);
        a.priced.add(res == null ? null : new Priced(pricer.version(res.entry(), r.timestampMs), u, r.batch));
    }

    /** Takes an earlier copy of a request out of the totals and its group (its group entry is dropped in finish). */
    private void undo(Kept k) {
        Usage u = k.usage;
        requests -= k.count;
        tokens = tokens.minus(u);
        if (Double.isNaN(k.usd)) {
            unpriced -= k.count;
        } else {
            cost -= k.usd;
        }
        if (k.error) {
            errors -= k.count;
        }
        if (k.group != null) {
            k.group.prompt.raw()[k.index] = Double.NaN;
            k.group.dropped++;
        }
    }

    public BudgetResult finish(Map<Complexity, TokenBudget> budgets) {
        for (Acc a : groups.values()) {
            a.compact();
        }
        groups.values().removeIf(a -> a.prompt.size() == 0);
        List<BudgetResult.Group> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        double totalUsd = 0;
        boolean anyUsd = false;
        long totalAffected = 0, unpricedLeftOut = 0, unpricedCut = 0;
        int partial = 0;
        GroupColumns t = new GroupColumns();
        for (Acc a : groups.values()) {
            int n = a.prompt.size();
            // a group whose every prompt (answer) has 0 tokens logged has no size history: budgets from it would be 0
            boolean promptKnown = max(a.prompt) > 0, outputKnown = max(a.output) > 0;
            double[] p = promptKnown ? a.prompt.percentiles(0.5, 0.95, 0.99) : new double[]{Double.NaN, Double.NaN, Double.NaN};
            double[] o = outputKnown ? a.output.percentiles(0.5, 0.95, 0.99) : new double[]{Double.NaN, Double.NaN, Double.NaN};
            TokenBudget b = budgets.get(a.complexity);
            int over = 0, truncated = 0, affected = 0, priced = 0;
            Integer recPrompt = promptKnown ? roundUp(p[1]) : null, recOutput = outputKnown ? roundUp(o[2]) : null;
            double usd = 0;
            for (int i = 0; i < n; i++) {
                double pt = a.prompt.raw()[i], ot = a.output.raw()[i];
                over += pt > b.prompt() || ot > b.output() ? 1 : 0;
                truncated += ot > b.output() ? 1 : 0;
                long cutPrompt = recPrompt == null ? 0 : (long) Math.max(0, pt - recPrompt), cutOutput = recOutput == null ? 0 : (long) Math.max(0, ot - recOutput);
                affected += cutPrompt > 0 || cutOutput > 0 ? 1 : 0;
                Priced q = a.priced.get(i);
                if (q == null) {
                    unpricedCut += cutPrompt > 0 || cutOutput > 0 ? 1 : 0;
                } else {
                    priced++;
                    usd += CostCalculator.saving(q.version(), q.usage(), q.batch(), cutPrompt, cutOutput);
                }
            }
            t.append(a.task, a.complexity, n, p, o, over, truncated, affected, priced, usd);
        }
        for (int g = 0; g < t.rows(); g++) {
            Complexity complexity = Complexity.valueOf(t.complexity.get(g));
            int n = t.requests.getInt(g), priced = t.priced.getInt(g), affected = t.affected.getInt(g);
            double[] p = t.pcts(t.prompt, g), o = t.pcts(t.output, g);
            boolean promptKnown = !Double.isNaN(p[0]), outputKnown = !Double.isNaN(o[0]);
            double usd = t.usd.getDouble(g);
            boolean usdKnown = priced > 0 && (promptKnown || outputKnown);
            unpricedLeftOut += n - priced;
            if (usdKnown) {
                totalUsd += usd;
                anyUsd = true;
            }
            totalAffected += affected;
            String level = complexity.name().toLowerCase(java.util.Locale.ROOT);
            String name = "group " + t.task.get(g) + " / " + level + ": ";
            if (!promptKnown) {
                notes.add(name + "prompt_tokens.p50, p95, p99, recommended.prompt and over_budget_share are null: no request logs prompt tokens");
            }
            if (!outputKnown) {
                notes.add(name + "output_tokens.p50, p95, p99, recommended.output, truncation_risk and over_budget_share are null: "
                        + "no request logs output tokens, so there is no answer size to budget from");
            }
            if (priced == 0) {
                notes.add(name + "usd_effect is null: no request of the group is of a priced model");
            } else if (usdKnown && !outputKnown) {
                partial++;
                notes.add(name + "usd_effect covers prompt tokens only: no request logs output tokens, so what the output budget "
                        + "saves cannot be measured");
            } else if (usdKnown && !promptKnown) {
                partial++;
                notes.add(name + "usd_effect covers output tokens only: no request logs prompt tokens, so what the prompt budget "
                        + "saves cannot be measured");
            }
            out.add(new BudgetResult.Group(t.task.get(g), level, n,
                    new BudgetResult.Pct(p[0], p[1], p[2]), new BudgetResult.Pct(o[0], o[1], o[2]),
                    BudgetResult.Allocation.of(budgets.get(complexity)),
                    promptKnown && outputKnown ? (double) t.over.getInt(g) / n : null,
                    outputKnown ? (double) t.truncated.getInt(g) / n : null,
                    new BudgetResult.Recommended(promptKnown ? roundUp(p[1]) : null, outputKnown ? roundUp(o[2]) : null),
                    usdKnown ? usd : null, affected));
        }
        if (!anyUsd) {
            notes.add(groups.isEmpty() ? "usd_effect is null: no successful request to budget (requests " + requests + ")"
                    : "usd_effect is null: no group has a priced request with logged token sizes");
        } else {
            if (unpricedLeftOut > 0) {
                notes.add(unpricedLeftOut + " successful requests of unpriced models are left out of usd_effect (their tokens still count in requests_affected)");
            }
            if (unpricedCut > 0) {
                notes.add("usd_effect is partial: " + unpricedCut + " request" + (unpricedCut == 1 ? "" : "s") + " of unpriced models "
                        + "would be cut, and what that saves is unknown, so it is a lower bound of what enforcing the budgets saves");
            }
            if (partial > 0) {
                notes.add("usd_effect is partial: in " + partial + " of " + out.size() + " groups only one side (prompt or output) "
                        + "can be measured, so it is a lower bound of what enforcing the budgets saves (see the group notes)");
            }
        }
        List<String> assumptions = new ArrayList<>(List.of(
                "cost_usd and tokens cover every request (failed ones too), priced as analyze prices them; "
                        + "input tokens are full-rate input only, prompt_tokens every prompt token whatever its rate",
                "complexity from the logged task_type, else from prompt length, code, questions and reasoning words",
                "over budget: the prompt exceeds system + context + input, or the answer exceeds output",
                "truncation risk: answers longer than the output budget, which max_tokens at that budget would cut",
                "recommended: prompt budget at the p95 of prompt tokens, output at the p99 of answer tokens, rounded up to 64",
                "usd_effect: enforcing the recommended budgets removes prompt tokens above them and answer tokens above them, "
                        + "each request priced as analyze prices it, before minus after: the removed prompt tokens come from "
                        + "each prompt kind in proportion (a cached share at the cache-read rate), at the request's batch rates "
                        + "and the long-context tier of its prompt before and after the cut; failed requests are left out"));
        boolean nothingPriced = requests > 0 && unpriced == requests;
        String models = String.join(", ", unpricedModels) + (unpricedModels.size() == 5 ? ", …" : "");
        if (nothingPriced) {
            notes.add(0, "cost_usd is null: none of the " + requests + " requests is of a priced model (" + models
                    + "), so their cost is unknown, not $0 (add their prices with --prices FILE)");
        } else if (unpriced > 0) {
            notes.add(0, "cost_usd leaves out " + unpriced + " requests of unpriced models (" + models + "): their cost is unknown "
                    + "(add their prices with --prices FILE)");
        }
        if (errors > 0) {
            assumptions.add("groups count successful requests only: the " + errors + " failed request" + (errors == 1 ? " is" : "s are")
                    + " left out (a failed request says nothing about the size of an answer), so the groups' requests sum to "
                    + (requests - errors) + " of " + requests);
        }
        assumptions.addAll(notes);
        return new BudgetResult(requests, errors, nothingPriced ? null : cost, new BudgetResult.Tokens(tokens.input(), tokens.cacheRead(),
                tokens.cacheWrite(), tokens.cacheWrite1h(), tokens.output(), tokens.reasoning()),
                unpriced, out, anyUsd ? totalUsd : null, totalAffected, assumptions);
    }

    private static double max(DoubleList l) {
        double m = 0;
        for (int i = 0; i < l.size(); i++) {
            m = Math.max(m, l.raw()[i]);
        }
        return m;
    }

    /**
     * The group table as tablesaw columns (#13 item 4), a row a group in task then complexity order: requests, the
     * p50/p95/p99 of prompt and answer sizes (NaN, tablesaw's missing value, for a side no request logs; computed by
     * {@code stats.Percentiles}, numpy's linear, not tablesaw's), requests over budget, truncated and cut, requests of
     * priced models and what cutting saves. The per-request sizes stay lists filled while the log streams (tablesaw
     * stays off the per-record path); the notes and the report's rows are read from these columns.
     */
    private static final class GroupColumns {
        final StringColumn task = StringColumn.create("task_type"), complexity = StringColumn.create("complexity");
        final IntColumn requests = IntColumn.create("requests"), over = IntColumn.create("over_budget"),
                truncated = IntColumn.create("truncated"), affected = IntColumn.create("requests_affected"),
                priced = IntColumn.create("priced_requests");
        final List<DoubleColumn> prompt = List.of(DoubleColumn.create("prompt_p50"), DoubleColumn.create("prompt_p95"),
                DoubleColumn.create("prompt_p99"));
        final List<DoubleColumn> output = List.of(DoubleColumn.create("output_p50"), DoubleColumn.create("output_p95"),
                DoubleColumn.create("output_p99"));
        final DoubleColumn usd = DoubleColumn.create("usd_effect");

        void append(String task, Complexity c, int n, double[] p, double[] o, int over, int truncated, int affected,
                    int priced, double usd) {
            this.task.append(task);
            complexity.append(c.name());
            requests.append(n);
            for (int i = 0; i < 3; i++) {
                prompt.get(i).append(p[i]);
                output.get(i).append(o[i]);
            }
            this.over.append(over);
            this.truncated.append(truncated);
            this.affected.append(affected);
            this.priced.append(priced);
            this.usd.append(usd);
        }

        int rows() {
            return requests.size();
        }

        double[] pcts(List<DoubleColumn> cols, int g) {
            return new double[]{cols.get(0).getDouble(g), cols.get(1).getDouble(g), cols.get(2).getDouble(g)};
        }
    }

    private static int roundUp(double v) {
        return (int) (Math.ceil(v / 64) * 64);
    }
}
