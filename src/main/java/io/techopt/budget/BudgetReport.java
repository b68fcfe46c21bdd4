package io.techopt.budget;

import io.techopt.report.Report;
import io.techopt.report.ResultReport;
import io.techopt.report.ReportView;
import io.techopt.report.ReportView.Column;
import io.techopt.report.ReportView.Item;
import io.techopt.report.ReportView.Kind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The budget report over a log. */
public record BudgetReport(BudgetResult result) implements ResultReport<BudgetResult> {
    /** The report a {@code budget -f json} output (on a log) holds, for {@code techopt render}: drawn from the JSON alone. */
    public static Report fromJson(com.fasterxml.jackson.databind.JsonNode doc) {
        return io.techopt.report.JsonSections.report(doc, BudgetResult.class, BudgetReport::new);
    }

    @Override
    public ReportView view() {
        List<List<Object>> rows = new ArrayList<>();
        for (BudgetResult.Group g : result.groups()) {
            rows.add(Arrays.asList(g.taskType(), g.complexity(), g.requests(), g.promptTokens().p50(), g.promptTokens().p95(),
                    g.promptTokens().p99(), g.outputTokens().p50(), g.outputTokens().p95(), g.outputTokens().p99(),
                    g.budget().prompt(), g.budget().output(), g.overBudgetShare(), g.truncationRisk(), g.recommended().prompt(),
                    g.recommended().output(), g.usdEffect()));
        }
        return new ReportView("techopt budget", List.of(
                new ReportView.Summary("Summary", List.of(Item.of("Requests", result.requests(), Kind.INT),
                        Item.of("Errors", result.errors(), Kind.INT),
                        Item.of(result.unpricedRequests() > 0 && result.costUsd() != null ? "Cost (priced requests)" : "Cost", result.costUsd(), Kind.MONEY),
                        Item.of("Input tokens (full rate)", result.tokens().input(), Kind.INT),
                        Item.of("Cache read tokens", result.tokens().cacheRead(), Kind.INT),
                        Item.of("Cache write tokens", result.tokens().cacheWrite(), Kind.INT),
                        Item.of("Output tokens", result.tokens().output(), Kind.INT),
                        Item.of("Reasoning tokens (part of output)", result.tokens().reasoning(), Kind.INT),
                        Item.of(result.assumptions().stream().anyMatch(n -> n.startsWith("usd_effect is partial"))
                                ? result.assumptions().stream().anyMatch(n -> n.startsWith("usd_effect is partial: in "))
                                ? "Enforcing the recommended budgets saves at least (one side measured, see notes)"
                                : "Enforcing the recommended budgets saves at least (unpriced requests left out, see notes)"
                                : "Enforcing the recommended budgets saves", result.usdEffect(), Kind.MONEY),
                        Item.of("Requests it would compress or cut", result.requestsAffected(), Kind.INT))),
                new ReportView.Table("groups", "By task type and complexity", List.of(new Column("task_type", Kind.TEXT),
                        new Column("complexity", Kind.TEXT), new Column("requests", Kind.INT), new Column("prompt_p50", Kind.INT),
                        new Column("prompt_p95", Kind.INT), new Column("prompt_p99", Kind.INT), new Column("out_p50", Kind.INT),
                        new Column("out_p95", Kind.INT), new Column("out_p99", Kind.INT), new Column("budget_prompt", Kind.INT),
                        new Column("budget_output", Kind.INT), new Column("over_budget", Kind.PERCENT),
                        new Column("truncation_risk", Kind.PERCENT), new Column("rec_prompt", Kind.INT),
                        new Column("rec_output", Kind.INT), new Column("usd_effect", Kind.MONEY)), rows),
                ReportView.Notes.inCsv("Assumptions", result.assumptions(), "notes")));
    }
}
