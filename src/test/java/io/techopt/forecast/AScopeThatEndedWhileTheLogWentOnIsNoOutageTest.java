package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r14 #4. A scope silent from some day up to "as of" while the log kept logging every day (every request moved
 * from gpt-4o to gpt-4o-mini, a team's traffic stopped) was read as that scope's logging outage: model:gpt-4o forecast
 * at its old $31.50 for November with a forecast alert, while the log logged every day. Such a scope has ended.
 */
class AScopeThatEndedWhileTheLogWentOnIsNoOutageTest {
    @TempDir
    static Path dir;

    /** 2026-09-01..11-14: team A 20 requests a day, team B 10, 10k in / 1k out each; rule gives a request's model or null. */
    private static Path log(String name, BiFunction<LocalDate, String, String> rule) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            for (String team : new String[]{"A", "B"}) {
                String model = rule.apply(d, team);
                if (model == null) {
                    continue;
                }
                int n = team.equals("A") ? 20 : 10;
                for (int k = 0; k < n; k++) {
                    int second = (int) ((k + 0.5) * 86400 / n) + (team.equals("A") ? 0 : 60);
                    sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:%02d:%02dZ", second / 3600,
                                    second / 60 % 60, second % 60)).append("\",\"model\":\"").append(model)
                            .append("\",\"team\":\"").append(team).append("\",\"usage\":{\"input_tokens\":10000,\"output_tokens\":1000}}\n");
                }
            }
        }
        return TestSupport.write(dir, name, sb.toString());
    }

    private static JsonNode scope(JsonNode j, String name) {
        for (JsonNode s : j.get("scopes")) {
            if (s.get("scope").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError(name + " missing: " + j.get("scopes"));
    }

    private static void assertNoForecastAlertFor(JsonNode j, String scope) {
        for (JsonNode a : j.get("alerts")) {
            assertFalse(a.get("scope").asText().equals(scope) && a.get("kind").asText().equals("forecast"), a.toString());
        }
    }

    @Test
    void aModelEveryRequestMigratedAwayFromIsForecastAtZeroNotAtItsOldSpend() throws IOException {
        LocalDate migration = LocalDate.parse("2026-10-16");
        Path budget = TestSupport.write(dir, "bM.yaml", "budgets:\n  - {scope: \"model:gpt-4o\", monthly_usd: 5}\n");
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--by", "model", "--budget", budget.toString(),
                log("migration.jsonl", (d, t) -> d.isBefore(migration) ? "gpt-4o" : "gpt-4o-mini").toString()).json();
        JsonNode old = scope(j, "model:gpt-4o");
        assertEquals(0, old.get("forecast_total_usd").asDouble(), 0.01, old.toString());
        assertNoForecastAlertFor(j, "model:gpt-4o");
        String w = j.get("warnings").toString();
        assertFalse(w.contains("model:gpt-4o: no requests at all on"), w);
        assertTrue(w.contains("model:gpt-4o: no requests since 2026-10-15"), w);
        // the new model's scope is the whole month's traffic: 30 x 30 x $0.0021
        assertEquals(30 * 30 * 0.0021, scope(j, "model:gpt-4o-mini").get("forecast_total_usd").asDouble(), 0.05);
    }

    @Test
    void aTeamThatStoppedWhileTheOthersLoggedIsForecastAtZero() throws IOException {
        Path budget = TestSupport.write(dir, "bB.yaml", "budgets:\n  - {scope: \"team:B\", monthly_usd: 10}\n");
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", budget.toString(),
                log("stopped.jsonl", (d, t) -> t.equals("B") && d.isAfter(LocalDate.parse("2026-10-15")) ? null : "gpt-4o")
                        .toString()).json();
        JsonNode b = scope(j, "team:B");
        assertEquals(0, b.get("forecast_total_usd").asDouble(), 0.01, b.toString());
        assertNoForecastAlertFor(j, "team:B");
        String w = j.get("warnings").toString();
        assertFalse(w.contains("team:B: no requests at all on"), w);
        assertFalse(w.contains("team:B: 2026-10 logged"), "October's last days are no outage either: " + w);
        assertTrue(w.contains("team:B: no requests since 2026-10-15"), w);
        assertEquals(30 * 0.70, j.get("forecast_total_usd").asDouble(), 0.05);
    }
}
