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
 * A budget on a scope that --by also forecasts (team:B with --by team) counted the scope's requests twice: the budget's
 * pass and the --by pass both added them to its requests per day, which its own outage rule reads. Team B's 4 requests
 * a day read as 8, so one half-size request after a 20-day silence was "spend may have stopped" ($0.03 for November)
 * with the budget and a logging outage ($2.35) without it: a budget changed the forecast it is checked against.
 */
class ABudgetOnAByScopeLeavesItsForecastAsItIsTest {
    @TempDir
    static Path dir;

    /** 2026-09-01..11-14: team A 20 requests a day; team B 4 a day to 10-20, then one of half the tokens on 11-10. */
    private static Path log() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            for (String team : new String[]{"A", "B"}) {
                int n = team.equals("A") ? 20 : 4, tokens = 10000;
                if (team.equals("B") && d.isAfter(LocalDate.parse("2026-10-20"))) {
                    if (!d.equals(LocalDate.parse("2026-11-10"))) {
                        continue;
                    }
                    n = 1;
                    tokens = 5000;
                }
                for (int k = 0; k < n; k++) {
                    int second = (int) ((k + 0.5) * 86400 / n) + (team.equals("A") ? 0 : 60);
                    sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:%02d:%02dZ", second / 3600,
                                    second / 60 % 60, second % 60)).append("\",\"model\":\"gpt-4o\",\"team\":\"").append(team)
                            .append("\",\"usage\":{\"input_tokens\":").append(tokens).append(",\"output_tokens\":")
                            .append(tokens / 10).append("}}\n");
                }
            }
        }
        return TestSupport.write(dir, "teams.jsonl", sb.toString());
    }

    private static JsonNode scope(JsonNode j, String name) {
        for (JsonNode s : j.get("scopes")) {
            if (s.get("scope").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError(name + " missing: " + j.get("scopes"));
    }

    @Test
    void aBudgetOnTeamBDoesNotChangeTeamBsForecastOrTheTotal() throws IOException {
        Path log = log();
        Path budget = TestSupport.write(dir, "bB.yaml", "budgets:\n  - {scope: \"team:B\", monthly_usd: 10}\n");
        JsonNode plain = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--by", "team", log.toString()).json();
        JsonNode budgeted = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--by", "team", "--budget",
                budget.toString(), log.toString()).json();
        JsonNode b = scope(budgeted, "team:B");
        assertEquals(10.0, b.get("budget_usd").asDouble());
        assertEquals(scope(plain, "team:B").get("forecast_total_usd").asDouble(), b.get("forecast_total_usd").asDouble(),
                1e-9, b.toString());
        assertEquals(plain.get("forecast_total_usd").asDouble(), budgeted.get("forecast_total_usd").asDouble(), 1e-9);
        String w = budgeted.get("warnings").toString();
        // the log's 4 requests a day, not 8: its silence is the outage the run without a budget reads
        assertFalse(w.contains("usual day's 8 requests"), w);
        assertTrue(w.contains("team:B: no requests at all on 20 day(s) inside the series, from 2026-10-21 to 2026-11-09"), w);
    }
}
