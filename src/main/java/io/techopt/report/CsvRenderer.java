package io.techopt.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Every table of the report as CSV (and a summary or notes the report also gives csv as a table) with raw numbers (USD, token counts, shares as 0..1). Tables follow one
 * another after a blank line, each with its own header; the first column names the table so rows stay
 * self-describing when concatenated. Cells go through {@link CsvWriter}: formula-safe, RFC 4180.
 */
public final class CsvRenderer extends TextRenderer {
    @Override
    protected void draw(ReportView view, Writer out) throws IOException {
        CsvWriter csv = new CsvWriter(out);
        boolean first = true;
        for (ReportView.Block b : view.blocks()) {
            ReportView.Table t;
            if (b instanceof ReportView.Table table) {
                t = table;
            } else if (b instanceof ReportView.Summary s && s.csv() != null) {
                t = s.csv();
            } else if (b instanceof ReportView.Notes n && n.csvId() != null && !n.lines().isEmpty()) {
                t = new ReportView.Table(n.csvId(), n.title(), List.of(new ReportView.Column("note", ReportView.Kind.TEXT)),
                        n.lines().stream().map(l -> List.<Object>of(l)).toList());
            } else {
                continue;
            }
            if (!first) {
                csv.blankLine();
            }
            first = false;
            List<Object> head = new ArrayList<>();
            head.add("table");
            for (ReportView.Column c : t.columns()) {
                head.add(c.name());
            }
            csv.row(head);
            for (var row : t.rows()) {
                List<Object> line = new ArrayList<>(row.size() + 1);
                line.add(t.id());
                for (Object v : row) {
                    line.add(v);
                }
                csv.row(line);
            }
        }
        csv.flush();
    }
}
