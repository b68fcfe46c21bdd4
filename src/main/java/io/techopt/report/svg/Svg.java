package io.techopt.report.svg;

import io.techopt.core.Printable;
import io.techopt.core.Redactor;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToDoubleFunction;

/** What every chart draws with: the opening tag, XML escaping, label clipping, a polyline, the series colours. */
public final class Svg {
    /** Colours of successive series, cycled: Okabe-Ito's colour-blind-safe palette (its yellow last: faint on white). */
    static final String[] PALETTE = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"};
    /** Marker shapes of successive series, so that two series never differ by colour alone. */
    static final String[] SHAPES = {"circle", "square", "triangle", "diamond"};

    private Svg() {
    }

    static String open(int w, int h, String title) {
        return open(w, h, title, 1);
    }

    /** The opening tag of a chart drawing {@code series} series (the browser test wants a legend beyond one). */
    static String open(int w, int h, String title, int series) {
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" role=\"img\" "
                + "aria-label=\"%s\" data-series=\"%d\">", w, h, w, esc(title), series);
    }

    /** A marker of series {@code k}'s shape and colour at (x, y), with a tooltip. */
    static String marker(int k, double x, double y, double r, String tooltip) {
        String c = PALETTE[k % PALETTE.length], t = "<title>" + esc(tooltip) + "</title>";
        return switch (SHAPES[k % SHAPES.length]) {
            case "square" -> String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">%s</rect>",
                    x - r * .85, y - r * .85, r * 1.7, r * 1.7, c, t);
            case "triangle" -> String.format(Locale.ROOT, "<path d=\"M%.1f %.1fl%.1f %.1fh%.1fz\" fill=\"%s\">%s</path>",
                    x, y - r * 1.1, r, r * 1.8, -2 * r, c, t);
            case "diamond" -> String.format(Locale.ROOT, "<path d=\"M%.1f %.1fl%.1f %.1fl%.1f %.1fl%.1f %.1fz\" fill=\"%s\">%s</path>",
                    x, y - r * 1.2, r * 1.2, r * 1.2, -r * 1.2, r * 1.2, -r * 1.2, -r * 1.2, c, t);
            default -> String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\">%s</circle>", x, y, r, c, t);
        };
    }

    /** A legend swatch of series {@code k}'s marker, for {@link Axis#legend}. */
    static String markerSwatch(int k) {
        return marker(k, 0, 0, 5, "").replace("<title></title>", "");
    }

    /** The largest value, NaN counted as 0; 0 for no values. */
    static double max(List<Double> values) {
        return values.stream().mapToDouble(d -> Double.isNaN(d) ? 0 : d).max().orElse(0);
    }

    /** A NaN value drawn as 0. */
    static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    /** A line through the non-missing values (null or NaN are left out), or nothing when there is none. */
    static String polyline(List<Double> v, IntToDoubleFunction x, DoubleUnaryOperator y, String color) {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < v.size(); i++) {
            Double d = v.get(i);
            if (d != null && !d.isNaN()) {
                p.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(i), y.applyAsDouble(d)));
            }
        }
        return p.length() == 0 ? "" : "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + color + "\" points=\"" + p.toString().trim() + "\"/>";
    }

    /** A label cut to {@code n} characters with an ellipsis. */
    static String clip(String s, int n) {
        if (s.length() <= n) {
            return s;
        }
        s = Redactor.redact(s); // before the cut, or a cut credential's prefix is shown unrecognised
        return s.length() <= n ? s : s.substring(0, Printable.cutPoint(s, n - 1)) + "…";
    }

    /** Text made safe inside an element or a quoted attribute, in SVG and in the HTML page around it. */
    public static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
