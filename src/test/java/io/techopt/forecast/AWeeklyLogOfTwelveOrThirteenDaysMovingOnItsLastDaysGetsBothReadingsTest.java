package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Review r16b #10: under two weeks of history the end rule did not run, and the weekday and weekend means diluted a
 * doubling on the last two days: a 13-day weekly log (weekdays $0.70, weekends $0.21) doubling on Fri 11-13 and Sat
 * 11-14 gave $18.41 [13.82, 23.00], 95% to $25.43, for readings of $17.29 (the old level) and $26.04 (the new one).
 * From 12 days (enough same-weekday pairs for a spread) the last days are read both ways as on a longer log.
 */
class AWeeklyLogOfTwelveOrThirteenDaysMovingOnItsLastDaysGetsBothReadingsTest {
    @TempDir
    static Path dir;

    private static final LocalDate LAST = LocalDate.parse("2026-11-14"); // a Saturday, 16 days of November left

    private static double day(LocalDate d) {
        return d.getDayOfWeek().getValue() >= DayOfWeek.SATURDAY.getValue() ? 0.21 : 0.70;
    }

    /** {@code days} days of 24 gpt-4o requests (input only, $2.50/M) ending 11-14, the last two at 2x. */
    private static Path log(int days) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LAST.minusDays(days - 1); !d.isAfter(LAST); d = d.plusDays(1)) {
            long in = Math.round(day(d) * (d.isAfter(LAST.minusDays(2)) ? 2 : 1) / 24 / 2.5e-6);
            for (int h = 0; h < 24; h++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:30:00Z", h))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":").append(in).append(",\"output_tokens\":0}}\n");
            }
        }
        return TestSupport.write(dir, "weekly_" + days + ".jsonl", sb.toString());
    }

    @Test
    void aDoubledFridayAndSaturdayEndingTwelveOrThirteenDaysGetsBothReadings() throws IOException {
        double rest = 0; // the 16 days left at the weekly pattern: 11 weekdays, 5 weekend days, $8.75
        for (LocalDate d = LAST.plusDays(1); !d.isAfter(LocalDate.parse("2026-11-30")); d = d.plusDays(1)) {
            rest += day(d);
        }
        for (int days : new int[]{12, 13}) {
            JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", log(days).toString()).json();
            double mtd = j.get("month_to_date_usd").asDouble();
            JsonNode in = j.get("forecast_total_interval");
            // 13 days: hand $8.54 + $8.75 = $17.29 / $8.54 + $17.50 = $26.04 (was $18.41 [13.82, 23.00])
            assertEquals(mtd + rest, j.get("forecast_total_usd").asDouble(), 0.05, days + " days: " + in);
            assertEquals(mtd + rest, in.get("lo80").asDouble(), 0.05, days + " days: " + in);
            assertEquals(mtd + 2 * rest, in.get("hi80").asDouble(), 0.05, days + " days: " + in);
        }
    }
}
