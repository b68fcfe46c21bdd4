package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r25f L2: --horizon quarter forecast the quarter's total beside month_to_date_usd only, so what the quarter had
 * spent so far was nowhere. quarter_to_date_usd is the spend logged from the quarter's first day to as_of, the total's
 * and each scope's, and the table's summary shows it under a quarter's horizon.
 */
class QuarterToDateIsReportedTest {
    @TempDir
    static Path dir;

    @Test
    void quarterToDateIsTheSpendLoggedSinceTheQuartersFirstDay() throws IOException {
        Path log = ForecastRowsAddUpToTheTotalTest.log(dir, "quarter.jsonl", 23, null, null);
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--horizon", "quarter", "--by", "team", log.toString()).json();
        assertEquals("2026-10-01", j.get("period_start").asText());
        double byHand = 0;
        for (JsonNode d : j.get("daily")) {
            byHand += d.get("date").asText().compareTo("2026-10-01") >= 0 ? d.get("cost_usd").asDouble() : 0;
        }
        assertEquals(byHand, j.get("quarter_to_date_usd").asDouble(), 1e-6);
        assertTrue(j.get("quarter_to_date_usd").asDouble() > j.get("month_to_date_usd").asDouble() + 10, j.toString());
        double scopes = 0;
        for (JsonNode s : j.get("scopes")) {
            scopes += s.get("scope").asText().startsWith("team:") ? s.get("quarter_to_date_usd").asDouble() : 0;
        }
        assertEquals(byHand, scopes, 1e-6, "the teams' quarter to date adds up to the total's");
        // a month's horizon keeps the key: the same figure, measured the same way
        JsonNode month = TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString()).json();
        assertEquals(byHand, month.get("quarter_to_date_usd").asDouble(), 1e-6);
        String table = TestSupport.cli("cost-forecast", "-f", "table", "-q", "--horizon", "quarter", log.toString()).out();
        assertTrue(table.contains("Quarter to date"), table);
    }
}
