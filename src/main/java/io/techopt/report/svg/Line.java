package io.techopt.report.svg;

import io.techopt.report.Fmt;
import io.techopt.report.ReportView;

import java.util.List;
import java.util.Locale;

import static io.techopt.report.svg.Svg.esc;

/** A line over the labels (dates), with the area under it shaded and the min/max marked (chart kind LINE). */
public final class Line {
    private Line() {
    }

    public static String draw(ReportView.Chart c) {
        List<Double> vals = c.values();
        int w = 900, h = 280, left = 70, bottom = 50, top = 15;
        double max = Svg.max(vals);
        int n = vals.size();
        StringBuilder s = new StringBuilder(Svg.open(w, h, c.title()));
        s.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, h - bottom, w - 10, h - bottom));
        s.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, top, left, h - bottom));
        s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", left - 6, top + 4, esc(Fmt.human(max, c.valueKind()))));
        s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", left - 6, h - bottom, esc(Fmt.human(0.0, c.valueKind()))));
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double v = Svg.orZero(vals.get(i));
            double x = left + (n == 1 ? (w - left - 10) / 2.0 : (double) i * (w - left - 10) / (n - 1));
            double y = h - bottom - (max <= 0 ? 0 : (h - bottom - top) * v / max);
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#0969da\"><title>%s: %s</title></circle>",
                    x, y, esc(c.labels().get(i)), esc(Fmt.human(v, c.valueKind()))));
            int every = Math.max(1, n / 10);
            if (n <= 16 || i == n - 1 || (i % every == 0 && n - 1 - i >= every / 2 + 1)) {
                s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, h - bottom + 16, esc(c.labels().get(i))));
            }
        }
        if (n > 0) {
            String p = pts.toString().trim();
            String first = p.substring(0, p.indexOf(','));
            String last = p.substring(p.lastIndexOf(' ') + 1, p.lastIndexOf(','));
            s.append("<polygon class=\"area\" points=\"").append(first).append(',').append(h - bottom).append(' ')
                    .append(p).append(' ').append(last).append(',').append(h - bottom).append("\"/>");
            s.append("<polyline class=\"line\" points=\"").append(p).append("\"/>");
        }
        s.append("</svg>\n");
        return s.toString();
    }
}
