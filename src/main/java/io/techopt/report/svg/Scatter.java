package io.techopt.report.svg;

import io.techopt.report.ReportView;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

import static io.techopt.report.svg.Svg.esc;

/**
 * Series of (x, y) points on shared axes with a legend of whole names; lines for curves, markers for lone points, each
 * series its own colour (Okabe-Ito) and marker shape, each lone point labelled with its series' number in the legend.
 */
public final class Scatter {
    private Scatter() {
    }

    public static String draw(ReportView.ScatterChart c) {
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
        List<String> names = new ArrayList<>();
        for (int k = 0; k < c.series().size(); k++) {
            names.add((k + 1) + " " + c.series().get(k).name());
        }
        int legendW = (int) Math.min(330, names.stream().mapToDouble(Axis::textWidth).max().orElse(0) + 40);
        int w = 900, left = 80, top = 12, bottom = 58, plotH = 300, h = Math.max(top + plotH + bottom, top + 18 * names.size() + 20);
        int plotW = w - left - legendW - 16;
        // a non-negative axis never padded below zero (no "-$0.19" on a cost axis)
        Axis.Scale xs = Axis.nice(x0 >= 0 ? Math.max(0, x0 - (x1 - x0) * 0.05) : x0, x1 + (x1 - x0) * 0.05, 7);
        Axis.Scale ys = Axis.nice(y0 >= 0 ? Math.max(0, y0 - (y1 - y0) * 0.05) : y0, y1 + (y1 - y0) * 0.05, 6);
        DoubleUnaryOperator px = x -> left + (x - xs.lo()) / (xs.hi() - xs.lo()) * plotW;
        DoubleUnaryOperator py = y -> top + plotH - (y - ys.lo()) / (ys.hi() - ys.lo()) * plotH;
        StringBuilder s = new StringBuilder(Svg.open(w, h, c.title(), c.series().size()));
        s.append(Axis.y(ys, py, left, left + plotW, c.yKind(), c.yLabel()));
        s.append(Axis.x(xs, px, top + plotH, top, c.xKind(), c.xLabel()));
        List<String> swatches = new ArrayList<>();
        for (int k = 0; k < c.series().size(); k++) {
            ReportView.Series ser = c.series().get(k);
            String color = Svg.PALETTE[k % Svg.PALETTE.length];
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < ser.x().size(); i++) {
                double x = ser.x().get(i), y = ser.y().get(i);
                if (!Double.isFinite(x) || !Double.isFinite(y)) {
                    continue;
                }
                double cx = px.applyAsDouble(x), cy = py.applyAsDouble(y);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", cx, cy));
                if (!ser.line()) {
                    s.append(Svg.marker(k, cx, cy, 5, ser.name() + ": " + Axis.human(x, c.xKind()) + ", " + Axis.human(y, c.yKind())));
                    s.append(String.format(Locale.ROOT, "<text class=\"pt\" x=\"%.1f\" y=\"%.1f\">%d</text>", cx + 8, cy + 4, k + 1));
                }
            }
            if (ser.line() && pts.length() > 0) {
                s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color).append("\" points=\"")
                        .append(pts.toString().trim()).append("\"><title>").append(esc(ser.name())).append("</title></polyline>");
                swatches.add(Axis.stroke(color, null));
            } else {
                swatches.add(Svg.marker(k, 0, 0, 5, ser.name()));
            }
        }
        s.append(Axis.legend(names, swatches, left + plotW + 16, top + 10));
        s.append("</svg>\n");
        return s.toString();
    }
}
