package io.techopt.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.report.Fmt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 12 defect 10: p-values are shown with three significant digits and never rounded across a significance level. */
class PValueDisplayTest {
    @TempDir
    Path tmp;

    @Test
    void bundledSampleGuardrailReasonShowsPAdjustedBelowTheLineNotRoundedUpTo005() {
        TestSupport.Run json = TestSupport.cli("ab-report", "-f", "json", "-q", "--experiment", "support-prompt-v2",
                "samples/requests.jsonl.gz");
        JsonNode latency = null;
        for (JsonNode c : json.json().get("comparisons")) {
            if (c.get("metric").asText().equals("latency_ms")) {
                latency = c;
            }
        }
        double pAdj = latency.get("p_adjusted").asDouble();
        assertTrue(pAdj < 0.05 && pAdj > 0.049, "the sample's latency guardrail sits just under 0.05: " + pAdj);
        assertTrue(latency.get("p_adjusted").isDouble(), "JSON keeps the full number");

        for (String format : new String[]{"table", "markdown", "html"}) {
            String out = TestSupport.cli("ab-report", "-f", format, "-q", "--experiment", "support-prompt-v2",
                    "samples/requests.jsonl.gz").out();
            assertTrue(out.contains("p_adj = 0.0495"), format + ": " + out);
            assertFalse(out.contains("p_adj = 0.050"), format + " rounds a significant p-value up to the line");
        }
        String csv = TestSupport.cli("ab-report", "-f", "csv", "-q", "--experiment", "support-prompt-v2",
                "samples/requests.jsonl.gz").out();
        assertTrue(csv.contains(Double.toString(pAdj).substring(0, 12)), "csv keeps full precision: " + csv);
    }

    @Test
    void threeSignificantDigitsThatNeverCrossASignificanceLevel() {
        assertEquals("0.0495", Fmt.pValue(0.0495));
        assertEquals("0.0499", Fmt.pValue(0.049996), "half-even would show 0.0500");
        assertEquals("0.0500", Fmt.pValue(0.05));
        assertEquals("0.00999", Fmt.pValue(0.0099996));
        assertEquals("0.000999", Fmt.pValue(0.00099996));
        assertEquals("0.00825", Fmt.pValue(0.008249));
        assertEquals("0.185", Fmt.pValue(0.18466));
        assertEquals("0.500", Fmt.pValue(0.5));
        assertEquals("1.00", Fmt.pValue(1.0));
        assertEquals("1.54e-08", Fmt.pValue(1.5417257900280013e-08));
        assertEquals("< 1e-16", Fmt.pValue(0.0));
        assertEquals("< 1e-16", Fmt.pValue(3e-300));
        for (double p = 1e-6; p < 1; p *= 1.0007) {
            double shown = Double.parseDouble(Fmt.pValue(p));
            for (double level : new double[]{0.001, 0.01, 0.05, 0.1}) {
                assertEquals(p < level, shown < level, p + " shown as " + shown);
            }
            assertEquals(p, shown, p * 0.01, "three significant digits");
        }
    }

    /** Review r27n LOW-9: a reason read "(95% CI -48.3% to -47.9%, p_adj = < 1e-16)". */
    @Test
    void aReasonSaysPAdjBelowTheFloorWithoutAnEqualsSign() {
        AbResult.Srm even = new AbResult.Srm(0.9, false, java.util.Map.of("control", 1000L, "treatment", 1000L), 0.01);
        AbResult.Comparison cost = new AbResult.Comparison("treatment", "control", "cost_per_user", -0.48, -0.483, -0.479, 0.0, 0.0,
                2.0, 1.04, "welch");
        String reason = Recommendations.decide(even, java.util.List.of(cost), 0.05).reason();
        assertTrue(reason.contains("-47.9%, p_adj < 1e-16)"), reason);
        AbResult.Comparison latency = new AbResult.Comparison("treatment", "control", "latency_ms", 0.3, 0.2, 0.4, 0.0, 0.0,
                100.0, 130.0, "welch");
        String worse = Recommendations.decide(even, java.util.List.of(cost, latency), 0.05).reason();
        assertTrue(worse.contains("(p_adj < 1e-16)"), worse);
        assertTrue(Recommendations.decide(even, java.util.List.of(new AbResult.Comparison("treatment", "control", "cost_per_user", -0.1,
                -0.2, 0.0, 0.0495, 0.0495, 2.0, 1.8, "welch")), 0.05).reason().contains("p_adj = 0.0495)"));
    }

    @Test
    void aSampleRatioMismatchBeyondDoublePrecisionShowsBelow1e16NotZero() throws IOException {
        Path log = tmp.resolve("skewed.jsonl");
        Instant t = Instant.parse("2026-10-01T00:00:00Z");
        try (Writer w = Files.newBufferedWriter(log)) {
            for (int i = 0; i < 3000; i++) {
                String v = i < 2900 ? "control" : "treatment";
                w.write("{\"timestamp\":\"" + t.plusSeconds(i) + "\",\"model\":\"gpt-4o-mini\",\"user\":\"u" + i
                        + "\",\"experiment\":\"x\",\"variant\":\"" + v + "\",\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}\n");
            }
        }
        TestSupport.Run json = TestSupport.cli("ab-report", "-f", "json", "-q", "--experiment", "x", log.toString());
        assertTrue(json.json().at("/srm/p_value").asDouble() < 1e-16, json.out());
        String table = TestSupport.cli("ab-report", "-f", "table", "-q", "--experiment", "x", log.toString()).out();
        assertTrue(table.contains("p < 1e-16"), table);
        assertFalse(table.contains("= <"), "review r27n LOW-9: 'p = < 1e-16' reads as neither: " + table);
        assertFalse(table.matches("(?s).*p = 0\\.0\\b.*"), "a p-value at the floor is never shown as 0: " + table);
        assertFalse(table.matches("(?s).*p = 0[;):].*"), table);
    }
}
