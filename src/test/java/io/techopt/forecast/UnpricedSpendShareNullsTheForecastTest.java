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
 * Review h12c #2 and #4: the "more than 5% unpriced: no forecast" rule counted requests, not spend, and only over
 * the whole log. 1% of requests holding more tokens than everything priced, or a latest day spent entirely on a new
 * unpriced model, still printed a forecast. And when the forecast was nulled for unpriced spend, the table and
 * markdown headline gave the wrong reason ("less than one full day of data").
 */
class UnpricedSpendShareNullsTheForecastTest {
    @TempDir
    static Path dir;

    private static void request(StringBuilder sb, LocalDate day, int hour, int minute, String model, long in, long out) {
        sb.append("{\"timestamp\":\"").append(day).append(String.format("T%02d:%02d:00Z", hour, minute))
                .append("\",\"model\":\"").append(model).append("\",\"team\":\"t\",")
                .append("\"usage\":{\"input_tokens\":").append(in).append(",\"output_tokens\":").append(out).append("}}\n");
    }

    /** 28 days from 2026-10-01 of 24 gpt-4o-mini requests a day (one an hour, 2,000 in / 400 out tokens). */
    private static StringBuilder pricedMonth(int days) {
        StringBuilder sb = new StringBuilder();
        LocalDate start = LocalDate.parse("2026-10-01");
        for (int d = 0; d < days; d++) {
            for (int h = 0; h < 24; h++) {
                request(sb, start.plusDays(d), h, 7, "gpt-4o-mini", 2_000, 400);
            }
        }
        return sb;
    }

    private static boolean nulled(JsonNode j) {
        return j.get("forecast_total_usd").isNull() && j.get("burn_rate_usd_per_day").isNull() && j.get("forecast").isEmpty();
    }

    @Test
    void onePercentOfRequestsHoldingMoreTokensThanEverythingPricedNullsTheForecast() throws IOException {
        StringBuilder sb = pricedMonth(28);
        // 7 requests of an unpriced model (1.0% of 679), 900k in / 90k out tokens each: 6.9M tokens against 1.6M priced
        for (int d = 0; d < 28; d += 4) {
            request(sb, LocalDate.parse("2026-10-01").plusDays(d), 12, 30, "acme-llm-x", 900_000, 90_000);
        }
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-q", "-f", "json", TestSupport.write(dir, "heavy-unpriced.jsonl",
                sb.toString()).toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertTrue(nulled(j), j.toString());
        String w = j.get("warnings").toString();
        assertTrue(w.contains("acme-llm-x") && w.contains("of the tokens"), w);
    }

    @Test
    void aLatestDaySpentOnANewUnpricedModelNullsTheForecastThoughItIsFewRequestsOfTheLog() throws IOException {
        StringBuilder sb = pricedMonth(27);
        // the 28th day: the same traffic on a new unpriced model (24 of 672 requests, 3.6%; the whole latest day)
        for (int h = 0; h < 24; h++) {
            request(sb, LocalDate.parse("2026-10-28"), h, 7, "gpt-9-preview", 2_000, 400);
        }
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-q", "-f", "json", TestSupport.write(dir, "new-unpriced.jsonl",
                sb.toString()).toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertTrue(nulled(j), j.toString());
        String w = j.get("warnings").toString();
        assertTrue(w.contains("gpt-9-preview") && w.contains("last 7 days"), w);
    }

    @Test
    void aFewLightUnpricedRequestsStillGiveAForecastSaidToBeALowerBound() throws IOException {
        StringBuilder sb = pricedMonth(28);
        for (int d = 0; d < 28; d += 4) { // 7 requests as light as the priced ones: 1% of tokens
            request(sb, LocalDate.parse("2026-10-01").plusDays(d), 12, 30, "acme-llm-x", 2_000, 400);
        }
        JsonNode j = TestSupport.cli("cost-forecast", "-q", "-f", "json", TestSupport.write(dir, "light-unpriced.jsonl",
                sb.toString()).toString()).json();
        assertFalse(j.get("forecast_total_usd").isNull(), j.toString());
        assertTrue(j.get("warnings").toString().contains("lower bound"), j.get("warnings").toString());
    }

    @Test
    void theHeadlineOfANullForecastGivesTheUnpricedReasonNotLessThanOneDay() throws IOException {
        StringBuilder sb = pricedMonth(28);
        for (int d = 0; d < 28; d++) { // 10% of requests and tokens unpriced
            for (int k = 0; k < 3; k++) {
                request(sb, LocalDate.parse("2026-10-01").plusDays(d), 8 + k, 30, "acme-llm-x", 2_000, 400);
            }
        }
        Path log = TestSupport.write(dir, "tenth-unpriced.jsonl", sb.toString());
        for (String format : new String[]{"table", "markdown"}) {
            TestSupport.Run run = TestSupport.cli("cost-forecast", "-q", "-f", format, log.toString());
            assertEquals(0, run.code(), run.err());
            String headline = run.out().lines().filter(l -> l.contains("Forecast total")).findFirst().orElse("");
            assertFalse(headline.contains("less than one full day"), format + ": " + headline);
            assertTrue(headline.contains("models without a price"), format + ": " + headline);
            String burn = run.out().lines().filter(l -> l.contains("Burn rate")).findFirst().orElse("");
            assertFalse(burn.contains("less than one full day"), format + ": " + burn);
        }
    }
}
