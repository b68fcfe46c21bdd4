package io.techopt.report;

import java.util.List;

/** A format-neutral description of a report: what the table, markdown, csv and html renderers draw. */
public record ReportView(String title, List<Block> blocks) {

    public sealed interface Block permits Summary, Table, Chart, BandChart, IntervalChart, ScatterChart, Notes {
    }

    /** Label/value pairs: the headline figures. */
    public record Summary(String title, List<Item> items) implements Block {
    }

    public record Item(String label, Object value, Kind kind) {
        public static Item of(String label, Object value, Kind kind) {
            return new Item(label, value, kind);
        }
    }

    /** Rows of typed cells; {@code id} names the table in csv output. */
    public record Table(String id, String title, List<Column> columns, List<List<Object>> rows) implements Block {
    }

    public record Column(String name, Kind kind) {
    }

    /** How a value is shown: money and shares are formatted for people, written raw for machines. */
    public enum Kind { TEXT, INT, NUMBER, MONEY, PERCENT, MS, P_VALUE }

    public enum ChartKind { BAR, LINE, HISTOGRAM }

    /** A chart of labelled values (bars, a line over dates, or a histogram whose labels are bin ranges). */
    public record Chart(String id, String title, ChartKind kind, List<String> labels, List<Double> values,
                        Kind valueKind) implements Block {
    }

    /**
     * Actual values followed by a forecast with its interval band (NaN where a series has no value) and
     * horizontal reference lines such as budgets. Drawn in html; the text formats show the tables instead.
     */
    public record BandChart(String id, String title, List<String> labels, List<Double> actual, List<Double> forecast,
                            List<Double> lo, List<Double> hi, List<Item> lines) implements Block {
    }

    /** Estimates with their intervals (a forest plot), as shares: lifts of each metric. Drawn in html. */
    public record IntervalChart(String id, String title, List<String> labels, List<Double> estimates, List<Double> lows,
                                List<Double> highs) implements Block {
    }

    /**
     * Named series of (x, y) points, drawn as connected lines (curves) or lone markers (single points): a
     * cost-quality Pareto chart. Drawn in html; the text formats show the tables instead.
     */
    public record ScatterChart(String id, String title, String xLabel, Kind xKind, String yLabel, Kind yKind,
                               List<Series> series) implements Block {
    }

    public record Series(String name, List<Double> x, List<Double> y, boolean line) {
    }

    /** Plain sentences: warnings, assumptions, bad lines. */
    public record Notes(String title, List<String> lines) implements Block {
    }
}
