package io.techopt.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Formatting of report values, for people (table, markdown, html) and for machines (csv). */
public final class Fmt {
    private Fmt() {
    }

    public static String human(Object v, ReportView.Kind kind) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d)) {
                return "-";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "\u221e" : "-\u221e"; // as html shows it; csv leaves the cell empty, as the JSON's null
            }
            return switch (kind) {
                case MONEY -> money(d);
                case PERCENT -> String.format(Locale.ROOT, d != 0 && Math.abs(d) < 0.001 ? "%.3f%%" : "%.1f%%", d * 100);
                case INT -> String.format(Locale.ROOT, "%,d", n.longValue());
                case MS -> d >= 10_000 ? String.format(Locale.ROOT, "%,.1f s", d / 1000) : String.format(Locale.ROOT, "%,.0f ms", d);
                case P_VALUE -> pValue(d);
                case NUMBER, TEXT -> number(d);
            };
        }
        return String.valueOf(v);
    }

    public static String money(double d) {
        double a = Math.abs(d);
        if (a == 0) {
            return "$0.00";
        }
        if (a >= 1) {
            return (d < 0 ? "-" : "") + String.format(Locale.ROOT, "$%,.2f", a);
        }
        if (a >= 0.01) {
            return (d < 0 ? "-" : "") + String.format(Locale.ROOT, "$%.4f", a);
        }
        // small amounts keep three significant digits: $0.000225
        return (d < 0 ? "-$" : "$") + new BigDecimal(a).round(new java.math.MathContext(3, RoundingMode.HALF_EVEN))
                .stripTrailingZeros().toPlainString();
    }

    /** "p_adj = 0.0495", or "p_adj < 1e-16" at the floor (never "p_adj = < 1e-16"). */
    public static String pIs(String name, double p) {
        String shown = pValue(p);
        return name + (shown.startsWith("<") ? " " : " = ") + shown;
    }

    /** Significance levels a shown p-value never crosses by rounding. */
    private static final double[] P_LEVELS = {0.001, 0.01, 0.05, 0.1};

    /**
     * A p-value for people: three significant digits, {@code < 1e-16} below what a double's tail resolves, and
     * never rounded across a significance level (0.0495 stays 0.0495; 0.04996 shows as 0.0499, not 0.0500).
     */
    public static String pValue(double p) {
        if (Double.isNaN(p)) {
            return "-";
        }
        if (p < 1e-16) {
            return "< 1e-16";
        }
        BigDecimal exact = new BigDecimal(p);
        BigDecimal shown = exact.round(new java.math.MathContext(3, RoundingMode.HALF_EVEN));
        for (double level : P_LEVELS) {
            BigDecimal l = BigDecimal.valueOf(level);
            if ((exact.compareTo(l) < 0) != (shown.compareTo(l) < 0)) {
                shown = exact.round(new java.math.MathContext(3, exact.compareTo(l) < 0 ? RoundingMode.DOWN : RoundingMode.UP));
                break;
            }
        }
        if (shown.precision() < 3) {
            shown = shown.setScale(shown.scale() + 3 - shown.precision());
        }
        return p < 1e-4 ? String.format(Locale.ROOT, "%.2e", shown.doubleValue()) : shown.toPlainString();
    }

    public static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) d);
        }
        return String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%,.1f" : "%.3g", d);
    }

    /** Machine form (csv): plain numbers to 12 significant digits, no units; the JSON keeps the doubles whole. */
    public static String raw(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return ""; // as the JSON's null (route-sim --matrix's threshold above every score)
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString(d.longValue());
            }
            // 12 significant digits: a sum of costs carries binary noise in its 15th (0.810293500000001, review rev21
            // LOW-10); 12 keep the cents of a billion dollars
            return new BigDecimal(d).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(v);
    }
}
