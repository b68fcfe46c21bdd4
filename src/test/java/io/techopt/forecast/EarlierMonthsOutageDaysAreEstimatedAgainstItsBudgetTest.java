package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r10 #2. A complete month whose last days are a logging outage: October logged 26 x $0.70 = $18.20, and its
 * 5 outage days (10-27..10-31, which the tool itself calls spend a provider bills) take it to ~$21.70, over a $20
 * budget. Nothing said so: monthly kept $18.20 and no alert named October.
 * Constructed log: 20 gpt-4o requests of 10k in, 1k out ($0.035 each) a day, 2026-08-01..11-14, none 10-27..11-03.
 */
class EarlierMonthsOutageDaysAreEstimatedAgainstItsBudgetTest {
    @TempDir
    static Path dir;

    @Test
    void aCompletedMonthEndingInAnOutageGetsANoteAndAForecastAlertWhenItsEstimateCrossesTheBudget() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-08-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            if (!d.isBefore(LocalDate.parse("2026-10-27")) && !d.isAfter(LocalDate.parse("2026-11-03"))) {
                continue;
            }
            for (int k = 0; k < 20; k++) {
                int minute = (int) ((k + 0.5) * 24 * 60 / 20);
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:%02d:00Z", minute / 60, minute % 60))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":10000,\"output_tokens\":1000}}\n");
            }
        }
        Path log = TestSupport.write(dir, "outage-across.jsonl", sb.toString());
        Path budget = TestSupport.write(dir, "b20.yaml", "total: 20\n");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", budget.toString(),
                "--fail-on-alert", log.toString());
        JsonNode j = run.json();
        JsonNode october = null;
        for (JsonNode a : j.get("alerts")) {
            if (a.get("expected_date").asText().startsWith("2026-10")) {
                october = a;
            }
        }
        assertTrue(october != null, "no alert for October: " + j.get("alerts"));
        assertEquals("forecast", october.get("kind").asText(), october.toString());
        assertEquals(21.70, october.get("value_usd").asDouble(), 0.35, october.toString());
        assertTrue(october.get("message").asText().contains("2026-10"), october.toString());
        String notes = j.get("warnings").toString();
        assertTrue(notes.contains("2026-10 logged $18.20") && notes.contains("2026-10-27 to 2026-10-31"), notes);
        assertEquals(4, run.code());
    }
}
