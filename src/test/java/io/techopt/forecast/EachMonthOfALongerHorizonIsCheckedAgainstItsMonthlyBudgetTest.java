package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r21f M3: with --horizon quarter and a monthly budget, only the month of the first forecast day was checked:
 * the sample's November ($7.49) and December ($8.33) both over a $7 budget gave no alert of kind forecast. Each month
 * of the period is now evaluated against the monthly budget, an alert naming the month, and the note beside the
 * scopes table gives each month's figures (the budget is monthly, forecast_total_usd the period's).
 */
class EachMonthOfALongerHorizonIsCheckedAgainstItsMonthlyBudgetTest {
    @TempDir
    static Path dir;
    static Path log, budget;

    /** $0.70 a day (24 gpt-4o requests) from 2026-10-10 (October $15.40) to 11-14: November $21.00, December $21.70; budget $21.35. */
    @BeforeAll
    static void write() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-10-10"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            for (int h = 0; h < 24; h++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:30:00Z", h))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":9000,\"output_tokens\":667}}\n");
            }
        }
        log = TestSupport.write(dir, "flat.jsonl", sb.toString());
        budget = TestSupport.write(dir, "b.yaml", "budgets:\n  - {scope: total, monthly_usd: 21.35}\n");
    }

    @Test
    void aQuarterAlertsOnALaterMonthOverItsMonthlyBudgetNamingIt() {
        var run = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--horizon", "quarter", "--budget", budget.toString(),
                "--fail-on-alert", log.toString());
        JsonNode j = run.json();
        // November ($21.00) is under $21.35, December ($21.70) over it: was no alert and exit 0
        assertEquals(4, run.code(), j.get("alerts").toString());
        JsonNode alerts = j.get("alerts");
        assertEquals(1, alerts.size(), alerts.toString());
        JsonNode a = alerts.get(0);
        assertEquals("forecast", a.get("kind").asText());
        assertTrue(a.get("expected_date").asText().startsWith("2026-12-"), a.toString());
        assertEquals(21.70, a.get("value_usd").asDouble(), 0.5, a.toString());
        assertTrue(a.get("message").asText().contains("in 2026-12"), a.toString());
        String w = j.get("warnings").toString();
        assertTrue(w.contains("budget_usd in scopes is the monthly budget, not one for the period")
                && w.contains("2026-11 $21.00") && w.contains("2026-12 $21.70"), w);
    }

    @Test
    void aThirtyDayHorizonChecksTheDaysOfTheLastMonthItHolds() {
        var run = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--horizon", "30d", "--budget", budget.toString(),
                "--fail-on-alert", log.toString());
        JsonNode j = run.json();
        // 30 days from 11-15: November $21.00 and December's first 14 days $9.80, both under $21.35
        assertEquals(0, run.code(), j.get("alerts").toString());
        assertTrue(j.get("warnings").toString().contains("2026-12 $9.80") && j.get("warnings").toString().contains("to 2026-12-14 only"),
                j.get("warnings").toString());
    }
}
