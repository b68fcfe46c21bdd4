package io.techopt.report;

import io.techopt.core.Printable;
import io.techopt.core.Redactor;

import java.util.List;

/** A format-neutral description of a report: what the table, markdown, csv and html renderers draw. */
public record ReportView(String title, List<Block> blocks) {

    /**
     * This view with every text in it (titles, labels, names in cells, notes) redacted and passed through {@link Printable}:
     * what the text renderers draw, so a name's line feed, terminal escape or bidi override is shown, never obeyed.
     * Numbers and nulls stay as they are; any other cell becomes its escaped text.
     */
    public ReportView printable() {
        return new ReportView(esc(title), blocks.stream().map(ReportView::printable).toList());
    }

    private static Block printable(Block b) {
        if (b instanceof Summary s) {
            return new Summary(esc(s.title()), s.items().stream().map(ReportView::printable).toList(),
                    s.csv() == null ? null : (Table) printable(s.csv()));
        }
        if (b instanceof Table t) {
            return new Table(esc(t.id()), esc(t.title()),
                    t.columns().stream().map(c -> new Column(esc(c.name()), c.kind())).toList(),
                    t.rows().stream().map(r -> r.stream().map(ReportView::cell).toList()).toList(),
                    t.totals() == null ? null : t.totals().stream().map(ReportView::cell).toList());
        }
        if (b instanceof Chart c) {
            return new Chart(esc(c.id()), esc(c.title()), c.kind(), escAll(c.labels()), c.values(), c.valueKind());
        }
        if (b instanceof BandChart c) {
            return new BandChart(esc(c.id()), esc(c.title()), escAll(c.labels()), c.actual(), c.forecast(), c.lo(), c.hi(),
                    c.lines().stream().map(ReportView::printable).toList());
        }
        if (b instanceof IntervalChart c) {
            return new IntervalChart(esc(c.id()), esc(c.title()), escAll(c.labels()), c.estimates(), c.lows(), c.highs());
        }
        if (b instanceof WaterfallChart c) {
            return new WaterfallChart(esc(c.id()), esc(c.title()), esc(c.startLabel()), c.start(), escAll(c.labels()), c.steps(),
                    esc(c.endLabel()), c.end(), c.valueKind());
        }
        if (b instanceof ScatterChart c) {
            return new ScatterChart(esc(c.id()), esc(c.title()), esc(c.xLabel()), c.xKind(), esc(c.yLabel()), c.yKind(),
                    c.series().stream().map(s -> new Series(esc(s.name()), s.x(), s.y(), s.line(), s.yLow(), s.yHigh(),
                            s.marks() == null ? null : s.marks().stream().map(m -> m == null ? null : esc(m)).toList())).toList(),
                    c.yLines().stream().map(ReportView::printable).toList());
        }
        Notes n = (Notes) b;
        return new Notes(esc(n.title()), n.verbatim()
                ? n.lines().stream().map(l -> Printable.escapeKeepingLineFeeds(Redactor.redact(l))).toList() : escAll(n.lines()), n.verbatim(),
                n.csvId() == null ? null : esc(n.csvId()));
    }

    private static Item printable(Item i) {
        return new Item(esc(i.label()), cell(i.value()), i.kind());
    }

    private static Object cell(Object v) {
        return v == null || v instanceof Number ? v : esc(String.valueOf(v));
    }

    private static List<String> escAll(List<String> l) {
        return l.stream().map(ReportView::esc).toList();
    }

    /** Redacted before escaping: a secret glued to a control character (key=NUL...) is still one token to the redactor. */
    private static String esc(String s) {
        return Printable.escape(Redactor.redact(s));
    }

    public sealed interface Block permits Summary, Table, Chart, BandChart, IntervalChart, ScatterChart, WaterfallChart, Notes {
    }

    /**
     * Label/value pairs: the headline figures. {@code csv}, when set, is the same headline as a table with the JSON's key
     * names, which csv writes where the summary stands (csv carries tables only); the other formats show the items.
     */
    public record Summary(String title, List<Item> items, Table csv) implements Block {
        public Summary(String title, List<Item> items) {
            this(title, items, null);
        }
    }

    public record Item(String label, Object value, Kind kind) {
        public static Item of(String label, Object value, Kind kind) {
            return new Item(label, value, kind);
        }
    }

    /**
     * Rows of typed cells; {@code id} names the table in csv output ({@code --table ID}). {@code totals}, when set, is
     * the table's totals row (one cell per column, the report's own totals, not sums the renderer guesses): csv writes
     * it as the last row, where a spreadsheet user looks for it; the other formats show the totals in the summary.
     */
    public record Table(String id, String title, List<Column> columns, List<List<Object>> rows, List<Object> totals)
            implements Block {
        public Table {
            if (totals != null && totals.size() != columns.size()) {
                throw new IllegalArgumentException(id + ": totals row has " + totals.size() + " cells for " + columns.size() + " columns");
            }
        }

        public Table(String id, String title, List<Column> columns, List<List<Object>> rows) {
            this(id, title, columns, rows, null);
        }
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
     * cost-quality Pareto chart; {@code yLines} are horizontal reference lines (a target quality). Drawn in html; the
     * text formats show the tables instead.
     */
    public record ScatterChart(String id, String title, String xLabel, Kind xKind, String yLabel, Kind yKind,
                               List<Series> series, List<Item> yLines) implements Block {
        public ScatterChart(String id, String title, String xLabel, Kind xKind, String yLabel, Kind yKind, List<Series> series) {
            this(id, title, xLabel, xKind, yLabel, yKind, series, List.of());
        }
    }

    /**
     * A series of points; {@code yLow}/{@code yHigh}, when set, each point's interval (a quality interval), and
     * {@code marks}, when set, a label for each point to mark (null: not marked), such as a router's chosen operating point.
     */
    public record Series(String name, List<Double> x, List<Double> y, boolean line, List<Double> yLow, List<Double> yHigh,
                         List<String> marks) {
        public Series(String name, List<Double> x, List<Double> y, boolean line) {
            this(name, x, y, line, null, null, null);
        }
    }

    /**
     * A walk from a start total through signed steps to an end total (a waterfall): a baseline cost, each effect of the
     * change, the current cost. Drawn in html; the text formats show the table of the steps instead.
     */
    public record WaterfallChart(String id, String title, String startLabel, double start, List<String> labels,
                                 List<Double> steps, String endLabel, double end, Kind valueKind) implements Block {
    }

    /**
     * Plain sentences: warnings, assumptions, bad lines. {@code verbatim} notes are text whose line feeds are content
     * (a compressed prompt): they keep them, indented under their bullet by the table renderer, while every other
     * control or bidi character is escaped like anywhere else.
     */
    public record Notes(String title, List<String> lines, boolean verbatim, String csvId) implements Block {
        public Notes(String title, List<String> lines) {
            this(title, lines, false, null);
        }

        public Notes(String title, List<String> lines, boolean verbatim) {
            this(title, lines, verbatim, null);
        }

        /** Notes csv writes too, as a one-column table named {@code csvId} (csv otherwise carries tables only). */
        public static Notes inCsv(String title, List<String> lines, String csvId) {
            return new Notes(title, lines, false, csvId);
        }

        /** {@link #addToReportNotes} of those of {@code lines} no notes block of the report holds yet. */
        public static void addMissingToReportNotes(List<Block> blocks, String title, List<String> lines) {
            addToReportNotes(blocks, title, lines.stream().filter(l -> blocks.stream()
                    .noneMatch(b -> b instanceof Notes ns && ns.lines().contains(l))).toList());
        }

        /** Whether a JSON array of notes already holds this one. */
        public static boolean holds(com.fasterxml.jackson.databind.node.ArrayNode notes, String line) {
            for (com.fasterxml.jackson.databind.JsonNode n : notes) {
                if (n.asText().equals(line)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * {@code lines} added to the report's {@code notes} table (the notes csv carries), so a section's notes reach
         * every format; a report without one gets notes of their own under {@code title}, in csv too.
         */
        public static void addToReportNotes(List<Block> blocks, String title, List<String> lines) {
            if (lines.isEmpty()) {
                return;
            }
            for (int i = blocks.size() - 1; i >= 0; i--) {
                if (blocks.get(i) instanceof Notes ns && "notes".equals(ns.csvId())) {
                    List<String> all = new java.util.ArrayList<>(ns.lines());
                    all.addAll(lines);
                    blocks.set(i, new Notes(ns.title(), all, ns.verbatim(), ns.csvId()));
                    return;
                }
            }
            blocks.add(inCsv(title, lines, "notes"));
        }
    }
}
