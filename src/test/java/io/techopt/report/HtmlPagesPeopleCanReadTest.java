package io.techopt.report;

import io.techopt.TestSupport;
import io.techopt.report.ReportView.Kind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What issue #17 found on the html pages around the charts: the headline, the verdict, cells that fit. */
class HtmlPagesPeopleCanReadTest {

    static String render(ReportView v) throws IOException {
        StringWriter out = new StringWriter();
        new HtmlRenderer().render(new Report() {
            @Override
            public Object json() {
                return null;
            }

            @Override
            public ReportView view() {
                return v;
            }
        }, out);
        return out.toString();
    }

    @Test
    void theAbReportVerdictIsABadgeRightUnderTheTitle() throws IOException {
        Path out = Files.createTempFile("ab", ".html");
        try {
            TestSupport.Run run = TestSupport.cli("ab-report", EveryReportKindGoldenTest.SAMPLE, "--experiment", "support-prompt-v2",
                    "--weights", "control=0.5,treatment=0.5", "-f", "html", "--out", out.toString(), "--quiet");
            assertEquals(0, run.code(), run.err());
            String html = Files.readString(out);
            String afterTitle = html.substring(html.indexOf("</h1>") + 6);
            assertTrue(afterTitle.startsWith("<section class=\"headline\">"), afterTitle.substring(0, 80));
            assertTrue(afterTitle.indexOf("<span class=\"badge bad\">DONT SHIP</span>") < afterTitle.indexOf("<dt>Experiment</dt>"),
                    "the verdict comes first: " + afterTitle.substring(0, 600));
            assertTrue(html.contains("cost_per_user (lower is better)") && html.contains("quality (higher is better)"),
                    "the forest plot says which way is good");
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void largeCountsAreCompactWithTheExactValueAsTooltip() {
        assertEquals("<td class=\"n\" title=\"1,824,483\">1.82M</td>", HtmlRenderer.cell(1_824_483L, Kind.INT, false));
        assertEquals("<td class=\"n\" title=\"311,862\">312k</td>", HtmlRenderer.cell(311_862L, Kind.INT, false));
        assertEquals("<td class=\"n\">55,025</td>", HtmlRenderer.cell(55_025L, Kind.INT, false));
        assertEquals("<td class=\"n\">$4.05</td>", HtmlRenderer.cell(4.05, Kind.MONEY, false));
    }

    @Test
    void anInfiniteThresholdIsAnInfinitySignNotABillionCount() {
        // route-sim --matrix: a threshold above every score was shown as "InfinityB" (review r18 F10)
        assertEquals("<td class=\"n\" title=\"Infinity\">\u221e</td>", HtmlRenderer.cell(Double.POSITIVE_INFINITY, Kind.NUMBER, false));
        assertEquals("<td class=\"n\" title=\"-Infinity\">-\u221e</td>", HtmlRenderer.cell(Double.NEGATIVE_INFINITY, Kind.NUMBER, false));
        assertEquals("<td class=\"n\" title=\"Infinity\">\u221e</td>", HtmlRenderer.cell(Double.POSITIVE_INFINITY, Kind.MONEY, false));
    }

    @Test
    void aNameNeverWrapsAndLongTextKeepsItsWholeTextAsTooltip() throws IOException {
        String longText = "gpt-4o-mini-2024-07-18 31%, claude-sonnet-4-20250514 24%, claude-haiku-4-5-20251001 15%";
        String html = render(new ReportView("t", List.of(new ReportView.Summary("Summary", List.of(ReportView.Item.of("Requests", 3, Kind.INT))),
                new ReportView.Table("s", "Strategies", List.of(new ReportView.Column("strategy", Kind.TEXT),
                        new ReportView.Column("cost_usd", Kind.MONEY), new ReportView.Column("share_by_model", Kind.TEXT)),
                        List.of(List.of("always claude-sonnet-4-20250514", 15.75, longText))))));
        assertTrue(html.contains("<td class=\"k\">always claude-sonnet-4-20250514</td>"), html);
        assertTrue(html.contains("<td class=\"long\" title=\"" + longText + "\"><span>" + longText + "</span></td>"), html);
        assertTrue(html.contains("td{white-space:nowrap}"), "names never wrap");
        assertTrue(html.contains("<th class=\"n\" title=\"cost_usd\">cost_<wbr>usd</th>"), html);
        assertFalse(html.contains("<script"), "no script");
    }
}
