package io.techopt.report;

import java.io.IOException;
import java.io.Writer;

/** GitHub-flavoured Markdown: headings, pipe tables, bullet lists; charts become tables. */
public final class MarkdownRenderer extends TextRenderer {
    @Override
    protected void draw(ReportView v, Writer out) throws IOException {
        out.write("# " + esc(v.title()) + "\n");
        for (ReportView.Block b : v.blocks()) {
            out.write("\n");
            if (b instanceof ReportView.Summary s) {
                if (s.title() != null) {
                    out.write("## " + esc(s.title()) + "\n\n");
                }
                out.write("| | |\n|---|---:|\n");
                for (ReportView.Item i : s.items()) {
                    out.write("| " + esc(i.label()) + " | " + esc(Fmt.human(i.value(), i.kind())) + " |\n");
                }
            } else if (b instanceof ReportView.Table t) {
                out.write("## " + esc(t.title()) + "\n\n");
                StringBuilder head = new StringBuilder("|");
                StringBuilder rule = new StringBuilder("|");
                for (ReportView.Column c : t.columns()) {
                    head.append(' ').append(esc(c.name())).append(" |");
                    rule.append(c.kind() == ReportView.Kind.TEXT ? "---|" : "---:|");
                }
                out.write(head + "\n" + rule + "\n");
                for (var row : t.rows()) {
                    StringBuilder line = new StringBuilder("|");
                    for (int c = 0; c < t.columns().size(); c++) {
                        line.append(' ').append(esc(Fmt.human(row.get(c), t.columns().get(c).kind()))).append(" |");
                    }
                    out.write(line + "\n");
                }
                if (t.rows().isEmpty()) {
                    out.write("\n_(none)_\n");
                }
            } else if (b instanceof ReportView.Chart c) {
                out.write("## " + esc(c.title()) + "\n\n| | |\n|---|---:|\n");
                for (int i = 0; i < c.labels().size(); i++) {
                    out.write("| " + esc(c.labels().get(i)) + " | " + esc(Fmt.human(c.values().get(i), c.valueKind())) + " |\n");
                }
            } else if (b instanceof ReportView.Notes n) {
                out.write("## " + esc(n.title()) + "\n\n");
                for (String line : n.lines()) {
                    out.write("- " + esc(line) + "\n");
                }
            }
        }
    }

    static String esc(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;");
    }
}
