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
 * A log whose requests are 99.7% of a model without a price forecast the priced 0.3% as "the" spend with only a
 * warning: finance would read a forecast of a sliver of the traffic as the month's spend. Above
 * {@link CostForecaster#MAX_UNPRICED_SHARE} of unpriced requests the forecast figures are null with a note naming
 * the models and --prices; at or below it the forecast is a number with the note.
 */
class MostlyUnpricedLogForecastsNothingTest {
    @TempDir
    static Path dir;

    /** 28 days from 2026-10-01 of `priced` gpt-4o and `unpriced` acme-llm-x requests a day. */
    private static Path log(String name, int priced, int unpriced) throws IOException {
        StringBuilder sb = new StringBuilder();
        LocalDate start = LocalDate.parse("2026-10-01");
        for (int d = 0; d < 28; d++) {
            for (int k = 0; k < priced + unpriced; k++) {
                sb.append("{\"timestamp\":\"").append(start.plusDays(d)).append(String.format("T%02d:%02d:%02dZ", k % 24, k % 60, k / 60 % 60))
                        .append("\",\"model\":\"").append(k < priced ? "gpt-4o" : "acme-llm-x").append("\",\"team\":\"t\",")
                        .append("\"usage\":{\"input_tokens\":100000,\"output_tokens\":20000}}\n");
            }
        }
        return TestSupport.write(dir, name, sb.toString());
    }

    @Test
    void aLogOfMostlyUnpricedRequestsHasNullForecastFiguresWithANoteNamingTheModelsAndPrices() throws IOException {
        Path log = log("mostly-unpriced.jsonl", 1, 332); // 0.3% priced
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertTrue(j.has("forecast_total_usd") && j.get("forecast_total_usd").isNull(), j.get("forecast_total_usd").toString());
        assertTrue(j.get("burn_rate_usd_per_day").isNull(), j.get("burn_rate_usd_per_day").toString());
        assertTrue(j.get("forecast_total_interval").get("hi80").isNull(), j.get("forecast_total_interval").toString());
        assertEquals(0, j.get("forecast").size(), "no forecast day from 0.3% of the traffic");
        assertTrue(j.get("scopes").get(0).get("forecast_total_usd").isNull(), j.get("scopes").toString());
        j.get("cumulative").forEach(c -> assertTrue(c.get("forecast_usd").isNull(), c.toString()));
        String w = j.get("warnings").toString();
        assertTrue(w.contains("forecast_total_usd") && w.contains("acme-llm-x") && w.contains("--prices")
                && w.contains("99.7%"), w);
        // the priced spend actually logged is still reported, and said to be a lower bound
        assertTrue(j.get("month_to_date_usd").asDouble() > 0);
        assertTrue(w.contains("lower bound"), w);
        // the same in the table and the CSV
        for (String format : new String[]{"table", "csv", "markdown"}) {
            String[] args = {"cost-forecast", "-f", format, "-q", log.toString()};
            // csv: the note is a row of its notes table
            TestSupport.Run r = TestSupport.cli(format.equals("csv") ? new String[]{"cost-forecast", "-f", format, "-q", log.toString(),
                    "--table", "notes"} : args);
            assertEquals(0, r.code(), format + ": " + r.err());
            assertTrue(r.out().contains("acme-llm-x") && r.out().contains("--prices"), format + ": " + r.out());
        }
    }

    @Test
    void failOnAlertSaysItsForecastAlertsWereNotEvaluatedAndStillFiresOnActualSpend() throws IOException {
        Path log = log("mostly-unpriced-budget.jsonl", 1, 332);
        Path budget = TestSupport.write(dir, "b.yaml", "total: 1000\n");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", budget.toString(),
                "--fail-on-alert", log.toString());
        // a gate that could not be evaluated is no pass: exit 2 (AGateThatCannotBeEvaluatedNeverPassesTest), was 0
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("--fail-on-alert") && run.err().contains("not evaluated"), run.err());
        assertFalse(run.json().get("alerts").toString().contains("\"forecast\""), run.json().get("alerts").toString());
        // the priced spend alone ($0.45 x 28) is above a $5 budget: that alert is a fact, and it fires
        Path tight = TestSupport.write(dir, "tight.yaml", "total: 5\n");
        TestSupport.Run fired = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", tight.toString(),
                "--fail-on-alert", log.toString());
        assertEquals(4, fired.code(), fired.err());
    }

    @Test
    void aFewUnpricedRequestsStillGiveAForecastWithTheNote() throws IOException {
        Path log = log("few-unpriced.jsonl", 49, 1); // 2% unpriced
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString()).json();
        assertTrue(j.get("forecast_total_usd").isNumber(), j.toString());
        assertTrue(j.get("forecast").size() > 0);
        String w = j.get("warnings").toString();
        assertTrue(w.contains("acme-llm-x") && w.contains("--prices") && w.contains("28 of 1400 requests"), w);
    }
}
