package io.techopt.analyze.change;

import io.techopt.report.Fmt;
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
import java.util.Map;

/** Adds the {@code change} section to analyze's report: its JSON key and its blocks in the other formats. */
public final class ChangeSection {
    private ChangeSection() {
    }

    public static Report on(Report report, ChangeResult change) {
        return report.with(o -> o.set("change", JsonRenderer.mapper().valueToTree(change)),
                v -> withBlocks(v, blocks(change)));
    }

    /** The change's blocks go right after the report's headline summary: they answer the first question asked. */
    private static ReportView withBlocks(ReportView v, List<ReportView.Block> add) {
        List<ReportView.Block> blocks = new ArrayList<>(v.blocks());
        int at = 0;
        while (at < blocks.size() && !(blocks.get(at) instanceof ReportView.Summary)) {
            at++;
        }
        blocks.addAll(at < blocks.size() ? at + 1 : blocks.size(), add);
        return new ReportView(v.title(), blocks);
    }

    static List<ReportView.Block> blocks(ChangeResult r) {
        List<ReportView.Block> b = new ArrayList<>();
        List<Item> s = new ArrayList<>();
        s.add(Item.of("Baseline", period(r.baseline()), Kind.TEXT));
        s.add(Item.of("Current", period(r.current()), Kind.TEXT));
        s.add(Item.of("Change", r.changeUsd() == null ? "not measured (see the notes)" : Fmt.money(r.changeUsd())
                + (r.changeShare() == null ? "" : String.format(Locale.ROOT, " (%+.1f%%)", r.changeShare() * 100))
                + partlyCovered(r), Kind.TEXT));
        s.add(Item.of("Method", "LMDI-I additive (Ang 2005): the effects add up to the change exactly", Kind.TEXT));
        List<List<Object>> csv = new ArrayList<>();
        for (ChangeResult.Period p : new ChangeResult.Period[]{r.baseline(), r.current()}) {
            csv.add(Arrays.asList(p == r.baseline() ? "baseline" : "current", p.from(), p.until(), p.requests(), p.costUsd(),
                    p.coveredFrom(), p.coveredUntil(), p.coveredShare(), p.failedRequests(), p.unpricedRequests()));
        }
        csv.add(Arrays.asList("change", null, null, r.current().requests() - r.baseline().requests(), r.changeUsd(),
                null, null, null, r.current().failedRequests() - r.baseline().failedRequests(),
                r.current().unpricedRequests() - r.baseline().unpricedRequests()));
        b.add(new ReportView.Summary("Cost change", s, new ReportView.Table("change_summary", "Cost change",
                List.of(col("period"), col("from"), col("until"), num("requests", Kind.INT), num("cost_usd", Kind.MONEY),
                        col("covered_from"), col("covered_until"), num("covered_share", Kind.PERCENT),
                        num("failed_requests", Kind.INT), num("unpriced_requests", Kind.INT)), csv)));

        List<List<Object>> effects = new ArrayList<>();
        for (Effect e : Effect.values()) {
            Double usd = r.effects().get(e.key);
            effects.add(Arrays.asList(e.key, usd, usd == null || r.changeUsd() == null || r.changeUsd() == 0 ? null
                    : usd / r.changeUsd(), e.meaning));
        }
        b.add(new ReportView.Table("change_effects", "Cost change by effect (they add up to the change)", List.of(col("effect"),
                num("usd", Kind.MONEY), num("share_of_change", Kind.PERCENT), col("factor")), effects));
        if (r.changeUsd() != null) {
            List<String> labels = new ArrayList<>();
            List<Double> steps = new ArrayList<>();
            for (Effect e : Effect.values()) {
                labels.add(e.label);
                steps.add(r.effects().get(e.key));
            }
            b.add(new ReportView.WaterfallChart("change_waterfall", "From the baseline cost to the current cost, effect by effect",
                    "Baseline cost", r.baseline().costUsd(), labels, steps, "Current cost", r.current().costUsd(), Kind.MONEY));
        }

        List<List<Object>> models = new ArrayList<>();
        for (ChangeResult.ModelRow m : r.byModel()) {
            models.add(row(m.model(), m.baselineRequests(), m.currentRequests(), m.baselineCostUsd(), m.currentCostUsd(),
                    m.changeUsd(), m.effects()));
        }
        b.add(new ReportView.Table("change_by_model", "Cost change by model", columns("model"), models));
        List<List<Object>> teams = new ArrayList<>();
        for (ChangeResult.TeamRow t : r.byTeam()) {
            teams.add(row(t.team() == null ? "(no team)" : t.team(), t.baselineRequests(), t.currentRequests(),
                    t.baselineCostUsd(), t.currentCostUsd(), t.changeUsd(), t.effects()));
        }
        b.add(new ReportView.Table("change_by_team", "Cost change by team", columns("team"), teams));
        if (!r.priceChanges().isEmpty()) {
            List<List<Object>> rows = new ArrayList<>();
            for (ChangeResult.PriceChange p : r.priceChanges()) {
                rows.add(Arrays.asList(p.model(), String.join(" ", p.baselinePricesFrom()), String.join(" ", p.currentPricesFrom())));
            }
            b.add(new ReportView.Table("change_price_versions", "Dated prices that differ between the periods (effective dates)",
                    List.of(col("model"), col("baseline_prices_from"), col("current_prices_from")), rows));
        }
        List<String> notes = new ArrayList<>();
        notes.add("method: " + r.method());
        notes.addAll(r.notes());
        b.add(ReportView.Notes.inCsv("Cost change notes", notes, "change_notes"));
        return b;
    }

    /** Beside the change: which period the log covers only in part, so the change is not read as growth alone. */
    private static String partlyCovered(ChangeResult r) {
        List<String> parts = new ArrayList<>();
        for (ChangeResult.Period p : new ChangeResult.Period[]{r.baseline(), r.current()}) {
            if (p.coveredShare() != null && p.coveredShare() < 1) {
                parts.add((p == r.baseline() ? "baseline" : "current") + String.format(Locale.ROOT, " only partly covered by "
                        + "the log (%.1f%% of it)", p.coveredShare() * 100));
            }
        }
        return parts.isEmpty() ? "" : "; " + String.join(", ", parts) + ": see the notes";
    }

    private static List<Object> row(String name, long baseReq, long curReq, Double base, Double cur, Double change,
                                    Map<String, Double> effects) {
        List<Object> row = new ArrayList<>(Arrays.asList(name, baseReq, curReq, base, cur, change));
        for (Effect e : Effect.values()) {
            row.add(effects.get(e.key));
        }
        return row;
    }

    private static List<Column> columns(String key) {
        List<Column> c = new ArrayList<>(List.of(col(key), num("baseline_requests", Kind.INT), num("current_requests", Kind.INT),
                num("baseline_cost_usd", Kind.MONEY), num("current_cost_usd", Kind.MONEY), num("change_usd", Kind.MONEY)));
        for (Effect e : Effect.values()) {
            c.add(num(e.key, Kind.MONEY));
        }
        return c;
    }

    private static String period(ChangeResult.Period p) {
        return p.from() + " to " + p.until() + ": " + p.requests() + " requests, "
                + (p.costUsd() == null ? "cost unknown" : Fmt.money(p.costUsd()));
    }

    private static Column col(String name) {
        return new Column(name, Kind.TEXT);
    }

    private static Column num(String name, Kind k) {
        return new Column(name, k);
    }
}
