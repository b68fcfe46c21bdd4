package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r15 #1, #2: a level change on the last one to three days, down or up by less than the 2x of a spike, fed the
 * fit, whose damped trend ran away: cost a third from 11-12 gave November $8.44 (trend to $0 a day; readings $12.13
 * new level, $19.60 old), a last day at 5% $9.19 [9.19, 9.19], a last day at 1.3x $33.52 [33.52, 33.52] and exit 4 on
 * a $30 budget (readings $21.21 one-off, $24.57 new level). One rule now: the point at the level before them, the
 * interval reaching the new level's reading on its side, a note naming the days.
 */
class ALevelChangeOnTheLastDaysUpOrDownIsNoRunawayTest {
    @TempDir
    static Path dir;

    /** 24 gpt-4o requests a day (input only, $2.50/M) from 09-01 to 11-14, the day's spend given by {@code day}. */
    private static Path log(String name, Function<LocalDate, Double> day) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(LAST); d = d.plusDays(1)) {
            long in = Math.round(day.apply(d) / 24 / 2.5e-6);
            for (int h = 0; h < 24; h++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:30:00Z", h))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":").append(in).append(",\"output_tokens\":0}}\n");
            }
        }
        return TestSupport.write(dir, name + ".jsonl", sb.toString());
    }

    private static final LocalDate LAST = LocalDate.parse("2026-11-14");

    private static JsonNode forecast(Path log) {
        return TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString()).json();
    }

    /** Spend of November's days to 11-14 and of the 16 days left at the old daily spend. */
    private static double[] monthToDateAndRest(Function<LocalDate, Double> day, Function<LocalDate, Double> old) {
        double mtd = 0, rest = 0;
        for (LocalDate d = LocalDate.parse("2026-11-01"); !d.isAfter(LocalDate.parse("2026-11-30")); d = d.plusDays(1)) {
            if (d.isAfter(LAST)) {
                rest += old.apply(d);
            } else {
                mtd += day.apply(d);
            }
        }
        return new double[]{mtd, rest};
    }

    /**
     * The point at the old level's reading, the 80% bound on the new level's side at its reading, the other bound
     * within a usual day's spend of the point (no runaway either way), the 95% interval around the 80% one.
     */
    private static void assertBetweenReadings(JsonNode j, double old, double newLevel) {
        JsonNode in = j.get("forecast_total_interval");
        double lo = in.get("lo80").asDouble(), hi = in.get("hi80").asDouble();
        assertEquals(old, j.get("forecast_total_usd").asDouble(), 0.05, j.toString());
        assertEquals(newLevel, newLevel < old ? lo : hi, 0.05, in.toString());
        assertTrue(newLevel < old ? hi >= old - 0.05 && hi < old + 0.70 : lo <= old + 0.05 && lo > old - 0.70, in.toString());
        assertTrue(in.get("lo95").asDouble() <= lo + 1e-9 && in.get("hi95").asDouble() >= hi - 1e-9, in.toString());
    }

    @Test
    void costFallingToAThirdOnTheLastThreeDaysIsForecastAtTheOldLevelWithABandDownToTheNewOne() throws IOException {
        Function<LocalDate, Double> day = d -> d.isAfter(LocalDate.parse("2026-11-11")) ? 0.70 / 3 : 0.70;
        double[] m = monthToDateAndRest(day, d -> 0.70);
        JsonNode j = forecast(log("drop3x_last3", day));
        // old level: mtd + 16 x 0.70 = 19.60; new: mtd + 16 x 0.233 = 12.13 (was $8.44, a trend to $0 a day)
        assertBetweenReadings(j, m[0] + m[1], m[0] + m[1] / 3);
        for (JsonNode p : j.get("forecast")) {
            assertEquals(0.70, p.get("cost_usd").asDouble(), 0.01, "no day beyond either reading: " + p);
        }
        assertTrue(j.get("warnings").toString().contains("The last 3 days, 2026-11-12 to 2026-11-14, spent 33% of their "
                + "weekdays' typical"), j.get("warnings").toString());
    }

    @Test
    void aLastDayAtFivePercentIsADipOrANewLevelNotATrendToZero() throws IOException {
        Function<LocalDate, Double> day = d -> d.equals(LAST) ? 0.035 : 0.70;
        double[] m = monthToDateAndRest(day, d -> 0.70);
        JsonNode j = forecast(log("dip_last_day", day));
        // was $9.19 [9.19, 9.19]: 20.34 if it was a dip, 9.70 if spend stays at 5%
        assertBetweenReadings(j, m[0] + m[1], m[0] + 0.05 * m[1]);
        assertTrue(j.get("warnings").toString().contains("The last day, 2026-11-14, spent 5% of its weekday's typical"),
                j.get("warnings").toString());
    }

    @Test
    void aLastDayThirtyPercentUpIsNoRunawayAndFailsNoBudgetItsReadingsStayUnder() throws IOException {
        Function<LocalDate, Double> day = d -> d.equals(LAST) ? 0.91 : 0.70;
        double[] m = monthToDateAndRest(day, d -> 0.70);
        Path log = log("up1_3x_last1", day);
        // one-off: mtd + 16 x 0.70 = 21.21; new level: mtd + 16 x 0.91 = 24.57 (was $33.52 [33.52, 33.52])
        assertBetweenReadings(forecast(log), m[0] + m[1], m[0] + 1.3 * m[1]);
        Path budget = TestSupport.write(dir, "b30.yaml", "budgets:\n  - {scope: total, monthly_usd: 30}\n");
        TestSupport.Run r = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", budget.toString(),
                "--fail-on-alert", log.toString());
        assertEquals(0, r.code(), r.out()); // was 4: "up to $33.52"
    }

    @Test
    void aTripledFridayAndSaturdayOnAWeeklySeriesReachTheNewLevelWithItsWeekends() throws IOException {
        Function<LocalDate, Double> usual = d -> d.getDayOfWeek().getValue() >= DayOfWeek.SATURDAY.getValue() ? 0.21 : 0.70;
        Function<LocalDate, Double> day = d -> d.isAfter(LocalDate.parse("2026-11-12")) ? 3 * usual.apply(d) : usual.apply(d);
        double[] m = monthToDateAndRest(day, usual);
        JsonNode j = forecast(log("weekly_x3_last2", day));
        // new level: mtd + 3 x (11 x 0.70 + 5 x 0.21) = mtd + 26.25 (was 95% hi $30.55, a flat mean of a weekday and a Saturday)
        assertBetweenReadings(j, m[0] + m[1], m[0] + 3 * m[1]);
    }

    @Test
    void anOrdinaryLastDayTwoWeeksAfterAMonthEndJobIsNoDrop() throws IOException {
        Function<LocalDate, Double> day = d -> d.equals(LocalDate.parse("2026-09-30")) || d.equals(LocalDate.parse("2026-10-31")) ? 7.00 : 0.70;
        double[] m = monthToDateAndRest(day, d -> 0.70);
        JsonNode j = forecast(log("month_end_job", day));
        // the median of 10-31 ($7.00) and 11-07 ($0.70) made 11-14 a drop to 18% (lo80 $11.71 on the first try)
        assertEquals(m[0] + m[1], j.get("forecast_total_usd").asDouble(), 0.05, j.toString());
        assertTrue(j.get("forecast_total_interval").get("lo80").asDouble() > m[0] + m[1] - 0.70, j.get("forecast_total_interval").toString());
        assertTrue(!j.get("warnings").toString().contains("The last day, 2026-11-14, spent"), j.get("warnings").toString());
    }
}
