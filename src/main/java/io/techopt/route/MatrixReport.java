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

/** The route-sim report over an evaluation matrix: routers' curves, APGR and CPT, and a Pareto chart. */
public record MatrixReport(MatrixResult result) implements ResultReport<MatrixResult> {
    @Override
    public ReportView view() {
        List<List<Object>> models = new ArrayList<>();
        for (MatrixResult.Model m : result.models()) {
            models.add(Arrays.asList(m.model(), m.quality(), m.costUsd(), m.promptTokens(), m.responseTokens()));
        }
        List<List<Object>> routers = new ArrayList<>();
        List<List<Object>> curves = new ArrayList<>();
        List<ReportView.Series> series = new ArrayList<>();
        for (MatrixResult.RouterCurve c : result.routers()) {
            routers.add(Arrays.asList(c.name(), c.apgr(), c.cpt50(), c.cpt80(), c.chosen().threshold(), c.chosen().strongShare(),
                    c.chosen().quality(), c.chosen().costUsd()));
            for (MatrixResult.Point p : c.curve()) {
                curves.add(Arrays.asList(c.name(), p.threshold(), p.strongShare(), p.quality(), p.costUsd()));
            }
            // the router's chosen operating point is marked on its curve (put in it, by cost, when the curve as written skips it)
            List<MatrixResult.Point> drawn = new ArrayList<>(c.curve());
            if (!drawn.contains(c.chosen())) {
                int at = 0;
                while (at < drawn.size() && drawn.get(at).costUsd() < c.chosen().costUsd()) {
                    at++;
                }
                drawn.add(at, c.chosen());
            }
            series.add(new ReportView.Series(c.name(), drawn.stream().map(MatrixResult.Point::costUsd).toList(),
                    drawn.stream().map(MatrixResult.Point::quality).toList(), true, null, null,
                    drawn.stream().map(p -> p.equals(c.chosen())
                            ? String.format(Locale.ROOT, "chosen: threshold %.4g", p.threshold()) : null).toList()));
        }
        List<List<Object>> strategies = new ArrayList<>();
        for (MatrixResult.Strategy s : result.strategies()) {
            strategies.add(Arrays.asList(s.name(), s.quality(), s.costUsd(), s.shareByModel().entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.1f%%", e.getKey(), 100 * e.getValue())).collect(Collectors.joining(", "))));
            if (s.name().startsWith("always ")) {
                series.add(new ReportView.Series(s.name(), List.of(s.costUsd()), List.of(s.quality()), false));
            }
        }
        return new ReportView("techopt route-sim --matrix", List.of(
                new ReportView.Summary("Summary", List.of(Item.of("Prompts", result.prompts(), Kind.INT),
                        Item.of("Weak model", result.weakModel(), Kind.TEXT), Item.of("Strong model", result.strongModel(), Kind.TEXT),
                        Item.of("Embedder", result.embedder(), Kind.TEXT))),
                new ReportView.Table("models", "Models", List.of(new Column("model", Kind.TEXT), new Column("quality", Kind.NUMBER),
                        new Column("cost_usd", Kind.MONEY), new Column("prompt_tokens", Kind.INT), new Column("response_tokens", Kind.INT)), models),
                new ReportView.Table("routers", "Routers", List.of(new Column("router", Kind.TEXT), new Column("apgr", Kind.NUMBER),
                        new Column("cpt50", Kind.PERCENT), new Column("cpt80", Kind.PERCENT), new Column("threshold", Kind.NUMBER),
                        new Column("strong_share", Kind.PERCENT), new Column("quality", Kind.NUMBER), new Column("cost_usd", Kind.MONEY)), routers),
                new ReportView.Table("strategies", "Strategies", List.of(new Column("strategy", Kind.TEXT), new Column("quality", Kind.NUMBER),
                        new Column("cost_usd", Kind.MONEY), new Column("share_by_model", Kind.TEXT)), strategies),
                new ReportView.ScatterChart("pareto", "Cost and quality (Pareto)", "cost (USD)", Kind.MONEY, "quality", Kind.NUMBER, series,
                        Double.isNaN(result.targetQuality()) ? List.of() : List.of(Item.of("target quality", result.targetQuality(), Kind.NUMBER))),
                new ReportView.Table("curves", "Curves", List.of(new Column("router", Kind.TEXT), new Column("threshold", Kind.NUMBER),
                        new Column("strong_share", Kind.PERCENT), new Column("quality", Kind.NUMBER), new Column("cost_usd", Kind.MONEY)), curves),
                ReportView.Notes.inCsv("Notes", result.assumptions(), "notes")));
    }
}
