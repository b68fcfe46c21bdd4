package io.techopt.report.svg;

import io.techopt.report.Fmt;
import io.techopt.report.ReportView;

import java.util.List;
import java.util.Locale;

import static io.techopt.report.svg.Svg.esc;

/** Vertical columns over bin labels, every label shown up to 24 bins, about 12 of them beyond (chart kind HISTOGRAM). */
public final class Histogram {
    private Histogram() {
    }

    public static String draw(ReportView.Chart c) {
        List<Double> vals = c.values();
        double max = Svg.max(vals);
        StringBuilder s = new StringBuilder();
        int n = vals.size(), w = 900, h = 260, left = 50, bottom = 60;
        double bw = n == 0 ? 0 : (double) (w - left) / n;
        s.append(Svg.open(w, h + 10, c.title()));
        s.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, h - bottom, w, h - bottom));
        for (int i = 0; i < n; i++) {
            double v = Svg.orZero(vals.get(i));
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
}
