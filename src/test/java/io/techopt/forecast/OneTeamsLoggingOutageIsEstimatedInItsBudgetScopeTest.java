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
 * Review r12 #6. Outages were read on the total alone: team B's logs dark from 10-27 to 11-03 while team A kept
 * logging gave the total requests every day, so team B's scope took those 8 days as $0 spend: October $9.10 logged
 * (its 5 dark days ~$1.75 more, $10.85 against a $10 budget) said nothing, and November's forecast was $9.45 for $10.50.
 */
class OneTeamsLoggingOutageIsEstimatedInItsBudgetScopeTest {
    @TempDir
    static Path dir;

    /** 2026-09-01..11-15: team A 20 gpt-4o requests a day ($0.70), team B 10 ($0.35), team B none 10-27..11-03. */
    private static Path log() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(LocalDate.parse("2026-11-15")); d = d.plusDays(1)) {
            boolean dark = !d.isBefore(LocalDate.parse("2026-10-27")) && !d.isAfter(LocalDate.parse("2026-11-03"));
            for (String team : dark ? new String[]{"A"} : new String[]{"A", "B"}) {
                int n = team.equals("A") ? 20 : 10;
                for (int k = 0; k < n; k++) {
                    int second = (int) ((k + 0.5) * 86400 / n) + (team.equals("A") ? 0 : 60);
                    sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:%02d:%02dZ", second / 3600,
                                    second / 60 % 60, second % 60)).append("\",\"model\":\"gpt-4o\",\"team\":\"").append(team)
                            .append("\",\"usage\":{\"input_tokens\":10000,\"output_tokens\":1000}}\n");
                }
            }
        }
        return TestSupport.write(dir, "b7_team_outage.jsonl", sb.toString());
    }

    @Test
    void aTeamsDarkDaysAreEstimatedInItsScopeAndItsEarlierMonthAlerts() throws IOException {
        Path budget = TestSupport.write(dir, "b.yaml", "budgets:\n  - {scope: \"team:B\", monthly_usd: 10}\n");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", budget.toString(),
                "--fail-on-alert", log().toString());
        JsonNode j = run.json();
        JsonNode b = null;
        for (JsonNode s : j.get("scopes")) {
            b = s.get("scope").asText().equals("team:B") ? s : b;
        }
        assertTrue(b != null, j.get("scopes").toString());
        // 30 x 0.35: November's three dark days are spend the provider bills
        assertEquals(10.50, b.get("forecast_total_usd").asDouble(), 0.15, b.toString());
        assertEquals(4.20, b.get("month_to_date_usd").asDouble(), 1e-9, "month to date keeps the spend logged");
        // the total saw no outage and keeps its own figures: 30 x (0.70 + 0.35) less B's 3 dark November days
        assertEquals(30 * 1.05 - 3 * 0.35, j.get("forecast_total_usd").asDouble(), 0.2);
        JsonNode october = null;
        for (JsonNode a : j.get("alerts")) {
            october = a.get("message").asText().contains("in 2026-10") ? a : october;
        }
        assertTrue(october != null && october.get("scope").asText().equals("team:B")
                && october.get("message").asText().contains("logged $9.10 in 2026-10")
                && october.get("message").asText().contains("5 of its days are a logging outage"), j.get("alerts").toString());
        assertEquals(31 * 0.35, october.get("value_usd").asDouble(), 0.15);
        String w = j.get("warnings").toString();
        assertTrue(w.contains("team:B: no requests at all on 8 day(s) inside the series, from 2026-10-27 to 2026-11-03"), w);
        assertTrue(w.contains("team:B: 2026-10 logged $9.10 but 5 of its days (2026-10-27 to 2026-10-31)"), w);
        assertEquals(4, run.code(), "--fail-on-alert: October's overrun and November's forecast");
        // the total logged other requests on those days: its figures count team B's at $0, and a note says so
        assertTrue(w.contains("team:B's own logging outage (see its note) falls on 3 day(s) of the period on which other "
                + "requests were logged: team:B's figures estimate them at $1.05, while forecast_total_usd and the total's "
                + "interval count them at the spend logged"), w);
    }
}
