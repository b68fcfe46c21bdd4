package io.techopt.report.svg;

import io.techopt.report.ReportView;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

import static io.techopt.report.svg.Svg.esc;

/**
 * One row per estimate: its interval as a bar with end caps, the estimate as a dot, zero as a vertical line, on a lift
 * axis with ticks (a forest plot). An estimate without an interval is a hollow dot, said so in its tooltip.
 */
public final class Intervals {
    private Intervals() {
    }

    public static String draw(ReportView.IntervalChart c) {
        int n = c.labels().size(), top = 8;
        int labelW = (int) Math.ceil(Math.min(430, Math.max(90, c.labels().stream().mapToDouble(Axis::textWidth).max().orElse(0) + 34)));
        // a label wider than its column wraps (right of the turned axis title) and its row grows to hold it
        List<List<String>> lines = c.labels().stream().map(l -> Axis.wrap(l, labelW - 34)).toList();
        int[] rowTop = new int[n + 1], rowHs = new int[n];
        for (int i = 0; i < n; i++) {
            rowHs[i] = Math.max(26, lines.get(i).size() * Axis.LEGEND_LINE + 10);
            rowTop[i + 1] = rowTop[i] + rowHs[i];
        }
        int plotH = rowTop[n], h = top + plotH + 48;
        int plotW = 900 - labelW - 130; // room after the plot for "+13.2%, no interval"
        double lo = 0, hi = 0;
        for (int i = 0; i < n; i++) {
            for (Double v : new Double[]{c.estimates().get(i), c.lows().get(i), c.highs().get(i)}) {
                if (v != null && !v.isNaN()) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        Axis.Scale xs = Axis.nice(lo, hi, 7);
        DoubleUnaryOperator x = v -> labelW + plotW * (v - xs.lo()) / (xs.hi() - xs.lo());
        String color = Svg.PALETTE[0];
        StringBuilder s = new StringBuilder(Svg.open(900, h, c.title()));
        s.append(Axis.x(xs, x, top + plotH, top, ReportView.Kind.PERCENT, "relative lift against control, with its interval (0 = no change)"));
        s.append(String.format(Locale.ROOT, "<line class=\"zero\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>", x.applyAsDouble(0),
                x.applyAsDouble(0), top, top + plotH));
        List<double[]> at = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int y = top + rowTop[i] + rowHs[i] / 2;
            at.add(new double[]{labelW - 8, y + 4});
            Double e = c.estimates().get(i), l = c.lows().get(i), u = c.highs().get(i);
            boolean interval = l != null && u != null && !l.isNaN() && !u.isNaN();
            if (interval) {
                double a = x.applyAsDouble(l), b = x.applyAsDouble(u);
                s.append(String.format(Locale.ROOT, "<path d=\"M%.1f %dH%.1fM%.1f %dv10M%.1f %dv10\" stroke=\"%s\" stroke-width=\"2.5\" fill=\"none\"/>",
                        a, y, b, a, y - 5, b, y - 5, color));
            }
            if (e != null && !e.isNaN()) {
                String tip = c.labels().get(i) + ": " + String.format(Locale.ROOT, "%+.1f%%", 100 * e)
                        + (interval ? String.format(Locale.ROOT, " (95%% interval %+.1f%% to %+.1f%%)", 100 * l, 100 * u) : " (no interval)");
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"5\" fill=\"%s\" stroke=\"#000\" stroke-width=\"1.5\"><title>%s</title></circle>"
                        + "<text class=\"val\" x=\"%d\" y=\"%d\">%s</text>", x.applyAsDouble(e), y, interval ? "#000" : "#fff", esc(tip),
                        labelW + plotW + 8, y + 4, esc(String.format(Locale.ROOT, "%+.1f%%", 100 * e) + (interval ? "" : ", no interval"))));
            }
        }
        s.append(Axis.wrappedCategories("y", lines, at, "end", 0, "metric", 14, top + plotH / 2.0, true));
        s.append("</svg>\n");
        return s.toString();
    }
}
