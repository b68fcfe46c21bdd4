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
 * Review r16b #1: the end rule widened forecast_total_interval's hi80 to the new level's reading ($33.60 for a log
 * doubling on its last 2 days), but the forecast alert, its message, cumulative and the daily bands kept the bound
 * before widening: a $30 budget with --fail-on-alert exited 0 and cumulative ended at a certain $22.40.
 */
class AlertsAndBandsReadTheWidenedUpperBoundTest {
    @TempDir
    static Path dir;

    /** $0.70 a day of gpt-4o (24 requests, input only) from 09-01 to 11-14, doubled on 11-13 and 11-14. */
    private static Path doubledOnTheLastTwoDays() throws IOException {
        return log("U1", 1.40, "2026-11-12");
    }

    /** $0.70 a day from 09-01 to 11-14, {@code last} a day after {@code after}. */
    private static Path log(String name, double last, String after) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            double day = d.isAfter(LocalDate.parse(after)) ? last : 0.70;
            long in = Math.round(day / 24 / 2.5e-6);
            for (int h = 0; h < 24; h++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:30:00Z", h))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":").append(in).append(",\"output_tokens\":0}}\n");
            }
        }
        return TestSupport.write(dir, name + ".jsonl", sb.toString());
    }

    @Test
    void aTotalOverTheBudgetOnlyAtTheNewLevelsUpperBoundFiresTheForecastAlertAndFailsTheRun() throws IOException {
        Path budget = TestSupport.write(dir, "b30.yaml", "budgets:\n  - {scope: total, monthly_usd: 30}\n");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", budget.toString(),
                "--fail-on-alert", doubledOnTheLastTwoDays().toString());
        JsonNode j = run.json();
        assertEquals(33.60, j.get("forecast_total_interval").get("hi80").asDouble(), 0.05, j.toString());
        JsonNode alert = null;
        for (JsonNode a : j.get("alerts")) {
            if ("forecast".equals(a.get("kind").asText())) {
                alert = a;
            }
        }
        assertTrue(alert != null, j.get("alerts").toString());
        assertEquals(4, run.code(), run.err());
        assertEquals(33.60, alert.get("value_usd").asDouble(), 0.05, alert.toString());
        assertTrue(alert.get("message").asText().contains("up to $33.60"), alert.toString());
        // $11.20 to date and the upper bound's $1.40 a day: $29.40 by 11-27, $30.80 by 11-28
        assertEquals("2026-11-28", alert.get("expected_date").asText(), alert.toString());
    }

    @Test
    void cumulativeAndTheDailyBandsEndAtTheWidenedUpperBound() throws IOException {
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", doubledOnTheLastTwoDays().toString()).json();
        JsonNode cum = j.get("cumulative");
        double hi80 = j.get("forecast_total_interval").get("hi80").asDouble();
        assertEquals(hi80, cum.get(cum.size() - 1).get("hi80").asDouble(), 0.005, cum.toString());
        double bands = j.get("month_to_date_usd").asDouble();
        for (JsonNode p : j.get("forecast")) {
            assertEquals(1.40, p.get("hi80").asDouble(), 0.01, p.toString());
            bands += p.get("hi80").asDouble();
        }
        assertEquals(hi80, bands, 0.05, j.get("forecast").toString());
    }

    @Test
    void aFallOnTheLastDaysLowersCumulativeAndTheDailyBandsToTheIntervalsLowerBound() throws IOException {
        // a third on the last 3 days: the interval's lo80 is the new level's reading, under the fit's own
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", log("drop3x_last3", 0.70 / 3, "2026-11-11").toString()).json();
        JsonNode cum = j.get("cumulative"), in = j.get("forecast_total_interval");
        assertTrue(in.get("lo80").asDouble() < j.get("forecast_total_usd").asDouble() - 1, in.toString());
        assertEquals(in.get("lo80").asDouble(), cum.get(cum.size() - 1).get("lo80").asDouble(), 0.005, cum.toString());
        for (JsonNode p : j.get("forecast")) {
            assertTrue(p.get("lo95").asDouble() <= p.get("lo80").asDouble() && p.get("lo80").asDouble() < p.get("cost_usd").asDouble(), p.toString());
        }
    }
}
