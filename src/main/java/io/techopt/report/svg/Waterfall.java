package io.techopt.report.svg;

import io.techopt.report.Fmt;
import io.techopt.report.ReportView;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

import static io.techopt.report.svg.Svg.esc;

/**
 * A waterfall, one row per bar: the start total, each signed step floating from the running total before it to the
 * one after (red up, green down) with a dashed connector, then the end total. Rows rather than columns, so that long
 * step names read as they are.
 */
public final class Waterfall {
    static final String UP = "#cf222e", DOWN = "#1a7f37", TOTAL = "#0969da";

    private Waterfall() {
    }

    public static String draw(ReportView.WaterfallChart c) {
        int n = c.steps().size(), rowH = 26, labelW = 260, plotW = 520, top = 6, h = (n + 2) * rowH + top + 24;
        // running totals: before[i] .. after[i] for each row, the totals from 0
        List<double[]> rows = new ArrayList<>();
        rows.add(new double[]{0, c.start()});
        double run = c.start();
        for (Double step : c.steps()) {
            double d = step == null || step.isNaN() ? 0 : step;
            rows.add(new double[]{run, run + d});
            run += d;
        }
        rows.add(new double[]{0, c.end()});
        double lo = 0, hi = 0;
        for (double[] r : rows) {
            lo = Math.min(lo, Math.min(r[0], r[1]));
            hi = Math.max(hi, Math.max(r[0], r[1]));
        }
        double span = Math.max(hi - lo, 1e-12), min = lo, max = hi + span * 0.02;
        DoubleUnaryOperator x = v -> labelW + plotW * (v - min) / (max - min);
        StringBuilder s = new StringBuilder(Svg.open(labelW + plotW + 130, h, c.title()));
        s.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>", x.applyAsDouble(0),
                x.applyAsDouble(0), top, top + (n + 2) * rowH));
        for (int i = 0; i < rows.size(); i++) {
            double[] r = rows.get(i);
            boolean total = i == 0 || i == rows.size() - 1;
            String label = i == 0 ? c.startLabel() : total ? c.endLabel() : c.labels().get(i - 1);
            double value = total ? r[1] : r[1] - r[0];
            int y = top + i * rowH;
            double x0 = x.applyAsDouble(Math.min(r[0], r[1])), x1 = x.applyAsDouble(Math.max(r[0], r[1]));
            String fill = total ? TOTAL : value > 0 ? UP : value < 0 ? DOWN : "#6e7781";
            String shown = total ? Fmt.human(value, c.valueKind())
                    : (value > 0 ? "+" : "") + Fmt.human(value, c.valueKind());
            s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", labelW - 8,
                    y + 17, esc(Svg.clip(label, 40))));
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s: %s</title></rect>",
                    x0, y + 4, Math.max(1, x1 - x0), rowH - 8, fill, esc(label), esc(shown)));
            s.append(String.format(Locale.ROOT, "<text class=\"val\" x=\"%.1f\" y=\"%d\">%s</text>", x1 + 6, y + 17, esc(shown)));
            if (i + 1 < rows.size()) {
                double xe = x.applyAsDouble(r[1]);
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#6e7781\" stroke-dasharray=\"3 3\"/>",
                        xe, xe, y + rowH - 4, y + rowH + 4));
            }
        }
        s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                x.applyAsDouble(0), h - 4, esc(Fmt.human(0.0, c.valueKind()))));
        s.append("</svg>\n");
        return s.toString();
    }
}
