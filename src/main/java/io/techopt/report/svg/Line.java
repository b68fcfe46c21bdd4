package io.techopt.report.svg;

import io.techopt.report.ReportView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

import static io.techopt.report.svg.Svg.esc;

/**
 * A line over its labels (chart kind LINE): on a real time axis when the labels are dates (a stretch with no data is
 * a break in the line, shaded and labelled, never one long step), on a value axis when they are numbers (thresholds).
 */
public final class Line {
    private Line() {
    }

    public static String draw(ReportView.Chart c) {
        List<Double> vals = c.values();
        int n = vals.size(), w = 900, h = 300, left = 78, right = 24, top = 12, bottom = 58, plotW = w - left - right, plotH = h - top - bottom;
        double[] xs = Axis.days(c.labels());
        boolean time = xs != null;
        if (xs == null) {
            xs = numbers(c.labels());
        }
        boolean index = xs == null;
        if (index) {
            xs = new double[n];
            for (int i = 0; i < n; i++) {
                xs[i] = i;
            }
        }
        double lo = n == 0 ? 0 : Arrays.stream(xs).min().orElse(0), hi = n == 0 ? 1 : Arrays.stream(xs).max().orElse(1);
        if (hi <= lo) {
            lo -= time ? 1 : 0.5;
            hi += time ? 1 : 0.5;
        }
        double vmax = 0, vmin = 0;
        for (Double v : vals) {
            if (v != null && !v.isNaN()) {
                vmax = Math.max(vmax, v);
                vmin = Math.min(vmin, v);
            }
        }
        Axis.Scale ys = Axis.nice(vmin, vmax, 6);
        Axis.Scale xv = time || index ? null : Axis.nice(lo, hi, 8);
        final double x0 = xv == null ? lo : xv.lo(), x1 = xv == null ? hi : xv.hi();
        DoubleUnaryOperator px = x -> left + (x - x0) / (x1 - x0) * plotW;
        DoubleUnaryOperator py = y -> top + plotH - (y - ys.lo()) / (ys.hi() - ys.lo()) * plotH;
        String[] titles = Charts.axisTitles(c.title(), c.valueKind());
        StringBuilder s = new StringBuilder(Svg.open(w, h, c.title()));
        s.append(Axis.y(ys, py, left, left + plotW, c.valueKind(), titles[1]));
        if (time) {
            s.append(Axis.time(x0, x1, px, top + plotH, top, plotW, "date (UTC)"));
        } else if (xv != null) {
            s.append(Axis.x(xv, px, top + plotH, top, ReportView.Kind.NUMBER, titles[0]));
        } else {
            List<String> shown = new ArrayList<>();
            List<double[]> at = new ArrayList<>();
            int every = Math.max(1, (int) Math.ceil(n / (plotW / 90.0)));
            for (int i = 0; i < n; i += every) {
                shown.add(c.labels().get(i));
                at.add(new double[]{px.applyAsDouble(i), top + plotH + 15});
            }
            s.append(Axis.categories("x", shown, at, "middle", 0, titles[0], left + plotW / 2.0, top + plotH + 34, false));
        }
        // the line breaks where the labels skip more than twice their usual step: no data there, not a straight change
        double usual = usualStep(xs);
        StringBuilder pts = new StringBuilder();
        List<String> lines = new ArrayList<>();
        double last = Double.NaN;
        for (int i = 0; i < n; i++) {
            Double v = vals.get(i);
            if (v == null || v.isNaN()) {
                continue;
            }
            double x = px.applyAsDouble(xs[i]), y = py.applyAsDouble(v);
            if (!Double.isNaN(last) && xs[i] - last > 2 * usual) {
                lines.add(pts.toString().trim());
                pts.setLength(0);
                double g0 = px.applyAsDouble(last), g1 = x;
                s.append(String.format(Locale.ROOT, "<rect class=\"gap\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"><title>no data</title></rect>",
                        g0, top, g1 - g0, plotH));
                if (g1 - g0 > 50) {
                    s.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">no data</text>", (g0 + g1) / 2, top + 14));
                }
            }
            last = xs[i];
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\"><title>%s: %s</title></circle>",
                    x, y, n > 120 ? "1.5" : "2.5", Svg.PALETTE[0], esc(c.labels().get(i)), esc(Axis.human(v, c.valueKind()))));
        }
        lines.add(pts.toString().trim());
        for (String p : lines) {
            if (!p.isEmpty()) {
                s.append("<polyline class=\"line\" points=\"").append(p).append("\"/>");
            }
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** The labels as numbers, or null when one is not a number. */
    static double[] numbers(List<String> labels) {
        double[] d = new double[labels.size()];
        for (int i = 0; i < d.length; i++) {
            try {
                d[i] = Double.parseDouble(labels.get(i));
            } catch (NumberFormatException e) {
                return null;
            }
            if (!Double.isFinite(d[i])) {
                return null;
            }
        }
        return d;
    }

    /** The most common distance between successive x values (a day for a daily series). */
    static double usualStep(double[] xs) {
        double[] d = new double[Math.max(0, xs.length - 1)];
        for (int i = 1; i < xs.length; i++) {
            d[i - 1] = xs[i] - xs[i - 1];
        }
        Arrays.sort(d);
        return d.length == 0 ? 1 : Math.max(d[d.length / 2], 1e-9);
    }
}
