package io.techopt.analyze;

import io.techopt.report.JsonRenderer;
import io.techopt.report.Report;
import io.techopt.report.ReportView;
import io.techopt.report.ReportView.Column;
import io.techopt.report.ReportView.Item;
import io.techopt.report.ReportView.Kind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * analyze --plan in every format: a {@code plan} object in the JSON; in the others a summary, the plan's table (one
 * row per lever, then the combined saving), the seed's expected effects beside this log's, a bar chart and the notes,
 * placed before the report's closing notes.
 */
public final class SavingsPlanSection {
    private SavingsPlanSection() {
    }

    public static Report on(SavingsPlan.Result plan, Report report) {
        if (plan == null) {
            return report;
        }
        return report.with(o -> {
            o.set("plan", JsonRenderer.mapper().valueToTree(plan));
            // cli.md: every null figure is named by a note in the report's notes (analyze's warnings)
            com.fasterxml.jackson.databind.node.ArrayNode w = o.get("warnings") instanceof com.fasterxml.jackson.databind.node.ArrayNode a
                    ? a : o.putArray("warnings");
            plan.nullNotes().forEach(w::add);
        }, v -> withPlan(v, plan));
    }

    static List<ReportView.Block> blocks(SavingsPlan.Result p) {
        List<List<Object>> rows = new ArrayList<>();
        for (SavingsPlan.Step s : p.levers()) {
            rows.add(Arrays.asList(s.step(), s.applied() || s.usdSaved() == null ? s.lever() : s.lever() + " (not applied)", s.usdSaved(), s.shareOfCost(), s.requestsAffected(), s.aloneUsd(),
                    s.latencyChangeMsMean(), s.qualityChange(), s.expectedFalseHits(), s.risk()));
        }
        rows.add(Arrays.asList(null, "combined", p.combinedUsdSaved(), p.combinedShareOfCost(),
                null, p.sumOfAloneUsd(), p.latencyChangeMsMean(), null, null, "cost after the plan: " + money(p.costAfterUsd())));
        List<List<Object>> seed = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (SavingsPlan.Step s : p.levers()) {
            seed.add(Arrays.asList(s.lever(), s.seedEffect() == null ? "(no row)" : s.seedEffect(),
                    s.seedLow() == null ? null : String.format(Locale.ROOT, "%.0f-%.0f%%", 100 * s.seedLow(), 100 * s.seedHigh()),
                    s.aloneShareOfCost(), s.shareOfCost()));
            if (s.usdSaved() != null) {
                labels.add(s.lever());
                values.add(s.usdSaved());
            }
        }
        List<String> notes = new ArrayList<>(p.notes());
        for (SavingsPlan.Step s : p.levers()) {
            s.notes().forEach(n -> notes.add(s.lever() + ": " + n));
        }
        return List.of(
                new ReportView.Summary("Savings plan", List.of(
                        Item.of("Cost", p.costUsd(), Kind.MONEY),
                        Item.of("Saved by the plan", p.combinedUsdSaved(), Kind.MONEY),
                        Item.of("Share of cost", p.combinedShareOfCost(), Kind.PERCENT),
                        Item.of("Cost after the plan", p.costAfterUsd(), Kind.MONEY),
                        Item.of("Stand-alone levers added up", p.sumOfAloneUsd(), Kind.MONEY)),
                        new ReportView.Table("plan_summary", "Savings plan", List.of(new Column("cost_usd", Kind.MONEY),
                                new Column("combined_usd_saved", Kind.MONEY), new Column("combined_share_of_cost", Kind.PERCENT),
                                new Column("cost_after_usd", Kind.MONEY), new Column("sum_of_alone_usd", Kind.MONEY)),
                                List.of(Arrays.asList(p.costUsd(), p.combinedUsdSaved(), p.combinedShareOfCost(),
                                        p.costAfterUsd(), p.sumOfAloneUsd())))),
                new ReportView.Table("plan", "Savings plan: levers one after the other, each on what the earlier left",
                        List.of(new Column("step", Kind.INT), new Column("lever", Kind.TEXT), new Column("usd_saved", Kind.MONEY),
                                new Column("share_of_cost", Kind.PERCENT), new Column("requests_affected", Kind.INT),
                                new Column("alone_usd", Kind.MONEY), new Column("latency_change_ms_mean", Kind.MS),
                                new Column("quality_change", Kind.NUMBER), new Column("expected_false_hits", Kind.NUMBER),
                                new Column("risk", Kind.TEXT)), rows),
                new ReportView.Table("plan_expected", "Expected effects (the seed's ranges) beside this log's",
                        List.of(new Column("lever", Kind.TEXT), new Column("seed_effect", Kind.TEXT),
                                new Column("seed_range", Kind.TEXT), new Column("alone_share_of_cost", Kind.PERCENT),
                                new Column("plan_share_of_cost", Kind.PERCENT)), seed),
                new ReportView.Chart("plan_chart", "Saved by each lever in the plan", ReportView.ChartKind.BAR, labels, values,
                        Kind.MONEY),
                ReportView.Notes.inCsv("Savings plan", notes, "plan_notes"));
    }

    private static String money(Double usd) {
        return usd == null ? "unknown" : String.format(Locale.ROOT, "$%,.4f", usd);
    }

    private static ReportView withPlan(ReportView v, SavingsPlan.Result p) {
        List<ReportView.Block> blocks = new ArrayList<>(v.blocks());
        int at = blocks.size();
        while (at > 0 && blocks.get(at - 1) instanceof ReportView.Notes) {
            at--; // before the notes, which close every report
        }
        blocks.addAll(at, blocks(p));
        ReportView.Notes.addToReportNotes(blocks, "Notes", p.nullNotes()); // as the JSON's warnings carry them
        return new ReportView(v.title(), blocks);
    }
}
