package io.techopt.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * #17: the table format cut every long cell at 48 characters with "…", so cache-warm questions sharing their
 * beginning (a prompt template) showed as identical rows. Texts that would clip alike are cut in the middle (their
 * end shows) or shown whole; a long text that clips apart from the others keeps its usual cut (goldens unchanged).
 */
class TableCellsStayDistinguishableTest {
    private static final String TEMPLATE = "Extract the product area, urgency and customer plan as JSON from: 'Enterprise c";

    private static String render(List<List<Object>> rows) throws IOException {
        ReportView v = new ReportView("techopt cache-warm", List.of(new ReportView.Table("top", "Top entries",
                List.of(new ReportView.Column("question", ReportView.Kind.TEXT), new ReportView.Column("count", ReportView.Kind.INT)), rows)));
        StringWriter out = new StringWriter();
        new TableRenderer(false).render(new Report() {
            public Object json() {
                return null;
            }

            public ReportView view() {
                return v;
            }
        }, out);
        return out.toString();
    }

    private static List<String> rowLines(String table) {
        return table.lines().filter(l -> l.startsWith("  ") && !l.startsWith("  question") && !l.startsWith("  --")).toList();
    }

    @Test
    void twoRowsDifferingOnlyAtTheirEndStayDistinguishable() throws IOException {
        String a = TEMPLATE + "ustomer A'", b = TEMPLATE + "ustomer B'";
        List<String> lines = rowLines(render(List.of(List.of(a, 2), List.of(b, 2))));
        assertEquals(2, lines.size(), String.join("\n", lines));
        assertNotEquals(lines.get(0), lines.get(1), "rows differing only at their end look identical:\n" + String.join("\n", lines));
        assertTrue(lines.get(0).contains("Extract the product") && lines.get(0).contains("…") && lines.get(0).contains("ustomer A'"),
                "the beginning and the end both show:\n" + lines.get(0));
        assertTrue(lines.get(1).contains("ustomer B'"), lines.get(1));
    }

    @Test
    void textsThatDifferOnlyInTheMiddleAreShownWhole() throws IOException {
        String a = "A".repeat(50) + "left" + "Z".repeat(40), b = "A".repeat(50) + "right" + "Z".repeat(40);
        List<String> lines = rowLines(render(List.of(List.of(a, 1), List.of(b, 1))));
        assertTrue(lines.get(0).contains(a) && lines.get(1).contains(b), String.join("\n", lines));
    }

    @Test
    void aLongTextUnlikeTheOthersKeepsItsUsualCut() throws IOException {
        String a = TEMPLATE + "ustomer A'";
        List<String> lines = rowLines(render(List.of(List.of(a, 2), List.of("What is the policy for CSV import?", 3))));
        assertTrue(lines.get(0).contains("Extract the product area, urgency and customer …"), lines.get(0));
        assertTrue(lines.get(1).contains("What is the policy for CSV import?"), lines.get(1));
    }

    @Test
    void identicalTextsStayIdenticalAndShort() throws IOException {
        String a = TEMPLATE + "ustomer A'";
        List<String> lines = rowLines(render(List.of(List.of(a, 2), List.of(a, 3))));
        assertTrue(lines.get(0).contains("customer …") && lines.get(1).contains("customer …"), String.join("\n", lines));
    }
}
