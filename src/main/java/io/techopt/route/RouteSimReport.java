package io.techopt.route;

import io.techopt.report.ResultReport;
import io.techopt.report.ReportView;
import io.techopt.report.ReportView.Column;
import io.techopt.report.ReportView.Item;
import io.techopt.report.ReportView.Kind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The route-sim report over a log. */
public record RouteSimReport(RouteSimResult result) implements ResultReport<RouteSimResult> {
    /** The report a {@code route-sim -f json} output on a log holds, for {@code techopt render}: drawn from the JSON alone. */
    public static io.techopt.report.Report fromJson(com.fasterxml.jackson.databind.JsonNode doc) {
        return io.techopt.report.JsonSections.report(doc, RouteSimResult.class, RouteSimReport::new);
    }

    @Override
    public ReportView view() {
        List<List<Object>> rows = new ArrayList<>();
        for (RouteSimResult.Strategy s : result.strategies()) {
            String share = s.shareByModel().entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                    .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100 * e.getValue())).collect(Collectors.joining(", "));
            rows.add(Arrays.asList(s.name(), s.costUsd(), s.costPerRequestUsd(), s.savingUsd(), s.savingShare(), s.quality(),
                    s.qualityLow(), s.qualityHigh(), s.qualityChange(), s.latencyMs().p50(), s.latencyMs().p95(),
                    s.unobservedShare(), share));
        }
        List<List<Object>> pool = new ArrayList<>();
        for (RouteSimResult.PoolModel m : result.models()) {
            pool.add(Arrays.asList(m.model(), m.tier(), m.qualityPrior(), m.latencyPriorMs(), m.loggedRequests()));
        }
        List<List<Object>> cells = new ArrayList<>();
        for (RouteSimResult.Cell c : result.cells()) {
            cells.add(Arrays.asList(c.taskType(), c.model(), c.observations(), c.qualityObserved(), c.qualityEstimate()));
        }
        List<List<Object>> unobserved = new ArrayList<>();
        for (RouteSimResult.Unobserved u : result.unobserved()) {
            unobserved.add(Arrays.asList(u.strategy(), u.taskType(), u.model(), u.requests()));
        }
        List<ReportView.Series> points = new ArrayList<>();
        for (RouteSimResult.Strategy s : result.strategies()) {
            points.add(new ReportView.Series(s.name(), List.of(s.costUsd()), List.of(s.quality()), false,
                    List.of(s.qualityLow()), List.of(s.qualityHigh()), null));
        }
        RouteSimResult.Strategy base = result.strategies().get(0);
        List<ReportView.Block> blocks = new ArrayList<>(List.of(
                new ReportView.Summary("Summary", List.of(Item.of("Requests", result.requests(), Kind.INT),
                        Item.of("As logged", base.costUsd(), Kind.MONEY),
                        Item.of("Expected quality as logged", base.quality(), Kind.NUMBER),
                        Item.of("Weak / strong model", result.weakModel() + " / " + result.strongModel(), Kind.TEXT),
                        Item.of("Default model", result.defaultModel(), Kind.TEXT))),
                new ReportView.Table("strategies", "Strategies (saving and quality change against as-logged)", List.of(
                        new Column("strategy", Kind.TEXT), new Column("cost_usd", Kind.MONEY),
                        new Column("per_request_usd", Kind.MONEY), new Column("saving_usd", Kind.MONEY),
                        new Column("saving", Kind.PERCENT), new Column("quality", Kind.NUMBER), new Column("q_low", Kind.NUMBER),
                        new Column("q_high", Kind.NUMBER), new Column("q_change", Kind.NUMBER), new Column("p50_ms", Kind.MS),
                        new Column("p95_ms", Kind.MS), new Column("unobserved", Kind.PERCENT), new Column("share_by_model", Kind.TEXT)), rows),
                new ReportView.ScatterChart("pareto", "Cost and expected quality", "cost (USD)", Kind.MONEY, "quality", Kind.NUMBER, points),
                new ReportView.Table("models", "Model pool", List.of(new Column("model", Kind.TEXT), new Column("tier", Kind.TEXT),
                        new Column("quality_prior", Kind.NUMBER), new Column("latency_prior_ms", Kind.MS),
                        new Column("logged_requests", Kind.INT)), pool),
                new ReportView.Table("cells", "Quality by task type and model", List.of(new Column("task_type", Kind.TEXT),
                        new Column("model", Kind.TEXT), new Column("observations", Kind.INT), new Column("logged_mean", Kind.NUMBER),
                        new Column("estimate", Kind.NUMBER)), cells)));
        if (!unobserved.isEmpty()) {
            blocks.add(new ReportView.Table("unobserved", "Routed to pairs with no logged quality (prior only)", List.of(
                    new Column("strategy", Kind.TEXT), new Column("task_type", Kind.TEXT), new Column("model", Kind.TEXT),
                    new Column("requests", Kind.INT)), unobserved));
        }
        blocks.add(ReportView.Notes.inCsv("Assumptions", result.assumptions(), "notes"));
        return new ReportView("techopt route-sim", blocks);
    }
}
