package io.techopt.report;

import io.techopt.core.Printable;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** Aligned plain-text tables for a terminal; bold headings only when colour is allowed (NO_COLOR honoured). */
public final class TableRenderer extends TextRenderer {
    private static final int MAX_CELL = 48;
    private final boolean color;

    public TableRenderer(boolean color) {
        this.color = color;
    }

    @Override
    protected void draw(ReportView v, Writer out) throws IOException {
        out.write(bold(v.title()) + "\n");
        for (ReportView.Block b : v.blocks()) {
            out.write("\n");
            if (b instanceof ReportView.Summary s) {
                if (s.title() != null) {
                    out.write(bold(s.title()) + "\n");
                }
                int w = s.items().stream().mapToInt(i -> i.label().length()).max().orElse(0);
                for (ReportView.Item i : s.items()) {
                    out.write("  " + pad(i.label(), w) + "  " + Fmt.human(i.value(), i.kind()) + "\n");
                }
            } else if (b instanceof ReportView.Table t) {
                table(t, out);
            } else if (b instanceof ReportView.Chart c) {
                chart(c, out);
            } else if (b instanceof ReportView.Notes n) {
                out.write(bold(n.title()) + "\n");
                for (String line : n.lines()) {
                    // a verbatim note's own line feeds (the only ones a printable view keeps) continue under its bullet
                    out.write("  - " + line.replace("\n", "\n    ") + "\n");
                }
            }
        }
    }

    private void table(ReportView.Table t, Writer out) throws IOException {
        out.write(bold(t.title()) + "\n");
        int cols = t.columns().size();
        List<String[]> cells = new ArrayList<>();
        int[] w = new int[cols];
        for (int c = 0; c < cols; c++) {
            w[c] = t.columns().get(c).name().length();
        }
        for (List<Object> row : t.rows()) {
            String[] r = new String[cols];
            for (int c = 0; c < cols; c++) {
                r[c] = Fmt.human(row.get(c), t.columns().get(c).kind());
            }
            cells.add(r);
        }
        for (int c = 0; c < cols; c++) {
            List<String> full = new ArrayList<>(cells.size());
            for (String[] r : cells) {
                full.add(r[c]);
            }
            List<String> shown = shownColumn(full);
            for (int i = 0; i < cells.size(); i++) {
                cells.get(i)[c] = shown.get(i);
                w[c] = Math.max(w[c], shown.get(i).length());
            }
        }
        StringBuilder head = new StringBuilder("  ");
        StringBuilder rule = new StringBuilder("  ");
        for (int c = 0; c < cols; c++) {
            head.append(align(t.columns().get(c).name(), w[c], t.columns().get(c).kind())).append(c < cols - 1 ? "  " : "");
            rule.append("-".repeat(w[c])).append(c < cols - 1 ? "  " : "");
        }
        out.write(bold(head.toString().stripTrailing()) + "\n" + rule + "\n");
        for (String[] r : cells) {
            StringBuilder line = new StringBuilder("  ");
            for (int c = 0; c < cols; c++) {
                line.append(align(r[c], w[c], t.columns().get(c).kind())).append(c < cols - 1 ? "  " : "");
            }
            out.write(line.toString().stripTrailing() + "\n");
        }
        if (t.rows().isEmpty()) {
            out.write("  (none)\n");
        }
    }

    /** A bar per label, scaled to 40 characters. */
    private void chart(ReportView.Chart c, Writer out) throws IOException {
        out.write(bold(c.title()) + "\n");
        double max = c.values().stream().mapToDouble(d -> Double.isNaN(d) ? 0 : d).max().orElse(0);
        int lw = c.labels().stream().mapToInt(String::length).max().orElse(0);
        for (int i = 0; i < c.labels().size(); i++) {
            double v = c.values().get(i);
            int n = max <= 0 || Double.isNaN(v) ? 0 : (int) Math.round(40 * v / max);
            out.write("  " + pad(c.labels().get(i), lw) + "  " + pad("#".repeat(n), 40) + "  "
                    + Fmt.human(v, c.valueKind()) + "\n");
        }
    }

    /**
     * A column's cells as shown: each clipped at its end to {@value #MAX_CELL} characters, except where two different
     * texts would then look alike (#17: cache-warm questions sharing their first 47 characters showed as identical
     * rows): those are cut in the middle instead, keeping their beginning and their end, or shown whole when even
     * that does not tell them apart.
     */
    static List<String> shownColumn(List<String> full) {
        List<String> shown = new ArrayList<>(full.size());
        java.util.Map<String, java.util.Set<String>> byShown = new java.util.HashMap<>();
        for (String f : full) {
            String c = clip(f);
            shown.add(c);
            byShown.computeIfAbsent(c, k -> new java.util.HashSet<>()).add(f);
        }
        for (var alike : byShown.entrySet()) {
            if (alike.getValue().size() < 2) {
                continue;
            }
            java.util.Map<String, String> cut = new java.util.HashMap<>();
            for (String f : alike.getValue()) {
                cut.put(f, middleCut(f));
            }
            boolean apart = new java.util.HashSet<>(cut.values()).size() == cut.size();
            for (int i = 0; i < full.size(); i++) {
                if (shown.get(i).equals(alike.getKey()) && alike.getValue().contains(full.get(i))) {
                    shown.set(i, apart ? cut.get(full.get(i)) : io.techopt.core.Redactor.redact(full.get(i)));
                }
            }
        }
        return shown;
    }

    /** The beginning and the end of a long text around "…", {@value #MAX_CELL} characters in all. */
    private static String middleCut(String s) {
        s = io.techopt.core.Redactor.redact(s); // before the cut, as in clip
        if (s.length() <= MAX_CELL) {
            return s;
        }
        int headMax = (MAX_CELL - 1) / 2;
        int head = Printable.cutPoint(s, headMax);
        int tail = s.length() - (MAX_CELL - 1 - headMax);
        if (Character.isLowSurrogate(s.charAt(tail))) {
            tail++;
        }
        int esc = s.lastIndexOf("\\u", tail);
        if (esc >= 0 && esc > tail - 6 && esc < tail) {
            tail = esc + 6; // never start inside an escaped character's \\uXXXX
        }
        return s.substring(0, head) + "…" + s.substring(Math.min(tail, s.length()));
    }

    private static String clip(String s) {
        if (s.length() <= MAX_CELL) {
            return s;
        }
        s = io.techopt.core.Redactor.redact(s); // before the cut, or a cut credential's prefix is shown unrecognised
        return s.length() <= MAX_CELL ? s : s.substring(0, Printable.cutPoint(s, MAX_CELL - 1)) + "…";
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    private static String align(String s, int w, ReportView.Kind k) {
        if (k == ReportView.Kind.TEXT) {
            return pad(s, w);
        }
        return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
    }

    private String bold(String s) {
        return color ? "\u001b[1m" + s + "\u001b[0m" : s;
    }
}
