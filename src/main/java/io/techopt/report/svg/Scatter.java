package io.techopt.report.svg;

import io.techopt.report.ReportView;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

import static io.techopt.report.svg.Svg.esc;

/**
 * Series of (x, y) points on shared axes with a legend of whole names; lines for curves, markers for lone points, each
 * series its own colour (Okabe-Ito) and marker shape, each lone point labelled with its series' number in the legend.
 */
public final class Scatter {
    private Scatter() {
    }

    /** Point {@code number}'s label at (cx, cy), joined with the labels of points within 4 px of it. */
    private static void addLabel(java.util.Map<List<Double>, List<Integer>> labels, double cx, double cy, int number) {
        for (java.util.Map.Entry<List<Double>, List<Integer>> e : labels.entrySet()) {
            if (Math.abs(e.getKey().get(0) - cx) < 4 && Math.abs(e.getKey().get(1) - cy) < 4) {
                e.getValue().add(number);
                return;
            }
        }
        labels.put(List.of(cx, cy), new ArrayList<>(List.of(number)));
    }

    public static String draw(ReportView.ScatterChart c) {
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
        for (ReportView.Series s : c.series()) {
            for (int i = 0; i < s.x().size(); i++) {
                double x = s.x().get(i), y = s.y().get(i);
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x0 > x1) {
            return "<p>(no points)</p>\n";
        }
        for (ReportView.Series ser : c.series()) { // intervals and reference lines are inside the y axis too
            for (List<Double> bound : java.util.Arrays.asList(ser.yLow(), ser.yHigh())) {
                for (Double v : bound == null ? List.<Double>of() : bound) {
                    if (v != null && Double.isFinite(v)) {
                        y0 = Math.min(y0, v);
                        y1 = Math.max(y1, v);
                    }
                }
            }
        }
        for (ReportView.Item line : c.yLines()) {
            double v = ((Number) line.value()).doubleValue();
            y0 = Math.min(y0, v);
            y1 = Math.max(y1, v);
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < c.series().size(); k++) {
            names.add((k + 1) + " " + c.series().get(k).name());
        }
        // the legend also names the reference lines, the marked points and the intervals: room for three more rows
        int legendW = (int) Math.min(330, Math.max(names.stream().mapToDouble(Axis::textWidth).max().orElse(0),
                Axis.textWidth("interval of the quality")) + 40);
        // long names wrap in the legend: its height counts their lines
        int w = 900, left = 80, top = 12, bottom = 58, plotH = 300,
                h = (int) Math.max(top + plotH + bottom, top + Axis.legendHeight(names, legendW - 4) + 18 * 3 + 20);
        int plotW = w - left - legendW - 16;
        // a non-negative axis never padded below zero (no "-$0.19" on a cost axis)
        Axis.Scale xs = Axis.nice(x0 >= 0 ? Math.max(0, x0 - (x1 - x0) * 0.05) : x0, x1 + (x1 - x0) * 0.05, 7);
        Axis.Scale ys = Axis.nice(y0 >= 0 ? Math.max(0, y0 - (y1 - y0) * 0.05) : y0, y1 + (y1 - y0) * 0.05, 6);
        DoubleUnaryOperator px = x -> left + (x - xs.lo()) / (xs.hi() - xs.lo()) * plotW;
        DoubleUnaryOperator py = y -> top + plotH - (y - ys.lo()) / (ys.hi() - ys.lo()) * plotH;
        StringBuilder s = new StringBuilder(Svg.open(w, h, c.title(), c.series().size() + c.yLines().size()));
        s.append(Axis.y(ys, py, left, left + plotW, c.yKind(), c.yLabel()));
        s.append(Axis.x(xs, px, top + plotH, top, c.xKind(), c.xLabel()));
        List<String> swatches = new ArrayList<>();
        List<double[]> marked = new ArrayList<>();
        java.util.Map<List<Double>, List<Integer>> labels = new java.util.LinkedHashMap<>();
        for (ReportView.Item line : c.yLines()) {
            double y = py.applyAsDouble(((Number) line.value()).doubleValue());
            s.append(String.format(Locale.ROOT, "<line class=\"target\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", left, left + plotW, y, y));
        }
        for (int k = 0; k < c.series().size(); k++) {
            ReportView.Series ser = c.series().get(k);
            String color = Svg.PALETTE[k % Svg.PALETTE.length];
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < ser.x().size(); i++) {
                double x = ser.x().get(i), y = ser.y().get(i);
                if (!Double.isFinite(x) || !Double.isFinite(y)) {
                    continue;
                }
                double cx = px.applyAsDouble(x), cy = py.applyAsDouble(y);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", cx, cy));
                Double lo = ser.yLow() == null ? null : ser.yLow().get(i), hi = ser.yHigh() == null ? null : ser.yHigh().get(i);
                if (lo != null && hi != null && Double.isFinite(lo) && Double.isFinite(hi)) {
                    s.append(String.format(Locale.ROOT, "<path class=\"interval\" d=\"M%.1f %.1fV%.1fM%.1f %.1fh8M%.1f %.1fh8\" stroke=\"%s\" "
                                    + "stroke-width=\"1.5\" fill=\"none\"><title>%s</title></path>", cx, py.applyAsDouble(lo), py.applyAsDouble(hi),
                            cx - 4, py.applyAsDouble(lo), cx - 4, py.applyAsDouble(hi), color,
                            esc(ser.name() + ": " + c.yLabel() + " interval " + Axis.human(lo, c.yKind()) + " to " + Axis.human(hi, c.yKind()))));
                }
                String mark = ser.marks() == null ? null : ser.marks().get(i);
                if (mark != null) {
                    s.append(String.format(Locale.ROOT, "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"7\" fill=\"#fff\" stroke=\"%s\" stroke-width=\"3\">"
                            + "<title>%s</title></circle>", cx, cy, color, esc(ser.name() + ", " + mark + ": " + Axis.human(x, c.xKind()) + ", "
                            + Axis.human(y, c.yKind()))));
                    marked.add(new double[]{cx, cy, k});
                }
                if (!ser.line()) {
                    s.append(Svg.marker(k, cx, cy, 5, ser.name() + ": " + Axis.human(x, c.xKind()) + ", " + Axis.human(y, c.yKind())));
                    addLabel(labels, cx, cy, k + 1);
                }
            }
            if (ser.line() && pts.length() > 0) {
                s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color).append("\" points=\"")
                        .append(pts.toString().trim()).append("\"><title>").append(esc(ser.name())).append("</title></polyline>");
                swatches.add(Axis.stroke(color, null));
            } else {
                swatches.add(Svg.marker(k, 0, 0, 5, ser.name()));
            }
        }
        // strategies at the same spot share one label ("2,6"), not two numbers printed over each other
        labels.forEach((at, ks) -> s.append(String.format(Locale.ROOT, "<text class=\"pt\" x=\"%.1f\" y=\"%.1f\">%s</text>", at.get(0) + 8,
                at.get(1) + 4, ks.stream().distinct().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")))));
        for (ReportView.Item line : c.yLines()) {
            names.add(line.label() + " " + Axis.human(((Number) line.value()).doubleValue(), c.yKind()));
            swatches.add(Axis.stroke("#000", "5 3"));
        }
        if (!marked.isEmpty()) {
            names.add("chosen operating point");
            swatches.add("<circle r=\"6\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"3\"/>");
        }
        if (c.series().stream().anyMatch(ser -> ser.yLow() != null)) {
            names.add("interval of the quality");
            swatches.add("<path d=\"M0 -7V7M-4 -7h8M-4 7h8\" stroke=\"#000\" stroke-width=\"1.5\" fill=\"none\"/>");
        }
        s.append(Axis.legend(names, swatches, left + plotW + 16, top + 10, legendW - 4));
        s.append("</svg>\n");
        return s.toString();
    }
}
