package io.techopt.report.svg;

import io.techopt.report.ReportView;

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
}
