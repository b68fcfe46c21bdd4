package io.techopt.report.svg;

import io.techopt.core.Printable;
import io.techopt.core.Redactor;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToDoubleFunction;

/** What every chart draws with: the opening tag, XML escaping, label clipping, a polyline, the series colours. */
public final class Svg {
    /** Colours of successive series, cycled. */
    static final String[] PALETTE = {"#0969da", "#cf222e", "#1a7f37", "#8250df", "#bc4c00", "#6e7781", "#0550ae", "#953800"};

    private Svg() {
    }

    static String open(int w, int h, String title) {
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" role=\"img\" aria-label=\"%s\">",
                w, h, w, esc(title));
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
