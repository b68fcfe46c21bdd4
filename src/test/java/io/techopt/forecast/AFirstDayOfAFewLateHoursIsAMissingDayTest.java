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
 * Review r21f L1 (T4_first_day_from_20h): a log whose first day begins at 20:00, then 9 exact days. The hours before
 * hold 83% of a day; the fill was capped at 75%, so the first day read as $0.47 of a $0.70 day and pulled the
 * forecast to 17.25 (hand 17.62). A first day of a few late hours is a missing value, as a last day of a few minutes.
 */
class AFirstDayOfAFewLateHoursIsAMissingDayTest {
    @TempDir
    static Path dir;

    @Test
    void anExactLogWhoseFirstDayBeginsAtEightPmIsForecastAtItsFullDays() throws IOException {
        StringBuilder sb = new StringBuilder();
        LocalDate first = LocalDate.parse("2026-11-05"), last = LocalDate.parse("2026-11-14");
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            for (int h = d.equals(first) ? 20 : 0; h < 24; h++) {
                // $0.025 in + $0.005 out at gpt-4o's $2.50 / $10 per million: $0.72 a full day
                sb.append(String.format("{\"timestamp\":\"%sT%02d:30:00Z\",\"model\":\"gpt-4o\",\"usage\":"
                        + "{\"input_tokens\":10000,\"output_tokens\":500}}%n", d, h));
            }
        }
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q",
                TestSupport.write(dir, "from20h.jsonl", sb.toString()).toString()).json();
        double mtd = j.get("month_to_date_usd").asDouble();
        assertEquals(4 * 0.03 + 9 * 0.72, mtd, 1e-9); // month-to-date keeps what the first day logged
        assertEquals(mtd + 16 * 0.72, j.get("forecast_total_usd").asDouble(), 0.01, j.get("method").asText());
        String w = j.get("warnings").toString();
        assertTrue(w.contains("the log's first day, 2026-11-05, begins at 20:00 UTC") && w.contains("missing value"), w);
        JsonNode in = j.get("forecast_total_interval");
        assertTrue(in.get("lo80").asDouble() <= mtd + 16 * 0.72 + 1e-9 && in.get("hi80").asDouble() >= mtd + 16 * 0.72 - 1e-9,
                in.toString());
    }
}
