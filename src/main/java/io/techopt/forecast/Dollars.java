package io.techopt.forecast;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dollars in cost-forecast's notes, one format for all: cents from $1, 3 significant digits under it, so a sub-dollar
 * log's figures are not rounded away (review r23f L-c: "$0.01; the total's own fit reads $0.00" for 0.009444 and
 * 0.001957, now "$0.00944" and "$0.00196").
 */
final class Dollars {
    /** A format specifier of java.util.Formatter; group 1 is the whole specifier, group 2 its conversion. */
    private static final Pattern SPEC = Pattern.compile("%(?:\\d+\\$)?[-#+ 0,(<]*\\d*(?:\\.\\d+)?([tT]?[a-zA-Z%])");

    private Dollars() {
    }

    /** The amount without its "$": 12.35, 0.500, 0.00944, 0.00 (a negative one keeps its sign). */
    static String of(double v) {
        if (Math.abs(v) >= 1 || v == 0 || !Double.isFinite(v)) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(3, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        return (d.scale() < 2 ? d.setScale(2, RoundingMode.UNNECESSARY) : d).toPlainString();
    }

    /**
     * {@code String.format(Locale.ROOT, format, args)} where each amount written {@code $%.Nf} (a dollar sign before a
     * fixed-point specifier) is written by {@link #of} instead: a note's other numbers (percentages, counts) keep theirs.
     */
    static String format(String format, Object... args) {
        StringBuilder out = new StringBuilder();
        Object[] a = args.clone();
        Matcher m = SPEC.matcher(format);
        int arg = 0, at = 0;
        while (m.find()) {
            String conversion = m.group(1);
            boolean consumes = !conversion.equals("%") && !conversion.equals("n");
            boolean money = consumes && conversion.equals("f") && m.start() > 0 && format.charAt(m.start() - 1) == '$'
                    && arg < a.length && a[arg] instanceof Number;
            out.append(format, at, m.start()).append(money ? "%s" : m.group());
            if (money) {
                a[arg] = of(((Number) a[arg]).doubleValue());
            }
            arg += consumes ? 1 : 0;
            at = m.end();
        }
        out.append(format, at, format.length());
        return String.format(Locale.ROOT, out.toString(), a);
    }
}
