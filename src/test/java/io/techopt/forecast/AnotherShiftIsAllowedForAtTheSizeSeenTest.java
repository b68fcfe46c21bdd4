package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r18f B: an exact $0.70 log at 4x on its last 7 days (11-08..14, a level shift): November $69.30, but the 80%
 * band was [$24.50, $128.10] (95% to $186.90): from no further spend at all in 16 days to past a certain second rise of
 * the size seen starting the next day, $69.30 + 16 x $2.10 = $102.90. The allowance for another shift took the step
 * as 300% of the level before it and applied it to the new level, up or down. Bounded by the shift seen, the band stays
 * between falling back ($24.50 + 16 x $0.70 = $35.70) and another such rise ($102.90), and a $100 budget is not crossed.
 */
class AnotherShiftIsAllowedForAtTheSizeSeenTest {
    @TempDir
    static Path dir;

    /** An exact $0.70 a day of gpt-4o (24 requests, $2.50/M input) from 09-01 to 11-14, the last k days at m times it. */
    private static JsonNode forecast(double m, int k) throws IOException {
        StringBuilder sb = new StringBuilder();
        LocalDate end = LocalDate.parse("2026-11-14");
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(end); d = d.plusDays(1)) {
            long in = Math.round(0.70 * (d.isAfter(end.minusDays(k)) ? m : 1) / 24 / 2.5e-6);
            for (int h = 0; h < 24; h++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:30:00Z", h))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":").append(in).append(",\"output_tokens\":0}}\n");
            }
        }
        Path log = TestSupport.write(dir, "step_" + m + "_" + k + ".jsonl", sb.toString());
        return TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString()).json();
    }

    @Test
    void aFourfoldStepAWeekOldBandsBetweenFallingBackAndAnotherRiseOfTheSizeSeen() throws IOException {
        JsonNode j = forecast(4, 7);
        double mtd = j.get("month_to_date_usd").asDouble(), level = 0.70 * 4, step = level - 0.70;
        double fallBack = mtd + 16 * 0.70, anotherRise = mtd + 16 * (level + step);
        JsonNode i = j.get("forecast_total_interval");
        assertTrue(i.get("hi95").asDouble() <= anotherRise + 0.01, "at most another rise of $2.10 from tomorrow ($"
                + anotherRise + "): " + i);
        assertTrue(i.get("lo95").asDouble() >= fallBack - 0.01, "at least back at $0.70 ($" + fallBack + "): " + i);
        assertTrue(i.get("lo80").asDouble() > mtd + 16 * 0.70, "a log that spent every day spends on: " + i);
        assertTrue(i.get("hi80").asDouble() < 100, "a $100 budget is above the 80% band: " + i);
    }

    @Test
    void aBiggerRiseNeverGivesALowerLowerBound() throws IOException {
        double last = 0;
        for (double m : new double[]{2, 3, 4}) {
            double lo = forecast(m, 7).get("forecast_total_interval").get("lo80").asDouble();
            assertTrue(lo > last, m + "x: lo80 " + lo + " after " + last);
            last = lo;
        }
    }
}
