package io.techopt.report.svg;

import io.techopt.report.Fmt;
import io.techopt.report.ReportView;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

import static io.techopt.report.svg.Svg.esc;

/**
 * Axes every chart draws the same way: round tick values (at least four on a value or time axis), tick labels in a
 * compact form, a title, light grid lines. Each axis is a {@code <g class="axis" data-axis="x|y" data-scale="...">}
 * with {@code text.tick} labels and a {@code text.axis-title}, which the browser test reads.
 */
final class Axis {
    private Axis() {
    }

    /** A value range widened to round ticks: {@code lo}, {@code hi} and the ticks between them. */
    record Scale(double lo, double hi, double step, List<Double> ticks) {
    }

    /** Round ticks covering [min, max], about {@code target} of them (never fewer than four). */
    static Scale nice(double min, double max, int target) {
        if (!(max > min)) {
            double d = max == 0 ? 1 : Math.abs(max) * 0.5;
            min = min >= 0 && min - d < 0 ? 0 : min - d;
            max = max + d;
        }
        double raw = (max - min) / Math.max(3, target - 1), mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[]{1, 2, 2.5, 5, 10}) {
            if (m * mag >= raw) {
                step = m * mag;
                break;
            }
        }
        double lo = Math.floor(min / step + 1e-9) * step, hi = Math.ceil(max / step - 1e-9) * step;
        while ((hi - lo) / step + 1 < 4.5) { // four ticks at least
            hi += step;
        }
        List<Double> ticks = new ArrayList<>();
        for (int k = 0; lo + k * step <= hi + step * 1e-6; k++) {
            double t = lo + k * step;
            ticks.add(Math.abs(t) < step * 1e-9 ? 0 : Double.parseDouble(String.format(Locale.ROOT, "%.12g", t))); // 0.3, not 0.30000000000000004
        }
        return new Scale(lo, hi, step, ticks);
    }

    /** A tick value in a compact form for its kind, with no more decimals than the step needs. */
    static String tick(double v, double step, ReportView.Kind kind) {
        int decimals = Math.max(0, -(int) Math.floor(Math.log10(step) + 1e-9));
        if (BigDecimal.valueOf(step).stripTrailingZeros().scale() > decimals) {
            decimals = BigDecimal.valueOf(step).stripTrailingZeros().scale(); // 2.5, 0.25
        }
        return switch (kind) {
            case MONEY -> (v < 0 ? "-$" : "$") + compact(Math.abs(v), step < 1 ? Math.max(2, decimals) : decimals); // $0.10, not $0.1
            case PERCENT -> String.format(Locale.ROOT, "%." + Math.max(0, decimals - 2) + "f%%", v * 100);
            case MS -> step >= 1000 ? String.format(Locale.ROOT, "%s s", compact(v / 1000, Math.max(0, decimals - 3))) : compact(v, decimals) + " ms";
            default -> compact(v, decimals);
        };
    }

    /** 1.2k, 3.5M beyond ten thousand; otherwise the number with {@code decimals} decimals. */
    static String compact(double v, int decimals) {
        double a = Math.abs(v);
        if (a >= 1e9) {
            return trim(String.format(Locale.ROOT, "%.2f", v / 1e9)) + "B";
        }
        if (a >= 1e6) {
            return trim(String.format(Locale.ROOT, "%.2f", v / 1e6)) + "M";
        }
        if (a >= 1e4) {
            return trim(String.format(Locale.ROOT, "%.1f", v / 1e3)) + "k";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    private static String trim(String s) {
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** A horizontal value axis at {@code y} under a plot from {@code x0} to {@code x1}, grid lines up to {@code top}. */
    static String x(Scale s, DoubleUnaryOperator px, int y, int top, ReportView.Kind kind, String title) {
        StringBuilder b = new StringBuilder("<g class=\"axis\" data-axis=\"x\" data-scale=\"value\">");
        b.append(String.format(Locale.ROOT, "<line class=\"axis-line\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>",
                px.applyAsDouble(s.lo()), px.applyAsDouble(s.hi()), y, y));
        for (double t : s.ticks()) {
            double x = px.applyAsDouble(t);
            b.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>", x, x, top, y));
            b.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, y + 15,
                    esc(tick(t, s.step(), kind))));
        }
        b.append(String.format(Locale.ROOT, "<text class=\"axis-title\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text></g>",
                (px.applyAsDouble(s.lo()) + px.applyAsDouble(s.hi())) / 2, y + 34, esc(title)));
        return b.toString();
    }

    /** A vertical value axis at {@code x}, grid lines across to {@code right}, its title turned along it. */
    static String y(Scale s, DoubleUnaryOperator py, int x, int right, ReportView.Kind kind, String title) {
        StringBuilder b = new StringBuilder("<g class=\"axis\" data-axis=\"y\" data-scale=\"value\">");
        b.append(String.format(Locale.ROOT, "<line class=\"axis-line\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>",
                x, x, py.applyAsDouble(s.lo()), py.applyAsDouble(s.hi())));
        for (double t : s.ticks()) {
            double y = py.applyAsDouble(t);
            b.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", x, right, y, y));
            b.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", x - 6, y + 4,
                    esc(tick(t, s.step(), kind))));
        }
        double mid = (py.applyAsDouble(s.lo()) + py.applyAsDouble(s.hi())) / 2;
        b.append(String.format(Locale.ROOT, "<text class=\"axis-title\" transform=\"translate(14,%.1f) rotate(-90)\" text-anchor=\"middle\">%s</text></g>",
                mid, esc(title)));
        return b.toString();
    }

    /** A category axis: one label per category at the given positions (a bar per model, a row per metric). */
    static String categories(String axis, List<String> labels, List<double[]> at, String anchor, int rotate, String title,
                             double titleX, double titleY, boolean turned) {
        return wrappedCategories(axis, labels.stream().map(List::of).toList(), at, anchor, rotate, title, titleX, titleY, turned);
    }

    /** {@link #categories} with each label in lines, centred on its position (a long name in a narrow label column). */
    static String wrappedCategories(String axis, List<List<String>> labels, List<double[]> at, String anchor, int rotate, String title,
                                    double titleX, double titleY, boolean turned) {
        StringBuilder b = new StringBuilder("<g class=\"axis\" data-axis=\"" + axis + "\" data-scale=\"category\">");
        for (int i = 0; i < labels.size(); i++) {
            List<String> lines = labels.get(i);
            StringBuilder text = new StringBuilder(esc(lines.get(0)));
            for (int l = 1; l < lines.size(); l++) {
                text.append("<tspan x=\"0\" dy=\"").append(LEGEND_LINE).append("\">").append(esc(lines.get(l))).append("</tspan>");
            }
            b.append(String.format(Locale.ROOT, "<text class=\"tick\" transform=\"translate(%.1f,%.1f)%s\" text-anchor=\"%s\">%s</text>",
                    at.get(i)[0], at.get(i)[1] - (lines.size() - 1) * LEGEND_LINE / 2.0, rotate == 0 ? "" : " rotate(" + rotate + ")", anchor, text));
        }
        b.append(String.format(Locale.ROOT, turned
                        ? "<text class=\"axis-title\" transform=\"translate(%.1f,%.1f) rotate(-90)\" text-anchor=\"middle\">%s</text></g>"
                        : "<text class=\"axis-title\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text></g>",
                titleX, titleY, esc(title)));
        return b.toString();
    }

    /** The instants of date labels (2026-10-05, 2026-10-05T14, 2026-10-05T14:00), or null when one is not a date. */
    static double[] days(List<String> labels) {
        double[] d = new double[labels.size()];
        for (int i = 0; i < d.length; i++) {
            String l = labels.get(i);
            try {
                if (l.length() == 10) {
                    d[i] = LocalDate.parse(l).toEpochDay();
                } else if (l.length() >= 13 && l.charAt(10) == 'T') {
                    String t = l.length() == 13 ? l + ":00" : l.substring(0, 16);
                    LocalDateTime dt = LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
                    d[i] = dt.toLocalDate().toEpochDay() + dt.toLocalTime().toSecondOfDay() / 86400.0;
                } else {
                    return null;
                }
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return d;
    }

    /**
     * A time axis over [lo, hi] (days since the epoch): ticks on whole days, weeks or month starts, as many as fit
     * {@code width} without touching, at least four.
     */
    static String time(double lo, double hi, DoubleUnaryOperator px, int y, int top, int width, String title) {
        int fit = Math.max(4, width / 90);
        double span = Math.max(hi - lo, 1);
        List<Double> ticks = new ArrayList<>();
        boolean months = span / fit > 20;
        if (!months) {
            int step = 1;
            for (int s : new int[]{1, 2, 7, 14}) {
                step = s;
                if (span / s <= fit) {
                    break;
                }
            }
            if (span / step < 3 && span < 4) { // a day or less: ticks every few hours
                for (double t = Math.ceil(lo * 4) / 4; t <= hi + 1e-9; t += 0.25) {
                    ticks.add(t);
                }
            } else {
                for (double t = Math.ceil(lo); t <= hi + 1e-9; t += step) {
                    ticks.add(t);
                }
            }
        } else {
            LocalDate first = LocalDate.ofEpochDay((long) Math.floor(lo)).withDayOfMonth(1);
            long monthsSpan = ChronoUnit.MONTHS.between(first, LocalDate.ofEpochDay((long) Math.ceil(hi))) + 1;
            int every = 1;
            for (int e : new int[]{1, 2, 3, 6, 12, 24}) {
                every = e;
                if (monthsSpan / e <= fit) {
                    break;
                }
            }
            for (LocalDate m = first; m.toEpochDay() <= hi; m = m.plusMonths(every)) {
                if (m.toEpochDay() >= lo) {
                    ticks.add((double) m.toEpochDay());
                }
            }
        }
        StringBuilder b = new StringBuilder("<g class=\"axis\" data-axis=\"x\" data-scale=\"time\">");
        b.append(String.format(Locale.ROOT, "<line class=\"axis-line\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>",
                px.applyAsDouble(lo), px.applyAsDouble(hi), y, y));
        boolean hours = ticks.size() > 1 && ticks.get(1) - ticks.get(0) < 1;
        for (double t : ticks) {
            double x = px.applyAsDouble(t);
            LocalDate d = LocalDate.ofEpochDay((long) Math.floor(t));
            String label = months ? d.format(DateTimeFormatter.ofPattern("MMM yyyy", Locale.ROOT))
                    : hours ? String.format(Locale.ROOT, "%s %02d:00", d.format(DateTimeFormatter.ofPattern("MMM d", Locale.ROOT)),
                    Math.round((t - Math.floor(t)) * 24))
                    : d.format(DateTimeFormatter.ofPattern("MMM d", Locale.ROOT));
            b.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>", x, x, top, y));
            // a label at either end of the axis ends there, never past the chart's edge
            String anchor = t >= hi - 1e-9 && ticks.size() > 1 ? "end" : t <= lo + 1e-9 ? "start" : "middle";
            b.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>", x, y + 15, anchor,
                    esc(label)));
        }
        b.append(String.format(Locale.ROOT, "<text class=\"axis-title\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text></g>",
                (px.applyAsDouble(lo) + px.applyAsDouble(hi)) / 2, y + 34, esc(title)));
        return b.toString();
    }

    /**
     * A legend: a swatch (drawn around 0,0) and the whole name of each entry, one entry a row from ({@code x}, {@code y});
     * a name wider than {@code width} px (swatch included) wraps onto more lines, so nothing is cut at the chart's edge.
     */
    static String legend(List<String> names, List<String> swatches, double x, double y, double width) {
        StringBuilder b = new StringBuilder("<g class=\"legend\">");
        double ly = y;
        for (int i = 0; i < names.size(); i++) {
            List<String> lines = wrap(names.get(i), width - 20);
            b.append(String.format(Locale.ROOT, "<g transform=\"translate(%.1f,%.1f)\">%s</g>", x + 7, ly - 4, swatches.get(i)));
            b.append(String.format(Locale.ROOT, "<text class=\"lbl\" x=\"%.1f\" y=\"%.1f\">", x + 20, ly));
            for (int l = 0; l < lines.size(); l++) {
                b.append(l == 0 ? esc(lines.get(0))
                        : String.format(Locale.ROOT, "<tspan x=\"%.1f\" dy=\"%d\">%s</tspan>", x + 20, LEGEND_LINE, esc(lines.get(l))));
            }
            b.append("</text>");
            ly += LEGEND_ROW + (lines.size() - 1) * LEGEND_LINE;
        }
        return b.append("</g>").toString();
    }

    static final int LEGEND_ROW = 18, LEGEND_LINE = 13;

    /** The height in px a {@link #legend} of these names takes at this width. */
    static double legendHeight(List<String> names, double width) {
        return names.stream().mapToDouble(n -> LEGEND_ROW + (wrap(n, width - 20).size() - 1) * LEGEND_LINE).sum();
    }

    /** {@code s} in lines of at most {@code width} px, broken after a space, slash, hyphen, comma or colon where one is. */
    static List<String> wrap(String s, double width) {
        List<String> lines = new java.util.ArrayList<>();
        String rest = s;
        while (textWidth(rest) > width) {
            int fit = 0;
            while (fit < rest.length() && textWidth(rest.substring(0, fit + 1)) <= width) {
                fit++;
            }
            fit = Math.max(1, fit);
            int cut = -1;
            for (int i = fit; i > fit / 3; i--) {
                char c = rest.charAt(i - 1);
                // never inside a number ("$12,345.67")
                boolean inNumber = (c == ',' || c == '.') && i < rest.length() && Character.isDigit(rest.charAt(i));
                if (" /-,:_.".indexOf(c) >= 0 && !inNumber) {
                    cut = i;
                    break;
                }
            }
            cut = cut < 0 ? fit : cut;
            lines.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty() || lines.isEmpty()) {
            lines.add(rest);
        }
        return lines;
    }

    /** A square swatch of a fill colour, for {@link #legend}. */
    static String box(String color, double opacity) {
        return "<rect x=\"-6\" y=\"-6\" width=\"12\" height=\"12\" fill=\"" + color + "\" fill-opacity=\"" + opacity + "\"/>";
    }

    /** A line swatch, dashed when {@code dash} is set. */
    static String stroke(String color, String dash) {
        return "<path d=\"M-7 0h14\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2.5\""
                + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"") + "/>";
    }

    /** An approximate text width in px at the chart's 11 px font, to lay out legends and margins. */
    static double textWidth(String s) {
        // CJK and other wide letters take about a whole em
        return s.codePoints().mapToDouble(c -> c >= 0x2E80 && c <= 0xFFDC ? 11.5 : 6.8).sum();
    }

    /** The human form of a value, for tooltips. */
    static String human(double v, ReportView.Kind kind) {
        return Fmt.human(v, kind);
    }
}
