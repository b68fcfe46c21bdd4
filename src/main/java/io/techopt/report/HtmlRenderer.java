package io.techopt.report;

import io.techopt.report.svg.Charts;
import io.techopt.report.svg.Svg;

import java.io.IOException;
import java.io.Writer;

/**
 * One self-contained HTML file: inline CSS and inline SVG charts, no script and no outside resource, so it
 * opens offline and can be mailed as it is. The page draws summaries, tables and notes; the charts are drawn by the
 * {@code svg} package ({@link Charts}).
 */
public final class HtmlRenderer extends TextRenderer {
    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#1f2328;padding:0 1rem}
            h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
            table{border-collapse:collapse;margin:.5rem 0;font-variant-numeric:tabular-nums}
            th,td{padding:.3rem .7rem;border-bottom:1px solid #eaeef2;text-align:left}th{background:#f6f8fa}
            td.n,th.n{text-align:right;white-space:nowrap}.scroll{overflow-x:auto}.summary td:first-child{color:#57606a}
            ul{padding-left:1.2rem}li{margin:.15rem 0}svg{max-width:100%;height:auto}
            .bar{fill:#0969da}.line{fill:none;stroke:#0969da;stroke-width:2}.area{fill:#0969da;opacity:.12}
            .axis{stroke:#8c959f;stroke-width:1}.lbl{font-size:11px;fill:#57606a}.val{font-size:11px;fill:#1f2328}
            """;

    @Override
    protected void draw(ReportView v, Writer out) throws IOException {
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + esc(v.title()) + "</title><style>" + CSS + "</style></head><body>\n");
        out.write("<h1>" + esc(v.title()) + "</h1>\n");
        for (ReportView.Block b : v.blocks()) {
            if (b instanceof ReportView.Summary s) {
                if (s.title() != null) {
                    out.write("<h2>" + esc(s.title()) + "</h2>\n");
                }
                out.write("<table class=\"summary\">");
                for (ReportView.Item i : s.items()) {
                    out.write("<tr><td>" + esc(i.label()) + "</td><td class=\"n\">" + esc(Fmt.human(i.value(), i.kind())) + "</td></tr>");
                }
                out.write("</table>\n");
            } else if (b instanceof ReportView.Table t) {
                out.write("<h2>" + esc(t.title()) + "</h2>\n<div class=\"scroll\"><table><thead><tr>");
                for (ReportView.Column c : t.columns()) {
                    out.write("<th" + (c.kind() == ReportView.Kind.TEXT ? "" : " class=\"n\"") + ">" + esc(c.name()) + "</th>");
                }
                out.write("</tr></thead><tbody>");
                for (var row : t.rows()) {
                    out.write("<tr>");
                    for (int c = 0; c < t.columns().size(); c++) {
                        ReportView.Kind k = t.columns().get(c).kind();
                        out.write("<td" + (k == ReportView.Kind.TEXT ? "" : " class=\"n\"") + ">" + esc(Fmt.human(row.get(c), k)) + "</td>");
                    }
                    out.write("</tr>");
                }
                out.write("</tbody></table></div>\n");
            } else if (b instanceof ReportView.Notes n) {
                out.write("<h2>" + esc(n.title()) + "</h2>\n<ul>");
                for (String line : n.lines()) {
                    out.write("<li>" + esc(line) + "</li>");
                }
                out.write("</ul>\n");
            } else {
                Charts.Figure f = Charts.of(b);
                out.write("<h2>" + esc(f.title()) + "</h2>\n");
                out.write(f.svg());
            }
        }
        out.write("</body></html>\n");
    }

    /** The page's escaping: the same as inside its charts. */
    static String esc(String s) {
        return Svg.esc(s);
    }
}
