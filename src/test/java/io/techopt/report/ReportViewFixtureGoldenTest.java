package io.techopt.report;

import io.techopt.report.ReportView.BandChart;
import io.techopt.report.ReportView.Chart;
import io.techopt.report.ReportView.ChartKind;
import io.techopt.report.ReportView.Column;
import io.techopt.report.ReportView.IntervalChart;
import io.techopt.report.ReportView.Item;
import io.techopt.report.ReportView.Kind;
import io.techopt.report.ReportView.Notes;
import io.techopt.report.ReportView.ScatterChart;
import io.techopt.report.ReportView.Series;
import io.techopt.report.ReportView.Summary;
import io.techopt.report.ReportView.Table;
import io.techopt.report.ReportView.WaterfallChart;
import io.techopt.core.RedactingWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The renderers alone (the Infracost way): one fixture report, built by hand and holding every block type of
 * {@link ReportView} and every cell {@link Kind} (with nulls, negatives, NaN, a formula-like cell and a control
 * character), drawn in all five formats and compared with golden files. A renderer change shows here apart from any
 * engine change. After an intended change: {@code mvn test -Dtest=ReportViewFixtureGoldenTest -Dtechopt.updateGolden=true},
 * then review the diff.
 */
class ReportViewFixtureGoldenTest {
    static Report fixture() {
        Table headline = new Table("summary", "Summary", List.of(new Column("requests", Kind.INT), new Column("cost_usd", Kind.MONEY)),
                List.of(List.of(1234L, 56.789)));
        List<ReportView.Block> blocks = new ArrayList<>();
        blocks.add(new Summary("Fixture summary", List.of(
                Item.of("Requests", 1234L, Kind.INT),
                Item.of("Cost", 56.789, Kind.MONEY),
                Item.of("Share", 0.4567, Kind.PERCENT),
                Item.of("Latency p95", 1234.5, Kind.MS),
                Item.of("Ratio", 1.23456789, Kind.NUMBER),
                Item.of("p-value", 0.000123, Kind.P_VALUE),
                Item.of("Period", "2026-10-01..2026-10-31", Kind.TEXT),
                Item.of("Unmeasured", null, Kind.MONEY)), headline));
        blocks.add(new Table("by_model", "Cost by model", List.of(
                new Column("model", Kind.TEXT), new Column("requests", Kind.INT), new Column("cost_usd", Kind.MONEY),
                new Column("share", Kind.PERCENT), new Column("p50_ms", Kind.MS), new Column("ratio", Kind.NUMBER),
                new Column("p_value", Kind.P_VALUE)), List.of(
                Arrays.asList("gpt-4o-mini", 1000L, 12.5, 0.25, 850.0, 0.5, 0.04),
                Arrays.asList("claude-3-5-sonnet", 200L, 40.25, 0.75, 2100.4, 2.0, 1e-7),
                Arrays.asList("=HYPERLINK(\"x\")", 34L, -0.5, -0.01, null, Double.NaN, null),
                Arrays.asList("name with\u0007bell | pipe, comma \"quote\"", 0L, 0.0, 0.0, 0.0, 0.0, 1.0))));
        blocks.add(new Chart("by_day", "Cost by day", ChartKind.LINE, List.of("2026-10-01", "2026-10-02", "2026-10-03"),
                List.of(1.5, 2.25, 0.75), Kind.MONEY));
        blocks.add(new Chart("by_model_chart", "Cost by model", ChartKind.BAR, List.of("gpt-4o-mini", "claude-3-5-sonnet"),
                List.of(12.5, 40.25), Kind.MONEY));
        blocks.add(new Chart("latency", "Latency distribution", ChartKind.HISTOGRAM, List.of("0-500", "500-1000", "1000-2000"),
                List.of(10.0, 25.0, 5.0), Kind.INT));
        blocks.add(new BandChart("forecast", "Daily spend and forecast", List.of("10-29", "10-30", "10-31", "11-01", "11-02"),
                List.of(2.0, 2.5, 2.25, Double.NaN, Double.NaN), List.of(Double.NaN, Double.NaN, 2.25, 2.4, 2.5),
                List.of(Double.NaN, Double.NaN, 2.25, 1.9, 1.8), List.of(Double.NaN, Double.NaN, 2.25, 2.9, 3.2),
                List.of(Item.of("Daily budget", 2.75, Kind.MONEY))));
        blocks.add(new IntervalChart("lifts", "Lift of treatment over control", List.of("cost per user", "success rate"),
                List.of(-0.12, 0.03), List.of(-0.2, -0.01), List.of(-0.04, 0.07)));
        blocks.add(new ScatterChart("pareto", "Cost and quality", "Cost", Kind.MONEY, "Quality", Kind.NUMBER, List.of(
                new Series("threshold curve", List.of(10.0, 20.0, 30.0), List.of(0.7, 0.8, 0.85), true),
                new Series("all strong", List.of(40.0), List.of(0.9), false))));
        blocks.add(new WaterfallChart("change", "Cost change", "Baseline", 3.06, List.of("volume", "prices", "caching"),
                List.of(0.46, 0.0, -0.02), "Current", 3.5, Kind.MONEY));
        blocks.add(new Notes("Prompt", List.of("line one\nline two\n  indented"), true));
        blocks.add(new Notes("Warnings", List.of("plain note", "a note with a key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD")));
        blocks.add(Notes.inCsv("Notes", List.of("figure X is null: no request carried a latency", "=1+1 stays text"), "notes"));
        ReportView view = new ReportView("Fixture report", blocks);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("requests", 1234);
        json.put("cost_usd", 56.789);
        json.put("unmeasured_usd", null);
        json.put("notes", List.of("figure X is null: no request carried a latency"));
        return new Report() {
            @Override
            public Object json() {
                return json;
            }

            @Override
            public ReportView view() {
                return view;
            }
        };
    }

    /** What a command writes: the format's renderer through the format's redacting boundary (cli OutputOptions). */
    static String render(Report r, OutputFormat f) throws IOException {
        StringWriter out = new StringWriter();
        RedactingWriter rw = f.redactingWriter(out, false);
        Renderer.forFormat(f, false).render(r, rw);
        rw.finish();
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"table", "json", "csv", "markdown", "html"})
    void everyBlockTypeRendersAsItsGoldenFile(String format) throws IOException {
        String actual = render(fixture(), OutputFormat.parse(format));
        Path golden = Path.of("src/test/resources/golden/fixture/every-block." + format);
        if (Boolean.getBoolean("techopt.updateGolden")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual);
        }
        assertEquals(Files.readString(golden), actual, "golden file " + golden + " (see the class comment to update)");
    }

    @Test
    void theFixtureHoldsEveryBlockType() {
        var kinds = fixture().view().blocks().stream().map(b -> b.getClass()).distinct().count();
        assertEquals(ReportView.Block.class.getPermittedSubclasses().length, kinds,
                "a new block type must be added to the fixture (and its goldens regenerated)");
    }
}
