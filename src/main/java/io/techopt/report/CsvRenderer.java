package io.techopt.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One table of the report as CSV, so that the file loads as one rectangular table in a spreadsheet or pandas: one
 * header row, the same number of cells on every row, raw numbers (USD, token counts, shares as 0..1), an empty cell
 * where a figure is null, and the table's totals row last when it has one. By default the report's main table
 * (the one its command names, else its first); {@link #tableNames} lists the others, by the ids csv has always used.
 * Notes (warnings, assumptions, bad lines, why a figure is null) are the {@code notes} table, which every report has.
 * Cells go through {@link CsvWriter}: formula-safe, RFC 4180.
 */
public final class CsvRenderer extends TextRenderer {
    /** The table every report offers: its notes, warnings and assumptions (the JSON's notes), one per row. */
    public static final String NOTES = "notes";

    private final String table;
    private final String preferredMain;

    /** The report's main table: {@code preferredMain} when the report has it (null: none preferred), else its first. */
    public CsvRenderer(String table, String preferredMain) {
        this.table = table;
        this.preferredMain = preferredMain;
    }

    public CsvRenderer() {
        this(null, null);
    }

    /** The ids of the tables csv can write for this report, the main one first. */
    public static List<String> tableNames(ReportView view, String preferredMain) {
        List<String> names = new ArrayList<>(tables(view).keySet());
        String main = main(names, preferredMain);
        names.remove(main);
        names.add(0, main);
        return names;
    }

    @Override
    protected void draw(ReportView view, Writer out) throws IOException {
        Map<String, ReportView.Table> tables = tables(view);
        String id = table != null ? table : main(new ArrayList<>(tables.keySet()), preferredMain);
        ReportView.Table t = tables.get(id);
        if (t == null) {
            // callers check the name against tableNames first; this is the last guard, never an empty file
            throw new IllegalArgumentException("no table '" + id + "' in this report (tables: " + String.join(", ", tables.keySet()) + ")");
        }
        CsvWriter csv = new CsvWriter(out);
        csv.row(t.columns().stream().map(ReportView.Column::name).toList());
        for (var row : t.rows()) {
            csv.row(row);
        }
        if (t.totals() != null) {
            csv.row(t.totals());
        }
        csv.flush();
    }

    private static String main(List<String> names, String preferredMain) {
        if (preferredMain != null && names.contains(preferredMain)) {
            return preferredMain;
        }
        // the notes table is last in tables(): it is the main one only of a report with no other table
        return names.get(0);
    }

    /**
     * Every table csv writes, by id in report order: the tables, a summary's csv form, and notes given a csv id (notes
     * sharing an id are one table). The notes table is always there, empty when the report has nothing to say.
     */
    private static Map<String, ReportView.Table> tables(ReportView view) {
        Map<String, ReportView.Table> tables = new LinkedHashMap<>();
        Map<String, List<String>> notes = new LinkedHashMap<>();
        for (ReportView.Block b : view.blocks()) {
            ReportView.Table t = null;
            if (b instanceof ReportView.Table table) {
                t = table;
            } else if (b instanceof ReportView.Summary s && s.csv() != null) {
                t = s.csv();
            } else if (b instanceof ReportView.Notes n && n.csvId() != null) {
                notes.computeIfAbsent(n.csvId(), k -> new ArrayList<>()).addAll(n.lines());
            }
            if (t != null) {
                if (tables.containsKey(t.id()) || notes.containsKey(t.id())) {
                    throw new IllegalStateException("two tables named '" + t.id() + "' in " + view.title());
                }
                tables.put(t.id(), t);
            }
        }
        notes.putIfAbsent(NOTES, List.of());
        for (var e : notes.entrySet()) {
            if (tables.containsKey(e.getKey())) {
                throw new IllegalStateException("two tables named '" + e.getKey() + "' in " + view.title());
            }
            tables.put(e.getKey(), new ReportView.Table(e.getKey(), e.getKey(), List.of(new ReportView.Column("note", ReportView.Kind.TEXT)),
                    e.getValue().stream().map(l -> List.<Object>of(l)).toList()));
        }
        return tables;
    }
}
