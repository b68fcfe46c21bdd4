package io.techopt.report.svg;

import io.techopt.report.ReportView;

import java.util.Locale;

/**
 * Which drawer draws which chart block of a {@link ReportView}. A new chart kind: a block record in ReportView, a class
 * here with a {@code static String draw(...)} (copy {@link Bars}), and one line in {@link #of}.
 */
public final class Charts {
    private Charts() {
    }

    /** A drawn chart: the heading the page shows above it and the inline SVG. */
    public record Figure(String title, String svg) {
    }

    /** The drawn chart of a block; null for a block that is not a chart (a summary, table or notes). */
    public static Figure of(ReportView.Block b) {
        if (b instanceof ReportView.Chart c) {
            return new Figure(c.title(), switch (c.kind()) {
                case LINE -> Line.draw(c);
                case HISTOGRAM -> Histogram.draw(c);
                case BAR -> Bars.draw(c);
            });
        } else if (b instanceof ReportView.IntervalChart c) {
            return new Figure(c.title(), Intervals.draw(c));
        } else if (b instanceof ReportView.BandChart c) {
            return new Figure(c.title(), ForecastBand.draw(c));
        } else if (b instanceof ReportView.ScatterChart c) {
            return new Figure(c.title(), Scatter.draw(c));
        } else if (b instanceof ReportView.WaterfallChart c) {
            return new Figure(c.title(), Waterfall.draw(c));
        }
        return null;
    }

    /**
     * The axis titles of a chart of labelled values, from its title "WHAT by WHICH (UNIT)": {WHICH, WHAT (unit)}.
     * "Cost by model" gives {"model", "cost (USD)"}; "Latency distribution (requests per bin)" gives {"latency", "requests per bin"}.
     */
    static String[] axisTitles(String title, ReportView.Kind kind) {
        String t = title, unit = null;
        int paren = t.indexOf(" (");
        if (paren > 0 && t.endsWith(")")) {
            unit = t.substring(paren + 2, t.length() - 1);
            t = t.substring(0, paren);
        }
        String what = t, which = "";
        int by = t.indexOf(" by ");
        if (by > 0) {
            what = t.substring(0, by);
            which = t.substring(by + 4);
        } else if (t.endsWith(" distribution")) {
            which = t.substring(0, t.length() - " distribution".length());
            what = unit == null ? "count" : unit;
            unit = null;
        }
        which = which.startsWith("each ") ? which.substring(5) : which;
        String u = unit != null ? unit : switch (kind) {
            case MONEY -> "USD";
            case MS -> "ms";
            case PERCENT -> "%";
            default -> null;
        };
        String y = lower(what) + (u == null || what.toLowerCase(Locale.ROOT).contains(u.toLowerCase(Locale.ROOT)) ? "" : " (" + u + ")");
        return new String[]{which.isEmpty() ? "label" : lower(which), y};
    }

    private static String lower(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
