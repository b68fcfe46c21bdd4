package io.techopt.report;

import io.techopt.core.Printable;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * One self-contained HTML file: inline CSS and inline SVG charts, no script and no outside resource, so it
 * opens offline and can be mailed as it is.
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
            } else if (b instanceof ReportView.Chart c) {
                out.write("<h2>" + esc(c.title()) + "</h2>\n");
                out.write(c.kind() == ReportView.ChartKind.LINE ? line(c) : bars(c));
            } else if (b instanceof ReportView.IntervalChart c) {
                out.write("<h2>" + esc(c.title()) + "</h2>\n");
                out.write(intervals(c));
            } else if (b instanceof ReportView.BandChart c) {
                out.write("<h2>" + esc(c.title()) + "</h2>\n");
                out.write(band(c));
            } else if (b instanceof ReportView.ScatterChart c) {
                out.write("<h2>" + esc(c.title()) + "</h2>\n");
                out.write(scatter(c));
            } else if (b instanceof ReportView.Notes n) {
                out.write("<h2>" + esc(n.title()) + "</h2>\n<ul>");
                for (String line : n.lines()) {
                    out.write("<li>" + esc(line) + "</li>");
                }
                out.write("</ul>\n");
            }
        }
        out.write("</body></html>\n");
    }

    /** Horizontal bars (BAR) or vertical columns (HISTOGRAM). */
    static String bars(ReportView.Chart c) {
        List<Double> vals = c.values();
        double max = vals.stream().mapToDouble(d -> Double.isNaN(d) ? 0 : d).max().orElse(0);
        StringBuilder s = new StringBuilder();
        if (c.kind() == ReportView.ChartKind.HISTOGRAM) {
            int n = vals.size(), w = 900, h = 260, left = 50, bottom = 60;
            double bw = n == 0 ? 0 : (double) (w - left) / n;
            s.append(svgOpen(w, h + 10, c.title()));
            s.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, h - bottom, w, h - bottom));
            for (int i = 0; i < n; i++) {
                double v = Double.isNaN(vals.get(i)) ? 0 : vals.get(i);
                double bh = max <= 0 ? 0 : (h - bottom - 10) * v / max;
                double x = left + i * bw;
                s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s: %s</title></rect>",
                        x + 1, h - bottom - bh, Math.max(1, bw - 2), bh, esc(c.labels().get(i)), esc(Fmt.human(v, c.valueKind()))));
                if (n <= 24 || i % Math.max(1, n / 12) == 0) {
                    s.append(String.format(Locale.ROOT, "<text class=\"lbl\" transform=\"translate(%.1f,%d) rotate(40)\">%s</text>",
                            x + bw / 2, h - bottom + 12, esc(c.labels().get(i))));
                }
            }
            s.append("</svg>\n");
            return s.toString();
        }
        int rowH = 24, labelW = 260, barW = 560, h = vals.size() * rowH + 10;
        s.append(svgOpen(labelW + barW + 140, h, c.title()));
        for (int i = 0; i < vals.size(); i++) {
            double v = Double.isNaN(vals.get(i)) ? 0 : vals.get(i);
            double bw = max <= 0 ? 0 : barW * v / max;
            int y = i * rowH + 5;
            s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                    labelW - 8, y + 15, esc(clip(c.labels().get(i), 40))));
            s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>", labelW, y + 3, bw, rowH - 8));
            s.append(String.format(Locale.ROOT, "<text class=\"val\" x=\"%.1f\" y=\"%d\">%s</text>", labelW + bw + 6, y + 15,
                    esc(Fmt.human(v, c.valueKind()))));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** A line over the labels (dates), with the area under it shaded and the min/max marked. */
    static String line(ReportView.Chart c) {
        List<Double> vals = c.values();
        int w = 900, h = 280, left = 70, bottom = 50, top = 15;
        double max = vals.stream().mapToDouble(d -> Double.isNaN(d) ? 0 : d).max().orElse(0);
        int n = vals.size();
        StringBuilder s = new StringBuilder(svgOpen(w, h, c.title()));
        s.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, h - bottom, w - 10, h - bottom));
        s.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, top, left, h - bottom));
        s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", left - 6, top + 4, esc(Fmt.human(max, c.valueKind()))));
        s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", left - 6, h - bottom, esc(Fmt.human(0.0, c.valueKind()))));
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double v = Double.isNaN(vals.get(i)) ? 0 : vals.get(i);
            double x = left + (n == 1 ? (w - left - 10) / 2.0 : (double) i * (w - left - 10) / (n - 1));
            double y = h - bottom - (max <= 0 ? 0 : (h - bottom - top) * v / max);
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#0969da\"><title>%s: %s</title></circle>",
                    x, y, esc(c.labels().get(i)), esc(Fmt.human(v, c.valueKind()))));
            int every = Math.max(1, n / 10);
            if (n <= 16 || i == n - 1 || (i % every == 0 && n - 1 - i >= every / 2 + 1)) {
                s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, h - bottom + 16, esc(c.labels().get(i))));
            }
        }
        if (n > 0) {
            String p = pts.toString().trim();
            String first = p.substring(0, p.indexOf(','));
            String last = p.substring(p.lastIndexOf(' ') + 1, p.lastIndexOf(','));
            s.append("<polygon class=\"area\" points=\"").append(first).append(',').append(h - bottom).append(' ')
                    .append(p).append(' ').append(last).append(',').append(h - bottom).append("\"/>");
            s.append("<polyline class=\"line\" points=\"").append(p).append("\"/>");
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static final String[] PALETTE = {"#0969da", "#cf222e", "#1a7f37", "#8250df", "#bc4c00", "#6e7781", "#0550ae", "#953800"};

    /** Series of (x, y) points on shared axes with a legend; lines for curves, markers for lone points. */
    static String scatter(ReportView.ScatterChart c) {
        int w = 900, h = 340, left = 80, bottom = 50, top = 15, right = 230;
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
        for (ReportView.Series s : c.series()) {
            for (int i = 0; i < s.x().size(); i++) {
                double x = s.x().get(i), y = s.y().get(i);
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x0 > x1) {
            return "<p>(no points)</p>\n";
        }
        double xPad = (x1 - x0) * 0.05 + 1e-12, yPad = (y1 - y0) * 0.05 + 1e-12;
        // padding never takes a non-negative axis below zero (no "-$0.19" on a cost axis)
        final double ax0 = x0 >= 0 ? Math.max(0, x0 - xPad) : x0 - xPad, ax1 = x1 + xPad;
        final double ay0 = y0 >= 0 ? Math.max(0, y0 - yPad) : y0 - yPad, ay1 = y1 + yPad;
        int plotW = w - left - right, plotH = h - top - bottom;
        java.util.function.DoubleUnaryOperator px = x -> left + (x - ax0) / (ax1 - ax0) * plotW;
        java.util.function.DoubleUnaryOperator py = y -> top + plotH - (y - ay0) / (ay1 - ay0) * plotH;
        StringBuilder s = new StringBuilder(svgOpen(w, h, c.title()));
        s.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, top + plotH, left + plotW, top + plotH));
        s.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, top, left, top + plotH));
        for (int k = 0; k <= 4; k++) {
            double xv = ax0 + (ax1 - ax0) * k / 4, yv = ay0 + (ay1 - ay0) * k / 4;
            s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    px.applyAsDouble(xv), top + plotH + 16, esc(Fmt.human(xv, c.xKind()))));
            s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    left - 6, py.applyAsDouble(yv) + 4, esc(Fmt.human(yv, c.yKind()))));
        }
        s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                left + plotW / 2, h - 8, esc(c.xLabel())));
        s.append(String.format(Locale.ROOT, "<text class=\"lbl\" transform=\"translate(14,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>",
                top + plotH / 2, esc(c.yLabel())));
        for (int k = 0; k < c.series().size(); k++) {
            ReportView.Series ser = c.series().get(k);
            String color = PALETTE[k % PALETTE.length];
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < ser.x().size(); i++) {
                double x = ser.x().get(i), y = ser.y().get(i);
                if (!Double.isFinite(x) || !Double.isFinite(y)) {
                    continue;
                }
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.applyAsDouble(x), py.applyAsDouble(y)));
                if (!ser.line()) {
                    s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"><title>%s: %s, %s</title></circle>",
                            px.applyAsDouble(x), py.applyAsDouble(y), color, esc(ser.name()), esc(Fmt.human(x, c.xKind())), esc(Fmt.human(y, c.yKind()))));
                }
            }
            if (ser.line() && pts.length() > 0) {
                s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color).append("\" points=\"")
                        .append(pts.toString().trim()).append("\"><title>").append(esc(ser.name())).append("</title></polyline>");
            }
            int ly = top + 10 + k * 18;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>", w - right + 15, ly - 10, color));
            s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%d\" y=\"%d\">%s</text>", w - right + 32, ly, esc(clip(ser.name(), 30))));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** Actual line, forecast line with its shaded interval, dashed horizontal lines for budgets. */
    static String band(ReportView.BandChart c) {
        int w = 900, h = 300, left = 70, bottom = 50, top = 15, n = c.labels().size();
        double max = 0;
        for (List<Double> series : List.of(c.actual(), c.forecast(), c.hi())) {
            for (Double v : series) {
                if (v != null && !v.isNaN()) {
                    max = Math.max(max, v);
                }
            }
        }
        for (ReportView.Item line : c.lines()) {
            max = Math.max(max, ((Number) line.value()).doubleValue());
        }
        final double top0 = max <= 0 ? 1 : max * 1.05;
        java.util.function.IntToDoubleFunction x = i -> left + (n <= 1 ? 0 : (double) i * (w - left - 10) / (n - 1));
        java.util.function.DoubleUnaryOperator y = v -> h - bottom - (h - bottom - top) * v / top0;
        StringBuilder s = new StringBuilder(svgOpen(w, h, c.title()));
        s.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, h - bottom, w - 10, h - bottom));
        s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", left - 6, top + 4, esc(Fmt.money(top0))));
        StringBuilder upper = new StringBuilder(), lower = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Double hi = c.hi().get(i), lo = c.lo().get(i);
            if (hi != null && !hi.isNaN()) {
                upper.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(i), y.applyAsDouble(hi)));
                lower.insert(0, String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(i), y.applyAsDouble(lo)));
            }
        }
        if (upper.length() > 0) {
            s.append("<polygon class=\"area\" points=\"").append(upper).append(lower).append("\"/>");
        }
        s.append(polyline(c.actual(), x, y, "#1f2328"));
        s.append(polyline(c.forecast(), x, y, "#0969da"));
        for (ReportView.Item line : c.lines()) {
            double v = ((Number) line.value()).doubleValue();
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#cf222e\" stroke-dasharray=\"6 4\"/>"
                    + "<text class=\"lbl\" x=\"%d\" y=\"%.1f\" fill=\"#cf222e\">%s</text>", left, w - 10, y.applyAsDouble(v), y.applyAsDouble(v),
                    left + 4, y.applyAsDouble(v) - 4, esc(line.label() + " " + Fmt.money(v))));
        }
        int every = Math.max(1, n / 10);
        for (int i = 0; i < n; i += every) {
            s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    x.applyAsDouble(i), h - bottom + 16, esc(c.labels().get(i))));
        }
        s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%d\" y=\"%d\">actual (black), forecast (blue) with 80%% interval</text>",
                left, h - 8));
        s.append("</svg>\n");
        return s.toString();
    }

    /** One row per estimate: its interval as a bar, the estimate as a dot, zero as a vertical line. */
    static String intervals(ReportView.IntervalChart c) {
        int rowH = 26, labelW = 330, plotW = 480, n = c.labels().size(), h = n * rowH + 30;
        double lo = 0, hi = 0;
        for (int i = 0; i < n; i++) {
            for (Double v : new Double[]{c.estimates().get(i), c.lows().get(i), c.highs().get(i)}) {
                if (v != null && !v.isNaN()) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        double span = Math.max(hi - lo, 1e-9), min = lo - span * 0.05, max = hi + span * 0.05;
        java.util.function.DoubleUnaryOperator x = v -> labelW + plotW * (v - min) / (max - min);
        StringBuilder s = new StringBuilder(svgOpen(labelW + plotW + 110, h, c.title()));
        s.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"%d\"/>", x.applyAsDouble(0),
                x.applyAsDouble(0), h - 20));
        for (int i = 0; i < n; i++) {
            int y = i * rowH + 15;
            Double e = c.estimates().get(i), l = c.lows().get(i), u = c.highs().get(i);
            s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", labelW - 10, y + 4,
                    esc(c.labels().get(i))));
            if (l != null && u != null && !l.isNaN() && !u.isNaN()) {
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#0969da\" stroke-width=\"3\"/>",
                        x.applyAsDouble(l), x.applyAsDouble(u), y, y));
            }
            if (e != null && !e.isNaN()) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"5\" fill=\"#1f2328\"/>"
                        + "<text class=\"val\" x=\"%d\" y=\"%d\">%s</text>", x.applyAsDouble(e), y, labelW + plotW + 8, y + 4,
                        esc(String.format(Locale.ROOT, "%+.1f%%", 100 * e))));
            }
        }
        s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">0 (no change)</text>",
                x.applyAsDouble(0), h - 5));
        s.append("</svg>\n");
        return s.toString();
    }

    private static String polyline(List<Double> v, java.util.function.IntToDoubleFunction x, java.util.function.DoubleUnaryOperator y,
                                   String color) {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < v.size(); i++) {
            Double d = v.get(i);
            if (d != null && !d.isNaN()) {
                p.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(i), y.applyAsDouble(d)));
            }
        }
        return p.length() == 0 ? "" : "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + color + "\" points=\"" + p.toString().trim() + "\"/>";
    }

    private static String svgOpen(int w, int h, String title) {
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" role=\"img\" aria-label=\"%s\">",
                w, h, w, esc(title));
    }

    private static String clip(String s, int n) {
        if (s.length() <= n) {
            return s;
        }
        s = io.techopt.core.Redactor.redact(s); // before the cut, or a cut credential's prefix is shown unrecognised
        return s.length() <= n ? s : s.substring(0, Printable.cutPoint(s, n - 1)) + "…";
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
