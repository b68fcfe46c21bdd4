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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r21f M6: with --by team, the scopes past --top (default 10) were dropped silently, and the total's forecast,
 * the sum of the scopes listed, moved with --top: 11 teams at $0.50 a day and a team new on the last two days at
 * $0.35 gave $165.70 with the default --top and $171.30 with --top 20 (by hand 171.30). A display option must not
 * move the headline: the total sums every scope, and a note says how many are not listed.
 */
class ScopesBeyondTopStillCountInTheTotalTest {
    @TempDir
    static Path dir;
    static Path log;

    /** 2026-09-01..11-14: teams t00..t10, 4 gpt-4o requests a day ($0.50); zz-new from 11-13, 4 a day ($0.35). */
    @BeforeAll
    static void write() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            for (int t = 0; t <= 11; t++) {
                boolean fresh = t == 11;
                if (fresh && d.isBefore(LocalDate.parse("2026-11-13"))) {
                    continue;
                }
                String team = fresh ? "zz-new" : String.format("t%02d", t);
                for (int k = 0; k < 4; k++) {
                    // $0.125 a request (46k in, 1k out at $2.50/$10 per M); zz-new $0.0875 (31k in)
                    sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:%02d:00Z", 6 * k + 1, t))
                            .append("\",\"model\":\"gpt-4o\",\"team\":\"").append(team).append("\",\"usage\":{\"input_tokens\":")
                            .append(fresh ? 31000 : 46000).append(",\"output_tokens\":1000}}\n");
                }
            }
        }
        log = TestSupport.write(dir, "twelve_teams.jsonl", sb.toString());
    }

    @Test
    void theTotalSumsEveryScopeWhateverTopListsAndSaysHowManyAreNotListed() {
        JsonNode all = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--by", "team", "--top", "20", log.toString()).json();
        JsonNode top = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--by", "team", log.toString()).json();
        JsonNode three = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--by", "team", "--top", "3", log.toString()).json();
        double hand = 14 * (11 * 0.50) + 2 * 0.35 + 16 * (11 * 0.50 + 0.35); // 77.70 + 16 x 5.85 = 171.30
        assertEquals(hand, all.get("forecast_total_usd").asDouble(), 0.05, all.get("warnings").toString());
        // was: 165.70 with the default --top (zz-new and one team not listed, not summed)
        assertEquals(all.get("forecast_total_usd").asDouble(), top.get("forecast_total_usd").asDouble(), 0.005,
                top.get("warnings").toString());
        assertEquals(all.get("forecast_total_usd").asDouble(), three.get("forecast_total_usd").asDouble(), 0.005,
                three.get("warnings").toString());
        assertEquals(all.get("forecast_total_interval").toString(), top.get("forecast_total_interval").toString());
        assertEquals(11, top.get("scopes").size(), "the total and 10 teams");
        assertTrue(top.get("warnings").toString().contains("2 more --by team scopes are not listed (--top 10)"),
                top.get("warnings").toString());
        assertTrue(three.get("warnings").toString().contains("9 more --by team scopes are not listed (--top 3)"),
                three.get("warnings").toString());
        assertFalse(all.get("warnings").toString().contains("not listed"), all.get("warnings").toString());
    }

    @Test
    void aBudgetOnAScopeBeyondTopIsListedAndAlerts() throws IOException {
        Path budget = TestSupport.write(dir, "b.yaml", "budgets:\n  - {scope: \"team:zz-new\", monthly_usd: 5}\n");
        var run = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--by", "team", "--top", "3", "--budget",
                budget.toString(), "--fail-on-alert", log.toString());
        assertEquals(4, run.code(), run.err());
        JsonNode j = run.json();
        assertTrue(j.get("scopes").toString().contains("\"team:zz-new\""), j.get("scopes").toString());
        assertTrue(j.get("alerts").toString().contains("team:zz-new"), j.get("alerts").toString());
        assertTrue(j.get("warnings").toString().contains("more --by team scopes are not listed (--top 3)"),
                j.get("warnings").toString());
    }
}
