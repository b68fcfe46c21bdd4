package io.techopt.report.svg;

import io.techopt.report.Fmt;
import io.techopt.report.ReportView;

import java.util.List;
import java.util.Locale;

import static io.techopt.report.svg.Svg.esc;

/** Horizontal bars, one row per label, its value written after the bar (chart kind BAR). */
public final class Bars {
    private Bars() {
    }

    public static String draw(ReportView.Chart c) {
        List<Double> vals = c.values();
        double max = Svg.max(vals);
        int rowH = 24, labelW = 260, barW = 560, h = vals.size() * rowH + 10;
        StringBuilder s = new StringBuilder(Svg.open(labelW + barW + 140, h, c.title()));
        for (int i = 0; i < vals.size(); i++) {
            double v = Svg.orZero(vals.get(i));
            double bw = max <= 0 ? 0 : barW * v / max;
            int y = i * rowH + 5;
            s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                    labelW - 8, y + 15, esc(Svg.clip(c.labels().get(i), 40))));
            s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>", labelW, y + 3, bw, rowH - 8));
            s.append(String.format(Locale.ROOT, "<text class=\"val\" x=\"%.1f\" y=\"%d\">%s</text>", labelW + bw + 6, y + 15,
                    esc(Fmt.human(v, c.valueKind()))));
        }
        s.append("</svg>\n");
        return s.toString();
    }
}
