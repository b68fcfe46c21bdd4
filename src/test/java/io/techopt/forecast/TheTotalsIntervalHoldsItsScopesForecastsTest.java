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
 * Review r15 #1 (T6), #2 (X2): with --by, the total and its scopes are fitted alone and a change in one scope reads
 * differently in the total: the total's interval must still hold the sum of its scopes' forecasts. Team B's cost
 * falls to about half on the last 3 days (input tokens a third): a 16% dip of the total, which its fit reads as a
 * trend ($22.16 [22.00, 22.33]), while A ($21.00) and B (the level before the drop, $10.00) add up to $31.00.
 */
class TheTotalsIntervalHoldsItsScopesForecastsTest {
    @TempDir
    static Path dir;

    @Test
    void aDropInOneTeamLeavesTheTotalsIntervalHoldingTheSumOfTheTeams() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            for (String team : new String[]{"A", "B"}) {
                int n = team.equals("A") ? 20 : 10;
                int in = team.equals("B") && d.isAfter(LocalDate.parse("2026-11-11")) ? 3333 : 10000;
                for (int k = 0; k < n; k++) {
                    int second = (int) ((k + 0.5) * 86400 / n) + (team.equals("A") ? 0 : 60);
                    sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:%02d:%02dZ", second / 3600,
                                    second / 60 % 60, second % 60)).append("\",\"model\":\"gpt-4o\",\"team\":\"").append(team)
                            .append("\",\"usage\":{\"input_tokens\":").append(in).append(",\"output_tokens\":1000}}\n");
                }
            }
        }
        Path log = TestSupport.write(dir, "b_drop_last3.jsonl", sb.toString());
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--by", "team", log.toString()).json();
        double sum = 0;
        for (JsonNode s : j.get("scopes")) {
            sum += s.get("scope").asText().startsWith("team:") ? s.get("forecast_total_usd").asDouble() : 0;
        }
        for (JsonNode in : new JsonNode[]{j.get("forecast_total_interval"), j.get("scopes").get(0).get("forecast_total_interval")}) {
            assertTrue(in.get("lo80").asDouble() <= sum + 0.005 && sum <= in.get("hi80").asDouble() + 0.005
                    && in.get("lo95").asDouble() <= sum + 0.005 && sum <= in.get("hi95").asDouble() + 0.005, sum + " " + in);
        }
        assertEquals("total", j.get("scopes").get(0).get("scope").asText());
        assertTrue(j.get("warnings").toString().contains("the --by team scopes' forecasts add up to $"), j.get("warnings").toString());
    }
}
