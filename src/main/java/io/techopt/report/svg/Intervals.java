package io.techopt.report.svg;

import io.techopt.report.ReportView;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

import static io.techopt.report.svg.Svg.esc;

/** One row per estimate: its interval as a bar, the estimate as a dot, zero as a vertical line (a forest plot). */
public final class Intervals {
    private Intervals() {
    }

    public static String draw(ReportView.IntervalChart c) {
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
        DoubleUnaryOperator x = v -> labelW + plotW * (v - min) / (max - min);
        StringBuilder s = new StringBuilder(Svg.open(labelW + plotW + 110, h, c.title()));
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
}
