package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r23f L-a: with --horizon quarter on the sample, cumulative stopped at the first month's end (31 rows to
 * 2026-10-31, last hi80 $6.99) while forecast ran to 12-31 and forecast_total_interval's hi80 was $28.19; README says
 * cumulative's last hi80 is the interval's. Cumulative now runs over the period forecast, its last row the total.
 */
class CumulativeRunsOverTheWholePeriodTest {
    @TempDir
    static Path dir;

    /** 2026-09-20..10-20: 3 to 7 gpt-4o requests a day by a weekly cycle, a period under way in October. */
    private static Path log() throws IOException {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (LocalDate d = LocalDate.parse("2026-09-20"); !d.isAfter(LocalDate.parse("2026-10-20")); d = d.plusDays(1), i++) {
            for (int k = 0; k < 3 + (i * 3) % 5; k++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:10:00Z", 1 + 5 * k))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":9000,\"output_tokens\":667}}\n");
            }
        }
        return TestSupport.write(dir, "weekly.jsonl", sb.toString());
    }

    @Test
    void cumulativeRunsFromThePeriodsStartToItsEndAndEndsAtTheTotalAndItsInterval() throws IOException {
        Path log = log();
        for (String horizon : new String[]{"month", "quarter", "60d"}) {
            JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--horizon", horizon, log.toString()).json();
            JsonNode cum = j.get("cumulative");
            LocalDate start = LocalDate.parse(j.get("period_start").asText()), end = LocalDate.parse(j.get("period_end").asText());
            // one row a day of the period, no more, no fewer
            assertEquals(start.datesUntil(end.plusDays(1)).count(), cum.size(), horizon + ": quarter's was 31 rows to 10-31");
            assertEquals(start.toString(), cum.get(0).get("date").asText(), horizon);
            JsonNode last = cum.get(cum.size() - 1);
            assertEquals(end.toString(), last.get("date").asText(), horizon + ": was the first month's end");
            assertEquals(j.get("forecast").get(j.get("forecast").size() - 1).get("date").asText(), last.get("date").asText(), horizon);
            double total = j.get("forecast_total_usd").asDouble();
            JsonNode in = j.get("forecast_total_interval");
            assertNotNull(last.get("hi80").numberValue(), horizon);
            assertEquals(total, last.get("forecast_usd").asDouble(), 1e-9 * total, horizon);
            assertEquals(in.get("hi80").asDouble(), last.get("hi80").asDouble(), 1e-9 * total, horizon + ": quarter's was 6.99 for 28.19");
            assertEquals(in.get("lo80").asDouble(), last.get("lo80").asDouble(), 1e-9 * total, horizon);
            // its actual rows are the period's logged spend: month_to_date_usd when the period starts on the 1st
            double actual = 0;
            for (JsonNode c : cum) {
                actual = c.get("actual_usd").isNull() ? actual : c.get("actual_usd").asDouble();
            }
            if (!horizon.endsWith("d")) {
                assertEquals(j.get("month_to_date_usd").asDouble(), actual, 1e-9, horizon);
            } else {
                assertTrue(cum.get(0).get("actual_usd").isNull(), horizon + ": an N-day period has no logged day");
            }
        }
    }
}
