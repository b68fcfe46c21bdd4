package io.techopt.report.svg;

import io.techopt.report.ReportView;
import io.techopt.report.ReportView.Kind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What issue #17 found on the charts, drawn from small views: each chart's axes, gaps, intervals and marks. */
class ChartsPeopleCanReadTest {
    static final double NaN = Double.NaN;

    /** The tick labels of one axis ("x" or "y") of a drawn chart. */
    static List<String> ticks(String svg, String axis) {
        Matcher g = Pattern.compile("<g class=\"axis\" data-axis=\"" + axis + "\" data-scale=\"([a-z]+)\">(.*?)</g>").matcher(svg);
        assertTrue(g.find(), "an " + axis + " axis in " + svg);
        List<String> t = new ArrayList<>();
        Matcher m = Pattern.compile("<text class=\"tick\"[^>]*>([^<]*)</text>").matcher(g.group(2));
        while (m.find()) {
            t.add(m.group(1));
        }
        assertTrue(g.group(2).contains("class=\"axis-title\""), axis + " axis title");
        return t;
    }

    static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }

    @Test
    void costByDayIsOnARealTimeAxisAndAStretchWithoutDataIsABreakNotAStep() {
        List<String> days = List.of("2025-01-01", "2025-01-02", "2025-01-03", "2026-09-01", "2026-09-02", "2026-09-03");
        String svg = Line.draw(new ReportView.Chart("cost_by_day", "Cost by day", ReportView.ChartKind.LINE, days,
                List.of(1.0, 2.0, 1.5, 3.0, 2.5, 2.0), Kind.MONEY));
        assertTrue(svg.contains("data-scale=\"time\""), svg);
        List<String> x = ticks(svg, "x");
        assertTrue(x.size() >= 4 && x.stream().anyMatch(t -> t.contains("2025")) && x.stream().anyMatch(t -> t.contains("2026")), x.toString());
        List<String> y = ticks(svg, "y");
        assertTrue(y.size() >= 4, "y tick labels: " + y);
        assertEquals(2, count(svg, "<polyline"), "the line breaks at the 20-month gap");
        assertEquals(1, count(svg, "class=\"gap\""), "the gap is shaded");
    }

    @Test
    void theLastDayOfAShortSeriesEndsInsideTheChart() {
        String svg = Line.draw(new ReportView.Chart("cost_by_day", "Cost by day", ReportView.ChartKind.LINE,
                List.of("2026-10-01", "2026-10-02", "2026-10-03"), List.of(1.0, 2.0, 1.5), Kind.MONEY));
        assertTrue(ticks(svg, "x").size() >= 4, ticks(svg, "x").toString());
        assertTrue(Pattern.compile("text-anchor=\"end\">Oct 3 00:00<").matcher(svg).find(), "the last tick label ends at the axis end: " + svg);
    }

    @Test
    void theLatencyHistogramHasACountAxis() {
        String svg = Histogram.draw(new ReportView.Chart("latency", "Latency distribution (requests per bin)", ReportView.ChartKind.HISTOGRAM,
                List.of("0-100 ms", "100-200 ms", "200-400 ms"), List.of(10.0, 47.0, 3.0), Kind.INT));
        List<String> y = ticks(svg, "y");
        assertTrue(y.size() >= 4 && y.contains("0") && y.stream().anyMatch(t -> Double.parseDouble(t) >= 47), y.toString());
        assertEquals(List.of("0-100 ms", "100-200 ms", "200-400 ms"), ticks(svg, "x"));
    }

    @Test
    void aOneDayForecastShowsAndStartsFromTheLastActualDay() {
        String svg = ForecastBand.draw(new ReportView.BandChart("daily", "Daily cost: actual and forecast",
                List.of("10-27", "10-28", "10-29", "10-30", "10-31"), List.of(1.0, 1.2, 1.1, 1.3, NaN), List.of(NaN, NaN, NaN, NaN, 1.25),
                List.of(NaN, NaN, NaN, NaN, 1.0), List.of(NaN, NaN, NaN, NaN, 1.5), List.of()));
        Matcher p = Pattern.compile("<polyline[^>]*points=\"([^\"]*)\"").matcher(svg);
        assertTrue(p.find());
        String[] actual = p.group(1).split(" ");
        assertTrue(p.find(), "a forecast line: " + svg);
        String[] forecast = p.group(1).split(" ");
        assertEquals(actual[actual.length - 1], forecast[0], "the forecast starts where the actual line ends");
        assertEquals(2, forecast.length);
        assertTrue(svg.contains("10-31: forecast $1.25 (80% interval $1.00 to $1.50)"), "the forecast day is marked: " + svg);
        assertTrue(ticks(svg, "y").size() >= 4);
        assertTrue(svg.contains("<g class=\"legend\">") && svg.contains(">80% interval<"), svg);
    }

    @Test
    void aBudgetFarAboveTheSpendDoesNotFlattenTheSpendOntoTheAxis() {
        // review r18 F5: a $398/day budget over $0.10-0.27 days made the y axis $0..$400
        String svg = ForecastBand.draw(new ReportView.BandChart("daily", "Daily cost: actual and forecast",
                List.of("2026-10-27", "2026-10-28", "2026-10-29", "2026-10-30"), List.of(0.10, 0.27, 0.15, NaN),
                List.of(NaN, NaN, NaN, 0.2), List.of(NaN, NaN, NaN, 0.1), List.of(NaN, NaN, NaN, 0.3),
                List.of(ReportView.Item.of("budget/day (of $12,345.67 a month)", 398.25, Kind.MONEY))));
        List<String> y = ticks(svg, "y");
        assertTrue(y.get(y.size() - 1).compareTo("$1") < 0 && !y.contains("$400"), "the y axis is scaled to the spend: " + y);
        assertTrue(svg.contains("budget/day (of $12,345.67 a month) $398.25, above the scale</text>"), "the budget is said to be off the scale: " + svg);
        assertTrue(Pattern.compile("<g class=\"legend\">.*\\$12,345\\.67 .*</g>").matcher(svg).find(), "the legend never breaks inside a number: " + svg);
        // a budget near the spend is still drawn to scale
        String near = ForecastBand.draw(new ReportView.BandChart("daily", "Daily cost: actual and forecast",
                List.of("2026-10-27", "2026-10-28"), List.of(0.10, 0.27), List.of(NaN, NaN), List.of(NaN, NaN), List.of(NaN, NaN),
                List.of(ReportView.Item.of("budget/day", 0.5, Kind.MONEY))));
        assertFalse(near.contains("above the scale"), near);
        assertTrue(ticks(near, "y").contains("$0.50"), ticks(near, "y").toString());
    }

    @Test
    void strategiesAtTheSamePointShareOneLabelInsteadOfOverprinting() {
        // review r18 F8: "always deepseek" (2) and "threshold p>=0.50" (6) at one spot printed 2 and 6 over each other
        List<ReportView.Series> points = List.of(
                new ReportView.Series("always gpt-4.1", List.of(3.0), List.of(0.9), false),
                new ReportView.Series("always deepseek", List.of(1.0), List.of(0.7), false),
                new ReportView.Series("threshold p>=0.50", List.of(1.0), List.of(0.7), false));
        String svg = Scatter.draw(new ReportView.ScatterChart("pareto", "Cost and expected quality", "cost (USD)", Kind.MONEY, "quality",
                Kind.NUMBER, points));
        assertEquals(2, count(svg, "class=\"pt\""), svg);
        assertTrue(svg.contains(">2,3</text>") && svg.contains(">1</text>"), svg);
    }

    @Test
    void aLongLegendNameWrapsInsideTheChartInsteadOfBeingCut() {
        // review r18 F4: "3 always bedrock/anthropic.claude-sonnet-4-20250514-v1:0" ran past the svg's right edge
        String name = "always bedrock/anthropic.claude-sonnet-4-20250514-v1:0-with-an-even-longer-suffix";
        String svg = Scatter.draw(new ReportView.ScatterChart("pareto", "Cost and expected quality", "cost (USD)", Kind.MONEY, "quality",
                Kind.NUMBER, List.of(new ReportView.Series(name, List.of(1.0), List.of(0.7), false),
                new ReportView.Series("always gpt-4.1", List.of(2.0), List.of(0.8), false))));
        Matcher legend = Pattern.compile("<text class=\"lbl\" x=\"([0-9.]+)\"[^>]*>(.*?)</text>").matcher(svg);
        assertTrue(legend.find(), svg);
        assertEquals(("1 " + name).replace(" ", ""), legend.group(2).replaceAll("<tspan[^>]*>", "").replace("</tspan>", "").replace(" ", ""),
                "the whole name, in lines");
        assertTrue(legend.group(2).contains("<tspan"), "wrapped: " + legend.group(2));
        for (String line : legend.group(2).split("<tspan[^>]*>")) {
            String text = line.replace("</tspan>", "");
            assertTrue(Double.parseDouble(legend.group(1)) + Axis.textWidth(text) <= 900, "line inside the 900 px box: " + text);
        }
    }

    @Test
    void routeSimPointsAreLabelledWithTheirQualityIntervalsInColoursAndShapesOfTheirOwn() {
        List<ReportView.Series> points = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            points.add(new ReportView.Series("always a-rather-long-model-name-2025-0" + i, List.of(1.0 + i), List.of(0.7 + i / 100.0), false,
                    List.of(0.69 + i / 100.0), List.of(0.71 + i / 100.0), null));
        }
        String svg = Scatter.draw(new ReportView.ScatterChart("pareto", "Cost and expected quality", "cost (USD)", Kind.MONEY, "quality",
                Kind.NUMBER, points));
        assertEquals(8, count(svg, "class=\"interval\""), "a quality interval per point");
        assertEquals(8, count(svg, "class=\"pt\""), "a label per point");
        assertFalse(svg.contains("…"), "legend names whole");
        for (int i = 0; i < 8; i++) {
            assertTrue(svg.contains(">" + (i + 1) + " always a-rather-long-model-name-2025-0" + i + "<"), "legend entry " + i);
        }
        assertEquals(8, Pattern.compile("fill=\"(#[0-9A-F]{6})\"><title>always").matcher(svg).results().map(r -> r.group(1)).distinct().count(),
                "eight colours for eight strategies");
        assertTrue(ticks(svg, "x").size() >= 4 && ticks(svg, "y").size() >= 4);
    }

    @Test
    void theParetoChartMarksTheChosenOperatingPointAndTheTarget() {
        ReportView.Series curve = new ReportView.Series("knn", List.of(1.0, 2.0, 3.0), List.of(0.7, 0.8, 0.9), true, null, null,
                java.util.Arrays.asList(null, "chosen: threshold 0.5", null));
        String svg = Scatter.draw(new ReportView.ScatterChart("pareto", "Cost and quality (Pareto)", "cost (USD)", Kind.MONEY, "quality",
                Kind.NUMBER, List.of(curve), List.of(ReportView.Item.of("target quality", 0.78, Kind.NUMBER))));
        assertEquals(1, count(svg, "class=\"mark\""), svg);
        assertTrue(svg.contains("knn, chosen: threshold 0.5: $2.00, 0.800"), svg);
        assertEquals(1, count(svg, "class=\"target\""));
        assertTrue(svg.contains(">target quality 0.780<") && svg.contains(">chosen operating point<"), svg);
    }

    @Test
    void theForestPlotHasAScaleAndAPointWithoutIntervalIsSaidSo() {
        String svg = Intervals.draw(new ReportView.IntervalChart("lifts", "Relative lift with its 95% interval",
                List.of("treatment vs control: cost_per_user (lower is better)", "treatment vs control: latency_ms (lower is better)"),
                List.of(-0.026, 0.132), List.of(-0.371, NaN), List.of(0.318, NaN)));
        List<String> x = ticks(svg, "x");
        assertTrue(x.size() >= 4 && x.contains("0%"), x.toString());
        assertTrue(svg.contains("(95% interval -37.1% to +31.8%)") && svg.contains("+13.2% (no interval)"), svg);
        assertTrue(svg.contains(">+13.2%, no interval</text>"), "said beside the point, not only in its tooltip: " + svg);
        assertEquals(List.of("treatment vs control: cost_per_user (lower is better)", "treatment vs control: latency_ms (lower is better)"),
                ticks(svg, "y"));
    }

    @Test
    void aLongVariantNameInTheForestPlotWrapsInsideItsColumn() {
        // review r18 F7: labels anchored at the column's right edge ran out of the svg's left edge
        String label = "treatment-with-a-very-long-descriptive-variant-name-gpt-4o-mini-and-compression vs control: cost_per_user (lower is better)";
        String svg = Intervals.draw(new ReportView.IntervalChart("lifts", "Relative lift with its 95% interval",
                List.of(label, "control vs control: latency_ms"), List.of(-0.026, 0.1), List.of(-0.371, 0.0), List.of(0.318, 0.2)));
        Matcher t = Pattern.compile("<text class=\"tick\" transform=\"translate\\(([0-9.]+),[0-9.]+\\)\" text-anchor=\"end\">(.*?)</text>").matcher(svg);
        assertTrue(t.find(), svg);
        double right = Double.parseDouble(t.group(1));
        String[] lines = t.group(2).split("<tspan[^>]*>");
        assertTrue(lines.length > 1, "wrapped: " + t.group(2));
        assertEquals(label.replace(" ", ""), String.join("", java.util.Arrays.stream(lines).map(l -> l.replace("</tspan>", "")).toList())
                .replace(" ", ""), "the whole label");
        for (String line : lines) {
            assertTrue(right - Axis.textWidth(line.replace("</tspan>", "")) >= 20, "clear of the turned axis title at x 14: " + line);
        }
    }

    @Test
    void niceTicksAreRoundAndAtLeastFour() {
        assertEquals(List.of(0.0, 0.1, 0.2, 0.3, 0.4), Axis.nice(0, 0.3829, 6).ticks());
        assertEquals("$0.10", Axis.tick(0.1, 0.1, Kind.MONEY));
        assertEquals("1.5M", Axis.tick(1_500_000, 500_000, Kind.INT));
        assertTrue(Axis.nice(5, 5, 6).ticks().size() >= 4, "a flat series still gets four ticks");
    }
}
