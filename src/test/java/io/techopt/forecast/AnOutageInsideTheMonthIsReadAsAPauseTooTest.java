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
 * Review r21f M5: an exact $0.70 a day log, silent from 11-01 to 11-10, then $0.70 again to Saturday 11-14. The
 * outage rule reads the silence as a logging outage and November's total adds its 10 days: $21.00, with 80% and 95%
 * bands of [21.00, 21.00], while a pause of the spend (the same days at $0) reads 2.80 + 16 x 0.70 = $14.00. Nothing
 * in the log tells the two apart: the lower bounds reach the paused reading, and a note gives both.
 */
class AnOutageInsideTheMonthIsReadAsAPauseTooTest {
    @TempDir
    static Path dir;

    @Test
    void tenSilentDaysOpeningTheMonthLeaveTheLowerBoundsAtTheSpendLogged() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            if (d.isAfter(LocalDate.parse("2026-10-31")) && d.isBefore(LocalDate.parse("2026-11-11"))) {
                continue;
            }
            for (int h = 0; h < 24; h++) { // 24 requests of 9,000 in and 667 out at $2.50/$10 per M: $0.70 a day
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:30:00Z", h))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":9000,\"output_tokens\":667}}\n");
            }
        }
        Path log = TestSupport.write(dir, "gap_opens_month.jsonl", sb.toString());
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString()).json();
        double day = 24 * (9000 * 2.5e-6 + 667 * 10e-6), paused = 20 * day, outage = 30 * day;
        assertEquals(4 * day, j.get("month_to_date_usd").asDouble(), 1e-6);
        assertEquals(outage, j.get("forecast_total_usd").asDouble(), 0.05, j.get("forecast_total_interval").toString());
        JsonNode in = j.get("forecast_total_interval");
        // was lo80 = lo95 = 21.00: the band said certain
        assertTrue(in.get("lo80").asDouble() <= paused + 0.01 && in.get("lo95").asDouble() <= in.get("lo80").asDouble()
                && in.get("lo95").asDouble() >= 4 * day - 1e-6, in.toString());
        assertTrue(in.get("hi80").asDouble() >= outage - 0.01, in.toString());
        String w = j.get("warnings").toString();
        assertTrue(w.contains("if spend really paused on them, the period reads $" + String.format(java.util.Locale.ROOT, "%.2f", paused)), w);
    }
}
