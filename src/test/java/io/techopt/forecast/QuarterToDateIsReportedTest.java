package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r25f L2: --horizon quarter forecast the quarter's total beside month_to_date_usd only, so what the quarter had
 * spent so far was nowhere. quarter_to_date_usd is the spend logged from the quarter's first day to as_of, the total's
 * and each scope's, and the table's summary shows it under a quarter's horizon. Review r26f LOW-5: the table's Scopes
 * section still showed month_to_date_usd only beside the quarter's forecast; under a quarter's horizon it shows both.
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

    @Test
    void theScopesTableShowsEachScopesQuarterToDateUnderAQuartersHorizon() throws IOException {
        Path log = ForecastRowsAddUpToTheTotalTest.log(dir, "quarter-scopes.jsonl", 23, null, null);
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--horizon", "quarter", "--by", "team", log.toString()).json();
        List<String> rows = TestSupport.cli("cost-forecast", "-f", "csv", "--table", "scopes", "-q", "--horizon", "quarter",
                "--by", "team", log.toString()).out().lines().toList();
        List<String> header = List.of(rows.get(0).split(","));
        int mtd = header.indexOf("month_to_date_usd"), qtd = header.indexOf("quarter_to_date_usd");
        assertTrue(mtd >= 0 && qtd == mtd + 1, "quarter_to_date_usd beside month_to_date_usd: " + header);
        for (int i = 0; i < j.get("scopes").size(); i++) {
            JsonNode s = j.get("scopes").get(i);
            String[] cells = rows.get(i + 1).split(",");
            assertEquals(s.get("scope").asText(), cells[0]);
            assertEquals(s.get("quarter_to_date_usd").asDouble(), Double.parseDouble(cells[qtd]), 1e-6, rows.get(i + 1));
        }
        String table = TestSupport.cli("cost-forecast", "-f", "table", "-q", "--horizon", "quarter", log.toString()).out();
        String scopes = table.substring(table.indexOf("Scopes"));
        assertTrue(scopes.lines().skip(1).findFirst().orElseThrow().contains("quarter_to_date_usd"), scopes);
        // a month's horizon keeps its Scopes columns as they were
        String month = TestSupport.cli("cost-forecast", "-f", "csv", "--table", "scopes", "-q", log.toString()).out();
        assertTrue(!month.lines().findFirst().orElseThrow().contains("quarter_to_date_usd"), month);
    }
}
