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
 * Review r18f H: a log of 14 to 19 days (a service started two weeks ago, an exact $0.70 a day) doubling on its last two
 * days ran away: 16 days gave $67.23, 80% [39.23, 95.23] (a trend to $5.17 a day by 11-30) and exit 4 on a $50 budget,
 * for hand readings of $22.40 (the old level) and $33.60 (the new one); at 20 days it was read both ways. The end rule
 * judged the last days only against the same weekday on two sides, which under three weeks most days lack.
 */
class ATwoToThreeWeekLogMovingOnItsLastDaysGetsBothReadingsTest {
    @TempDir
    static Path dir;

    private static final LocalDate LAST = LocalDate.parse("2026-11-14"); // a Saturday, 16 days of November left

    /** {@code days} days of 24 gpt-4o requests ($0.70 a day, input only at $2.50/M) ending 11-14, the last {@code k} at m x. */
    private static Path log(int days, int k, double m) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LAST.minusDays(days - 1); !d.isAfter(LAST); d = d.plusDays(1)) {
            double spend = d.isAfter(LAST.minusDays(k)) ? 0.70 * m : 0.70;
            long in = Math.round(spend / 24 / 2.5e-6);
            for (int h = 0; h < 24; h++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:30:00Z", h))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":").append(in).append(",\"output_tokens\":0}}\n");
            }
        }
        return TestSupport.write(dir, "n" + days + "_k" + k + "_m" + m + ".jsonl", sb.toString());
    }

    @Test
    void aFlatLogOfFourteenToNineteenDaysDoublingOnItsLastTwoDaysIsNoRunawayTrend() throws IOException {
        for (int days = 14; days <= 20; days++) {
            JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", log(days, 2, 2).toString()).json();
            double mtd = j.get("month_to_date_usd").asDouble(), point = j.get("forecast_total_usd").asDouble();
            JsonNode in = j.get("forecast_total_interval");
            // hand: November so far (12 days at $0.70, 2 at $1.40) = $11.20; old level + 16 x $0.70, new + 16 x $1.40
            assertEquals(11.20, mtd, 0.01, days + " days");
            assertEquals(22.40, point, 0.05, days + " days: " + point + " " + in); // was 16 days $67.23, 18 days $67.54
            assertEquals(33.60, in.get("hi80").asDouble(), 0.05, days + " days: " + in); // was 16 days $95.23
            assertEquals(22.40, in.get("lo80").asDouble(), 0.75, days + " days: " + in); // was 18 days $11.30
            assertTrue(in.get("hi95").asDouble() < 40, days + " days: " + in);
        }
    }

    @Test
    void aFiftyDollarBudgetDoesNotAlertOnSixteenDaysWhoseReadingsAreTwentyTwoAndThirtyFourDollars() throws IOException {
        Path budget = TestSupport.write(dir, "b50.yaml", "total: 50\n");
        TestSupport.Run r = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", budget.toString(),
                "--fail-on-alert", log(16, 2, 2).toString());
        assertEquals(0, r.code(), r.json().get("forecast_total_interval").toString()); // was exit 4, "up to $95.23"
    }

    @Test
    void aFifteenDayLogWithItsLastThreeDaysAtOneAndAHalfTimesGetsBothReadings() throws IOException {
        // hand: 11 x $0.70 + 3 x $1.05 = $10.85 so far (15 days from 10-31); old $22.05, new $10.85 + 16 x $1.05 = $27.65
        // (was $29.60 [24.02, 35.19])
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", log(15, 3, 1.5).toString()).json();
        JsonNode in = j.get("forecast_total_interval");
        double mtd = j.get("month_to_date_usd").asDouble();
        assertEquals(mtd + 11.20, j.get("forecast_total_usd").asDouble(), 0.05, in.toString());
        assertEquals(mtd + 16.80, in.get("hi80").asDouble(), 0.05, in.toString());
    }
}
