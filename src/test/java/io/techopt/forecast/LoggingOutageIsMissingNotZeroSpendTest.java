package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review h12c #1: after a logging outage of a few days (no request at all, not requests that cost nothing),
 * cost-forecast counted the silent days as zero spend, found a "level shift" at the outage, moved the whole history
 * down to zero and forecast November at a fifth of its run rate, silent on a crossed budget. Days without any request
 * on weekdays that have requests in the log's other weeks are an outage: missing values in the model, with a
 * warning; a weekday the log never has requests on (a weekend of a working-days log) is real zero spend. And a light
 * record early in a new month must not hide the completed month's overrun.
 */
class LoggingOutageIsMissingNotZeroSpendTest {
    @TempDir
    static Path dir;

    /** gpt-4o, 100k in / 20k out: $0.45 a request. */
    private static final double USD = 0.45;

    private static void day(StringBuilder sb, LocalDate d, int n, int fromHour, int toHour) {
        for (int k = 0; k < n; k++) {
            int minutes = fromHour * 60 + k * (toHour - fromHour) * 60 / n;
            sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:%02d:00Z", minutes / 60, minutes % 60))
                    .append("\",\"model\":\"gpt-4o\",\"team\":\"t\",\"usage\":{\"input_tokens\":100000,\"output_tokens\":20000}}\n");
        }
    }

    /** Requests on day index i: 20 to 28, a fixed irregular pattern. */
    private static int n(int i) {
        return 20 + (i * 7 + i / 3) % 9;
    }

    /** Daily from 2026-10-01 to 2026-10-27 (full days), nothing 10-28 to 10-31, then 11-01 and 11-02 full days. */
    private static Path outageLog(String name) throws IOException {
        StringBuilder sb = new StringBuilder();
        LocalDate start = LocalDate.parse("2026-10-01");
        for (int i = 0; i < 27; i++) {
            day(sb, start.plusDays(i), n(i), 0, 24);
        }
        day(sb, LocalDate.parse("2026-11-01"), n(31), 0, 24);
        day(sb, LocalDate.parse("2026-11-02"), n(32), 0, 24);
        return TestSupport.write(dir, name, sb.toString());
    }

    @Test
    void aFourDayLoggingOutageIsMissingDataNotALevelShiftToZero() throws IOException {
        Path log = outageLog("outage.jsonl");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-q", "-f", "json", log.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals("2026-11-02", j.get("as_of").asText());
        double mean = 0;
        for (int i = 0; i < 27; i++) {
            mean += n(i) * USD / 27;
        }
        // November at the run rate: about 30 days of the history's mean day ($10.8); the old fit gave a fifth of it
        double total = j.get("forecast_total_usd").asDouble();
        assertTrue(total > 0.8 * 30 * mean && total < 1.2 * 30 * mean, total + " against a run rate of " + 30 * mean);
        assertTrue(j.get("burn_rate_usd_per_day").asDouble() > 0.8 * mean, j.get("burn_rate_usd_per_day").toString());
        String w = j.get("warnings").toString();
        assertFalse(w.contains("shifted level"), w);
        assertTrue(w.contains("2026-10-28 to 2026-10-31") && w.contains("missing"), w);
        // the actuals keep what was logged: the outage days are $0 in daily, and daily still reconciles with analyze
        double daily = 0;
        for (JsonNode d : j.get("daily")) {
            daily += d.get("cost_usd").asDouble();
            if (d.get("date").asText().equals("2026-10-29")) {
                assertEquals(0.0, d.get("cost_usd").asDouble(), 0.0);
            }
        }
        double analyzed = TestSupport.cli("analyze", "-q", "-f", "json", log.toString()).json().get("cost_usd").asDouble();
        assertEquals(analyzed, daily, 1e-6);
    }

    @Test
    void aBudgetTheRunRateCrossesAlertsAfterTheOutage() throws IOException {
        Path log = outageLog("outage-budget.jsonl");
        Path budget = TestSupport.write(dir, "b250.yaml", "budgets:\n  - {scope: total, monthly_usd: 250}\n"); // the old fit: $138, 80% up to $207
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-q", "-f", "json", "--budget", budget.toString(),
                "--fail-on-alert", log.toString());
        assertEquals(4, run.code(), run.err() + run.out());
        JsonNode j = run.json();
        assertTrue(j.get("alerts").toString().contains("\"kind\":\"forecast\""), j.get("alerts").toString());
    }

    @Test
    void weekendsAWorkingDaysLogNeverHasRequestsOnStayZeroSpend() throws IOException {
        StringBuilder sb = new StringBuilder();
        LocalDate start = LocalDate.parse("2026-09-28"); // a Monday
        for (int i = 0; i < 33; i++) {
            LocalDate d = start.plusDays(i);
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                day(sb, d, n(i), 0, 24);
            }
        }
        JsonNode j = TestSupport.cli("cost-forecast", "-q", "-f", "json",
                TestSupport.write(dir, "workdays.jsonl", sb.toString()).toString()).json();
        assertFalse(j.get("warnings").toString().contains("missing"), j.get("warnings").toString());
        for (JsonNode p : j.get("forecast")) {
            DayOfWeek dow = LocalDate.parse(p.get("date").asText()).getDayOfWeek();
            if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) {
                assertTrue(p.get("cost_usd").asDouble() < 2.0, "a weekend day is forecast near $0: " + p);
            }
        }
    }

    @Test
    void aLightRecordEarlyInANewMonthDoesNotHideTheCompletedMonthsOverrun() throws IOException {
        StringBuilder sb = new StringBuilder();
        LocalDate start = LocalDate.parse("2026-10-01");
        for (int i = 0; i < 27; i++) {
            day(sb, start.plusDays(i), n(i), 0, 24);
        }
        // one retried copy dated 2026-11-02T01:00+09:00 (2026-11-01T16:00Z): as of moves to November
        sb.append("{\"timestamp\":\"2026-11-02T01:00:00+09:00\",\"model\":\"gpt-4o\",\"team\":\"t\",")
                .append("\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}\n");
        Path log = TestSupport.write(dir, "stray-november.jsonl", sb.toString());
        Path budget = TestSupport.write(dir, "b200b.yaml", "budgets:\n  - {scope: total, monthly_usd: 200}\n");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-q", "-f", "json", "--budget", budget.toString(),
                "--fail-on-alert", log.toString());
        JsonNode j = run.json();
        assertEquals("2026-11-01", j.get("as_of").asText());
        // October spent about $290 of a $200 budget: its crossing is reported, dated in October
        boolean october = false;
        for (JsonNode a : j.get("alerts")) {
            october |= a.get("kind").asText().equals("actual") && a.get("threshold").asDouble() == 1.0
                    && a.get("expected_date").asText().startsWith("2026-10");
        }
        assertTrue(october, j.get("alerts").toString());
        assertEquals(4, run.code(), run.err());
    }
}
