package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12, review r25f L3 (the lead's decision, session 20): `--fail-on-alert` exited 4 for last month's overrun alone
 * (fe19b: October $43.40 over a $30 budget, November forecast $21.03), so a CI gate stayed red all month for an overrun
 * nobody can fix any more. A completed month's overrun stays in the report's alerts, marked {@code past}, and exits 0;
 * an alert about the month evaluated (or a later month of the period) still exits 4.
 * Log: gpt-4o requests of 10k in, 1k out ($0.035 each), 2026-10-01..11-14; October 40 a day ($1.40, $43.40 in all),
 * November 20 a day ($0.70: $21.00 for the month by hand).
 */
class APastMonthsOverrunIsReportedButFailsNoGateTest {
    @TempDir
    static Path dir;

    private static Path log() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-10-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            int n = d.getMonthValue() == 10 ? 40 : 20;
            for (int k = 0; k < n; k++) {
                int minute = (int) ((k + 0.5) * 24 * 60 / n);
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:%02d:00Z", minute / 60, minute % 60))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":10000,\"output_tokens\":1000}}\n");
            }
        }
        return TestSupport.write(dir, "october-over.jsonl", sb.toString());
    }

    private static TestSupport.Run gate(double monthlyUsd) throws IOException {
        Path budget = TestSupport.write(dir, "b" + monthlyUsd + ".yaml", "budgets:\n  - {scope: total, monthly_usd: " + monthlyUsd + "}\n");
        return TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", budget.toString(), "--fail-on-alert",
                log().toString());
    }

    @Test
    void lastMonthsOverrunAloneIsReportedAsPastAndExitsZero() throws IOException {
        TestSupport.Run run = gate(30);
        JsonNode j = run.json();
        assertEquals(21.00, j.get("forecast_total_usd").asDouble(), 0.05, j.get("forecast_total_interval").toString());
        JsonNode alerts = j.get("alerts");
        assertEquals(1, alerts.size(), alerts.toString());
        JsonNode october = alerts.get(0);
        assertEquals("actual", october.get("kind").asText());
        assertEquals("2026-10-22", october.get("expected_date").asText(), "22 x $1.40 = $30.80 crosses $30");
        assertEquals(43.40, october.get("value_usd").asDouble(), 1e-6);
        assertTrue(october.get("past").asBoolean(), october.toString());
        assertTrue(october.get("message").asText().contains("already happened"), october.toString());
        assertEquals(0, run.code(), "a completed month's overrun fails no gate: " + run.err());
        assertTrue(run.err().contains("1 budget alert about a completed month (2026-10)"), run.err());
    }

    @Test
    void anAlertAboutTheMonthEvaluatedStillExitsFourBesideAPastOne() throws IOException {
        // $20: November's forecast ($21.00) crosses the budget; October ($43.40) is over it too
        TestSupport.Run run = gate(20);
        JsonNode alerts = run.json().get("alerts");
        int past = 0, current = 0;
        for (JsonNode a : alerts) {
            boolean isPast = a.get("past").asBoolean();
            assertEquals(a.get("expected_date").asText().startsWith("2026-10"), isPast, a.toString());
            if (isPast) {
                past++;
            } else {
                current++;
                assertFalse(a.get("message").asText().contains("already happened"), a.toString());
            }
        }
        assertEquals(1, past, alerts.toString());
        assertTrue(current >= 1, alerts.toString());
        assertEquals(4, run.code(), run.err());
    }
}
