package io.techopt.report.svg;

import io.techopt.report.Fmt;
import io.techopt.report.ReportView;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToDoubleFunction;

import static io.techopt.report.svg.Svg.esc;

/** Actual line, forecast line with its shaded interval, dashed horizontal lines for budgets. */
public final class ForecastBand {
    private ForecastBand() {
    }

    public static String draw(ReportView.BandChart c) {
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
        IntToDoubleFunction x = i -> left + (n <= 1 ? 0 : (double) i * (w - left - 10) / (n - 1));
        DoubleUnaryOperator y = v -> h - bottom - (h - bottom - top) * v / top0;
        StringBuilder s = new StringBuilder(Svg.open(w, h, c.title()));
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
        s.append(Svg.polyline(c.actual(), x, y, "#1f2328"));
        s.append(Svg.polyline(c.forecast(), x, y, "#0969da"));
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
}
