package io.techopt.report;

import java.io.IOException;
import java.io.Writer;

/**
 * Every table of the report as CSV with raw numbers (USD, token counts, shares as 0..1). Tables follow one
 * another after a blank line, each with its own header; the first column names the table so rows stay
 * self-describing when concatenated.
 */
public final class CsvRenderer implements Renderer {
    @Override
    public void render(Report report, Writer out) throws IOException {
        boolean first = true;
        for (ReportView.Block b : report.view().blocks()) {
            if (!(b instanceof ReportView.Table t)) {
                continue;
            }
            if (!first) {
                out.write("\n");
            }
            first = false;
            StringBuilder head = new StringBuilder("table");
            for (ReportView.Column c : t.columns()) {
                head.append(',').append(cell(c.name()));
            }
            out.write(head + "\n");
            for (var row : t.rows()) {
                StringBuilder line = new StringBuilder(cell(t.id()));
                for (Object v : row) {
                    line.append(',').append(cell(Fmt.raw(v)));
                }
                out.write(line + "\n");
            }
        }
    }

    static String cell(String s) {
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        // keep spreadsheet formulas from executing
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?[0-9.eE+-]+")) {
            return "'" + s;
        }
        return s;
    }
}
