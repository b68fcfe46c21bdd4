package io.techopt.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Session 13's note: an infinite figure (route-sim --matrix's threshold above every score) showed as `∞` in html, as an
 * empty cell in csv (the JSON's null) and as `Infinity` in the table and markdown formats. Every format for people
 * shows `∞` (`-∞`); csv keeps the empty cell.
 */
class AnInfiniteValueHasOneRenderingPerFormatTest {
    private static final Report REPORT = new Report() {
        @Override
        public Object json() {
            return java.util.Map.of();
        }

        @Override
        public ReportView view() {
            return new ReportView("t", List.of(
                    new ReportView.Summary("Summary", List.of(ReportView.Item.of("Top threshold", Double.POSITIVE_INFINITY,
                            ReportView.Kind.NUMBER))),
                    new ReportView.Table("curve", "Curve", List.of(new ReportView.Column("router", ReportView.Kind.TEXT),
                            new ReportView.Column("threshold", ReportView.Kind.NUMBER)),
                            List.of(Arrays.asList("knn", Double.POSITIVE_INFINITY), Arrays.asList("bert", Double.NEGATIVE_INFINITY),
                                    Arrays.asList("mf", 0.25)))));
        }
    };

    private static String render(OutputFormat f) throws IOException {
        StringWriter w = new StringWriter();
        Renderer.forFormat(f, false).render(REPORT, w);
        return w.toString();
    }

    @Test
    void peopleSeeTheInfinitySignAndCsvAnEmptyCell() throws IOException {
        for (OutputFormat f : new OutputFormat[]{OutputFormat.TABLE, OutputFormat.MARKDOWN, OutputFormat.HTML}) {
            String out = render(f);
            assertFalse(out.replace("title=\"Infinity\"", "").replace("title=\"-Infinity\"", "").contains("Infinity"), f + ":\n" + out);
            assertTrue(out.contains("\u221e") && out.contains("-\u221e"), f + ":\n" + out);
        }
        assertEquals(List.of("router,threshold", "knn,", "bert,", "mf,0.25"), render(OutputFormat.CSV).lines().toList());
        assertEquals("\u221e", Fmt.human(Double.POSITIVE_INFINITY, ReportView.Kind.MONEY));
    }
}
