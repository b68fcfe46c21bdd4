package io.techopt.report.svg;

import io.techopt.report.ReportView;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.techopt.report.svg.Svg.esc;

/** Vertical columns over bin labels with a count axis (chart kind HISTOGRAM); bin labels as many as fit, turned. */
public final class Histogram {
    private Histogram() {
    }

    public static String draw(ReportView.Chart c) {
        List<Double> vals = c.values();
        int n = vals.size(), w = 900, left = 78, right = 24, top = 12, plotH = 200, bottom = 100, h = top + plotH + bottom, plotW = w - left - right;
        Axis.Scale ys = Axis.nice(0, Svg.max(vals), 6);
        double bw = n == 0 ? 0 : (double) plotW / n;
        String[] titles = Charts.axisTitles(c.title(), c.valueKind());
        StringBuilder s = new StringBuilder(Svg.open(w, h, c.title()));
        s.append(Axis.y(ys, y -> top + plotH - (y - ys.lo()) / (ys.hi() - ys.lo()) * plotH, left, left + plotW, c.valueKind(), titles[1]));
        List<String> shown = new ArrayList<>();
        List<double[]> at = new ArrayList<>();
        // turned 40 degrees, a label is about cos 40 of its length wide: every k-th bin, k such that no two touch
        double wide = c.labels().stream().mapToDouble(Axis::textWidth).max().orElse(0) * 0.77 + 12;
        int every = Math.max(1, (int) Math.ceil(wide / Math.max(1e-9, bw)));
        for (int i = 0; i < n; i++) {
            double v = Svg.orZero(vals.get(i));
            double bh = plotH * v / ys.hi(), x = left + i * bw;
            s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s: %s</title></rect>",
                    x + 1, top + plotH - bh, Math.max(1, bw - 2), bh, esc(c.labels().get(i)), esc(Axis.human(v, c.valueKind()))));
            if (i % every == 0) {
                shown.add(c.labels().get(i));
                at.add(new double[]{x + bw / 2, top + plotH + 10});
            }
        }
        // bin labels turned 40 degrees, anchored at their start under the bin
        s.append(Axis.categories("x", shown, at, "start", 40, titles[0], left + plotW / 2.0, h - 6, false));
        s.append("</svg>\n");
        return s.toString();
    }
}
