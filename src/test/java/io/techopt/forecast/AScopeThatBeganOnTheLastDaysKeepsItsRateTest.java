package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.BiPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r15 #3: a team new on the log's last day ($0.35 a day) was forecast at $20.86 for November with a zero-width
 * band and fired a forecast alert on its $10 budget (exit 4); the fit read its start after weeks of zeros as a steep
 * trend. A scope that began under a week before the end keeps its rate: hand $0.35 + 16 x $0.35 = $5.95.
 */
class AScopeThatBeganOnTheLastDaysKeepsItsRateTest {
    @TempDir
    static Path dir;

    /** 2026-09-01..11-14: team A 20 gpt-4o requests a day ($0.70), team B 10 ($0.35) on the days {@code b} takes. */
    private static Path log(String name, BiPredicate<LocalDate, String> logs) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            for (String team : new String[]{"A", "B"}) {
                if (!logs.test(d, team)) {
                    continue;
                }
                int n = team.equals("A") ? 20 : 10;
                for (int k = 0; k < n; k++) {
                    int second = (int) ((k + 0.5) * 86400 / n) + (team.equals("A") ? 0 : 60);
                    sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:%02d:%02dZ", second / 3600,
                                    second / 60 % 60, second % 60)).append("\",\"model\":\"gpt-4o\",\"team\":\"").append(team)
                            .append("\",\"usage\":{\"input_tokens\":10000,\"output_tokens\":1000}}\n");
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

    @Test
    void aTeamNewOnTheLastDayIsForecastAtItsRateWithAWideBandAndNoAlert() throws IOException {
        Path log = log("b_new_last_day.jsonl", (d, team) -> team.equals("A") || d.equals(LocalDate.parse("2026-11-14")));
        Path budget = TestSupport.write(dir, "bB.yaml", "budgets:\n  - {scope: \"team:B\", monthly_usd: 10}\n");
        TestSupport.Run r = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--by", "team", "--budget", budget.toString(),
                "--fail-on-alert", log.toString());
        assertEquals(0, r.code(), r.out()); // was 4: "team:B may spend up to $20.86"
        JsonNode b = scope(r.json(), "team:B");
        double point = b.get("forecast_total_usd").asDouble();
        assertEquals(17 * 0.35, point, 0.01, b.toString()); // was $20.86
        JsonNode in = b.get("forecast_total_interval");
        // one day measures no spread: the rate may be off by half either way
        assertTrue(in.get("lo80").asDouble() < point - 16 * 0.35 / 2 && in.get("hi80").asDouble() > point + 16 * 0.35 / 2
                && in.get("lo95").asDouble() >= 0.35 - 1e-9 && in.get("hi95").asDouble() > in.get("hi80").asDouble(), in.toString());
        assertTrue(r.json().get("warnings").toString().contains("team:B began on 2026-11-14, 1 day(s) before the end of the log"),
                r.json().get("warnings").toString());
    }

    @Test
    void aTeamNewOnTheLastTwoDaysKeepsTheMeanOfThem() throws IOException {
        Path log = log("b_new_last2.jsonl", (d, team) -> team.equals("A") || d.isAfter(LocalDate.parse("2026-11-12")));
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--by", "team", log.toString()).json();
        assertEquals(18 * 0.35, scope(j, "team:B").get("forecast_total_usd").asDouble(), 0.01, j.toString()); // was $23.88
        assertEquals(30 * 0.70, scope(j, "team:A").get("forecast_total_usd").asDouble(), 0.01, j.toString());
    }
}
