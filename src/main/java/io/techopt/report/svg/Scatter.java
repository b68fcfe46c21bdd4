package io.techopt.report.svg;

import io.techopt.report.Fmt;
import io.techopt.report.ReportView;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

import static io.techopt.report.svg.Svg.esc;

/** Series of (x, y) points on shared axes with a legend; lines for curves, markers for lone points. */
public final class Scatter {
    private Scatter() {
    }

    public static String draw(ReportView.ScatterChart c) {
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
        DoubleUnaryOperator px = x -> left + (x - ax0) / (ax1 - ax0) * plotW;
        DoubleUnaryOperator py = y -> top + plotH - (y - ay0) / (ay1 - ay0) * plotH;
        StringBuilder s = new StringBuilder(Svg.open(w, h, c.title()));
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
            String color = Svg.PALETTE[k % Svg.PALETTE.length];
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
            s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%d\" y=\"%d\">%s</text>", w - right + 32, ly, esc(Svg.clip(ser.name(), 30))));
        }
        s.append("</svg>\n");
        return s.toString();
    }
}
