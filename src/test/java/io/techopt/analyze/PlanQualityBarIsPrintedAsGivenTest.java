package io.techopt.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review h19b #14: the routing lever printed --plan-quality-bar to three decimals, so 0.99999 read "at least 1.000"
 * (untrue: no strategy is asked for 1) and 1e-300 "at least 0.000". The bar is printed with the digits it needs.
 */
class PlanQualityBarIsPrintedAsGivenTest {
    private static final String SAMPLE = "samples/requests.jsonl.gz";

    static String routingNotes(String bar) {
        TestSupport.Run r = TestSupport.cli("analyze", SAMPLE, "--since", "2026-10-05", "--until", "2026-10-06", "--plan",
                "--plan-quality-bar", bar, "-f", "json", "-q");
        assertEquals(0, r.code(), r.err());
        for (JsonNode l : r.json().at("/plan/levers")) {
            if (l.get("lever").asText().equals("routing")) {
                return l.get("notes").toString();
            }
        }
        throw new AssertionError("no routing lever");
    }

    @Test
    void aBarJustBelowOneIsNotPrintedAsOne() {
        String notes = routingNotes("0.99999");
        assertTrue(notes.contains("at least 0.99999 (--plan-quality-bar)"), notes);
        assertFalse(notes.contains("1.000"), notes);
    }

    @Test
    void aTinyBarIsNotPrintedAsZero() {
        String notes = routingNotes("1e-300");
        assertTrue(notes.contains("at least 1E-300 (--plan-quality-bar)"), notes);
        assertFalse(notes.contains("0.000 (--plan-quality-bar)"), notes);
    }

    @Test
    void aBarOfThreeDecimalsIsPrintedAsBefore() {
        String notes = routingNotes("0.7");
        assertTrue(notes.contains("at least 0.700 (--plan-quality-bar)"), notes);
    }
}
