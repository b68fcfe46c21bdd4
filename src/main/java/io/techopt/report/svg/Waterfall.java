package io.techopt.report.svg;

import io.techopt.report.ReportView;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

import static io.techopt.report.svg.Svg.esc;

/**
 * A waterfall, one row per bar: the start total, each signed step floating from the running total before it to the
 * one after (vermillion up, bluish green down) with a dashed connector, then the end total, on a value axis. Rows
 * rather than columns, so that long step names read as they are.
 */
public final class Waterfall {
    static final String UP = Svg.PALETTE[1], DOWN = Svg.PALETTE[2], TOTAL = Svg.PALETTE[0];

    private Waterfall() {
    }

    public static String draw(ReportView.WaterfallChart c) {
        int n = c.steps().size(), rowH = 26, top = 8, plotH = (n + 2) * rowH, h = top + plotH + 48;
        // running totals: before[i] .. after[i] for each row, the totals from 0
        List<double[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        rows.add(new double[]{0, c.start()});
        labels.add(c.startLabel());
        double run = c.start();
        for (int i = 0; i < n; i++) {
            Double step = c.steps().get(i);
            double d = step == null || step.isNaN() ? 0 : step;
            rows.add(new double[]{run, run + d});
            labels.add(c.labels().get(i));
            run += d;
        }
        rows.add(new double[]{0, c.end()});
        labels.add(c.endLabel());
        List<String> shown = labels.stream().map(l -> Svg.clip(l, 60)).toList();
        int labelW = (int) Math.min(390, Math.max(90, shown.stream().mapToDouble(Axis::textWidth).max().orElse(0) + 34));
        int plotW = 900 - labelW - 100;
        double lo = 0, hi = 0;
        for (double[] r : rows) {
            lo = Math.min(lo, Math.min(r[0], r[1]));
            hi = Math.max(hi, Math.max(r[0], r[1]));
        }
        Axis.Scale xs = Axis.nice(lo, hi, 6);
        DoubleUnaryOperator x = v -> labelW + plotW * (v - xs.lo()) / (xs.hi() - xs.lo());
        StringBuilder s = new StringBuilder(Svg.open(900, h, c.title()));
        s.append(Axis.x(xs, x, top + plotH, top, c.valueKind(), c.valueKind() == ReportView.Kind.MONEY ? "cost (USD)" : "value"));
        List<double[]> at = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            double[] r = rows.get(i);
            boolean total = i == 0 || i == rows.size() - 1;
            double value = total ? r[1] : r[1] - r[0];
            int y = top + i * rowH;
            at.add(new double[]{labelW - 8, y + 17});
            double x0 = x.applyAsDouble(Math.min(r[0], r[1])), x1 = x.applyAsDouble(Math.max(r[0], r[1]));
            String fill = total ? TOTAL : value > 0 ? UP : value < 0 ? DOWN : "#6e7781";
            String v = total ? Axis.human(value, c.valueKind()) : (value > 0 ? "+" : "") + Axis.human(value, c.valueKind());
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s: %s</title></rect>",
                    x0, y + 4, Math.max(1, x1 - x0), rowH - 8, fill, esc(labels.get(i)), esc(v)));
            s.append(String.format(Locale.ROOT, "<text class=\"val\" x=\"%.1f\" y=\"%d\">%s</text>", x1 + 6, y + 17, esc(v)));
            if (i + 1 < rows.size()) {
                double xe = x.applyAsDouble(r[1]);
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#6e7781\" stroke-dasharray=\"3 3\"/>",
                        xe, xe, y + rowH - 4, y + rowH + 4));
            }
        }
        s.append(Axis.categories("y", shown, at, "end", 0, "effect", 14, top + plotH / 2.0, true));
        s.append("</svg>\n");
        return s.toString();
    }
}
