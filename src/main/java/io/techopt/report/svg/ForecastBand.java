package io.techopt.report.svg;

import io.techopt.report.ReportView;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

import static io.techopt.report.svg.Svg.esc;

/**
 * Actual line, forecast line with its shaded interval, dashed horizontal lines for budgets, on a time axis. The
 * forecast starts from the last actual value (no gap between them), and forecast days are marked with their interval
 * as a bar, so a one-day forecast shows.
 */
public final class ForecastBand {
    static final String ACTUAL = "#000000", FORECAST = Svg.PALETTE[0], BUDGET = Svg.PALETTE[1];
    /** A budget line more than this many times the highest spend is not drawn to scale. */
    static final double OFF_SCALE = 5;

    private ForecastBand() {
    }

    public static String draw(ReportView.BandChart c) {
        int w = 900, left = 78, legendW = 190, top = 12, plotH = 230, bottom = 58, h = top + plotH + bottom, plotW = w - left - legendW - 10;
        int n = c.labels().size();
        double[] xs = days(c.labels());
        double max = 0;
        for (List<Double> series : List.of(c.actual(), c.forecast(), c.hi())) {
            for (Double v : series) {
                if (ok(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        // a budget line far above the spend would flatten the spend onto the x axis: it stays off the scale, said so at
        // the plot's top (its value is in the legend)
        double dataMax = max;
        List<ReportView.Item> offScale = new ArrayList<>();
        for (ReportView.Item line : c.lines()) {
            double v = ((Number) line.value()).doubleValue();
            if (dataMax > 0 && v > OFF_SCALE * dataMax) {
                offScale.add(line);
            } else {
                max = Math.max(max, v);
            }
        }
        Axis.Scale ys = Axis.nice(0, max, 6);
        double lo = n == 0 ? 0 : xs[0], hi = n == 0 ? 1 : xs[n - 1];
        if (hi <= lo) {
            lo -= 1;
            hi += 1;
        }
        final double x0 = lo, x1 = hi;
        DoubleUnaryOperator px = x -> left + (x - x0) / (x1 - x0) * plotW;
        DoubleUnaryOperator py = y -> top + plotH - (y - ys.lo()) / (ys.hi() - ys.lo()) * plotH;
        StringBuilder s = new StringBuilder(Svg.open(w, h, c.title(), 3 + c.lines().size()));
        s.append(Axis.y(ys, py, left, left + plotW, ReportView.Kind.MONEY, "cost (USD)"));
        s.append(Axis.time(x0, x1, px, top + plotH, top, plotW, "date (UTC)"));
        StringBuilder upper = new StringBuilder(), lower = new StringBuilder();
        int bandPoints = 0, lastActual = -1, forecastDays = 0;
        for (int i = 0; i < n; i++) {
            Double u = c.hi().get(i), l = c.lo().get(i);
            if (ok(u) && ok(l)) {
                bandPoints++;
                upper.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.applyAsDouble(xs[i]), py.applyAsDouble(u)));
                lower.insert(0, String.format(Locale.ROOT, "%.1f,%.1f ", px.applyAsDouble(xs[i]), py.applyAsDouble(l)));
            }
            if (ok(c.actual().get(i))) {
                lastActual = i;
            }
            if (ok(c.forecast().get(i))) {
                forecastDays++;
            }
        }
        if (bandPoints > 1) {
            s.append("<polygon class=\"area\" points=\"").append(upper).append(lower).append("\"/>");
        }
        s.append(line(c.actual(), xs, px, py, ACTUAL, null, ""));
        // the forecast picks up where the actual line ends, when it starts after it
        int firstForecast = -1;
        for (int i = 0; i < n && firstForecast < 0; i++) {
            if (ok(c.forecast().get(i))) {
                firstForecast = i;
            }
        }
        String start = lastActual >= 0 && lastActual < firstForecast
                ? String.format(Locale.ROOT, "%.1f,%.1f ", px.applyAsDouble(xs[lastActual]), py.applyAsDouble(c.actual().get(lastActual))) : "";
        s.append(line(c.forecast(), xs, px, py, FORECAST, "6 3", start));
        for (int i = 0; i < n; i++) {
            Double f = c.forecast().get(i);
            if (!ok(f)) {
                continue;
            }
            double x = px.applyAsDouble(xs[i]);
            Double u = c.hi().get(i), l = c.lo().get(i);
            String tip = c.labels().get(i) + ": forecast " + Axis.human(f, ReportView.Kind.MONEY)
                    + (ok(u) && ok(l) ? " (80% interval " + Axis.human(l, ReportView.Kind.MONEY) + " to " + Axis.human(u, ReportView.Kind.MONEY) + ")" : "");
            if (ok(u) && ok(l) && forecastDays <= 7) {
                s.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1fV%.1fM%.1f %.1fh8M%.1f %.1fh8\" stroke=\"%s\" stroke-width=\"1.5\" fill=\"none\"/>",
                        x, py.applyAsDouble(l), py.applyAsDouble(u), x - 4, py.applyAsDouble(l), x - 4, py.applyAsDouble(u), FORECAST));
            }
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s</title></circle>", x,
                    py.applyAsDouble(f), FORECAST, esc(tip)));
        }
        List<String> names = new ArrayList<>(List.of("actual", "forecast", "80% interval"));
        List<String> swatches = new ArrayList<>(List.of(Axis.stroke(ACTUAL, null), Axis.stroke(FORECAST, "6 3"), Axis.box(FORECAST, 0.18)));
        int above = 0;
        for (ReportView.Item line : c.lines()) {
            double v = ((Number) line.value()).doubleValue();
            if (offScale.contains(line)) {
                s.append(String.format(Locale.ROOT, "<text class=\"lbl off-scale\" x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"%s\">"
                        + "\u2191 %s %s, above the scale</text>", left + plotW - 4, top + 12 + 14 * above++, BUDGET,
                        esc(line.label()), esc(Axis.human(v, ReportView.Kind.MONEY))));
                names.add(line.label() + " " + Axis.human(v, ReportView.Kind.MONEY) + " (above the scale)");
                swatches.add(Axis.stroke(BUDGET, "2 3"));
                continue;
            }
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>",
                    left, left + plotW, py.applyAsDouble(v), py.applyAsDouble(v), BUDGET));
            names.add(line.label() + " " + Axis.human(v, ReportView.Kind.MONEY));
            swatches.add(Axis.stroke(BUDGET, "2 3"));
        }
        s.append(Axis.legend(names, swatches, left + plotW + 16, top + 12, w - (left + plotW + 16) - 4));
        s.append("</svg>\n");
        return s.toString();
    }

    private static boolean ok(Double v) {
        return v != null && !v.isNaN();
    }

    /** A polyline from {@code start} through a series' values at their days (missing values left out), dashed when {@code dash} is set. */
    private static String line(List<Double> v, double[] xs, DoubleUnaryOperator px, DoubleUnaryOperator py, String color, String dash,
                               String start) {
        StringBuilder p = new StringBuilder(start);
        for (int i = 0; i < v.size(); i++) {
            if (ok(v.get(i))) {
                p.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.applyAsDouble(xs[i]), py.applyAsDouble(v.get(i))));
            }
        }
        return p.length() == start.length() ? "" : "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + color + "\""
                + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"") + " points=\"" + p.toString().trim() + "\"/>";
    }

    /** The days of the labels: ISO dates, or month-day labels of successive days (a new year when the month goes back). */
    static double[] days(List<String> labels) {
        double[] d = Axis.days(labels);
        if (d != null) {
            return d;
        }
        d = new double[labels.size()];
        int year = 2001;
        double prev = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < d.length; i++) {
            String l = labels.get(i);
            try {
                d[i] = java.time.LocalDate.parse(year + "-" + l).toEpochDay();
                if (d[i] < prev) {
                    year++;
                    d[i] = java.time.LocalDate.parse(year + "-" + l).toEpochDay();
                }
            } catch (java.time.format.DateTimeParseException e) {
                d[i] = i; // not a date: the labels are taken as successive days
            }
            prev = d[i];
        }
        return d;
    }
}
