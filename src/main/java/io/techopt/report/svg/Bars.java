package io.techopt.report.svg;

import io.techopt.report.ReportView;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

import static io.techopt.report.svg.Svg.esc;

/** Horizontal bars, one row per label (whole, up to 60 characters), a value axis under them, each value after its bar (chart kind BAR). */
public final class Bars {
    private Bars() {
    }

    public static String draw(ReportView.Chart c) {
        List<Double> vals = c.values();
        int n = vals.size(), rowH = 24, top = 8;
        List<String> labels = c.labels().stream().map(l -> Svg.clip(l, 60)).toList();
        int labelW = (int) Math.min(390, Math.max(90, labels.stream().mapToDouble(Axis::textWidth).max().orElse(0) + 34));
        int plotW = 900 - labelW - 90, plotH = n * rowH, h = top + plotH + 48;
        double min = 0;
        for (Double v : vals) {
            min = Math.min(min, Svg.orZero(v));
        }
        Axis.Scale xs = Axis.nice(min, Svg.max(vals), 6);
        DoubleUnaryOperator px = x -> labelW + (x - xs.lo()) / (xs.hi() - xs.lo()) * plotW;
        String[] titles = Charts.axisTitles(c.title(), c.valueKind());
        StringBuilder s = new StringBuilder(Svg.open(900, h, c.title()));
        s.append(Axis.x(xs, px, top + plotH, top, c.valueKind(), titles[1]));
        List<double[]> at = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double v = Svg.orZero(vals.get(i)), x0 = px.applyAsDouble(Math.min(0, v)), x1 = px.applyAsDouble(Math.max(0, v));
            int y = top + i * rowH;
            at.add(new double[]{labelW - 8, y + 16});
            s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"><title>%s: %s</title></rect>",
                    x0, y + 4, Math.max(0.5, x1 - x0), rowH - 8, esc(c.labels().get(i)), esc(Axis.human(v, c.valueKind()))));
            s.append(String.format(Locale.ROOT, "<text class=\"val\" x=\"%.1f\" y=\"%d\">%s</text>", x1 + 5, y + 16,
                    esc(Axis.human(v, c.valueKind()))));
        }
        s.append(Axis.categories("y", labels, at, "end", 0, titles[0], 14, top + plotH / 2.0, true));
        s.append("</svg>\n");
        return s.toString();
    }
}
