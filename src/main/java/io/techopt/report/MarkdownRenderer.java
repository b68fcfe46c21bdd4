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

    /**
     * The characters that can make a link or image ({@code [ ] !}), emphasis or strikethrough ({@code * ~}), a code
     * span, a cell edge or an escape. Parentheses are left alone: without an unescaped {@code ]} before them they
     * cannot form a link. So is {@code _}: inside a word (every {@code snake_case} key) it cannot make emphasis, and
     * around one it can only italicize, never link.
     */
    private static final String META = "\\`*[]!~|";
    /** At the start of a text these would open a list, a heading or a block quote. */
    private static final String LEADING = "+-=#>";

    /**
     * A text as literal Markdown: every metacharacter that can start a link ({@code [x](javascript:…)}), an image (a
     * tracking pixel), emphasis, a code span or a table cell edge gets CommonMark's backslash escape, {@code <} becomes
     * {@code &lt;} (no raw HTML, no autolink), and a leading {@code + - = # >} cannot start a list, a heading or a quote.
     */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                b.append(' ');
            } else if (c == '<') {
                b.append("&lt;");
            } else if (META.indexOf(c) >= 0 || (i == 0 && LEADING.indexOf(c) >= 0)) {
                b.append('\\').append(c);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
