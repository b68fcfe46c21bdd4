package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;

import static io.techopt.forecast.CumulativeIsARunningTotalsBoundsTest.dailyRequests;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r25f M2: a weekend at weekday level ending a weekly-seasonal log raised every weekday by the weekend's ratio
 * (hi80 $513.10 where by hand $248 has the weekend back to normal, $276 weekends at weekday level). A tail that
 * raises only the weekdays it covers raises only those weekdays left; the upper bounds reach that, not more.
 */
class AWeekendAtWeekdayLevelRaisesOnlyTheWeekendsLeftTest {
    @TempDir
    static Path dir;

    private static final LocalDate FIRST = LocalDate.parse("2026-09-01");
    private static final int WEEKEND_REQUESTS = 4;

    private static boolean weekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    /** $1 requests: 10 to 12 on weekdays, 4 on weekends, and 10 to 12 on the last weekend (November 7 and 8). */
    private static int requests(int i) {
        LocalDate d = FIRST.plusDays(i);
        return weekend(d) && d.isBefore(LocalDate.parse("2026-11-07")) ? WEEKEND_REQUESTS : 10 + (i * 5) % 3;
    }

    @Test
    void theUpperBoundsReachWeekendsAtWeekdayLevelNotEveryWeekdayRaised() throws IOException {
        Path log = TestSupport.write(dir, "weekly.jsonl", dailyRequests(FIRST.toString(), "2026-11-08", AWeekendAtWeekdayLevelRaisesOnlyTheWeekendsLeftTest::requests));
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString()).json();
        double weekdaySum = 0;
        int weekdays = 0, weekdaysLeft = 0, weekendsLeft = 0;
        for (LocalDate d = FIRST; d.isBefore(LocalDate.parse("2026-11-07")); d = d.plusDays(1)) {
            if (!weekend(d)) {
                weekdaySum += requests((int) (d.toEpochDay() - FIRST.toEpochDay()));
                weekdays++;
            }
        }
        for (LocalDate d = LocalDate.parse("2026-11-09"); !d.isAfter(LocalDate.parse("2026-11-30")); d = d.plusDays(1)) {
            if (weekend(d)) {
                weekendsLeft++;
            } else {
                weekdaysLeft++;
            }
        }
        double weekday = weekdaySum / weekdays, mtd = j.get("month_to_date_usd").asDouble();
        double backToNormal = mtd + weekdaysLeft * weekday + weekendsLeft * WEEKEND_REQUESTS;
        double weekendsAtWeekdayLevel = mtd + (weekdaysLeft + weekendsLeft) * weekday;
        JsonNode in = j.get("forecast_total_interval");
        double point = j.get("forecast_total_usd").asDouble(), hi80 = in.get("hi80").asDouble();
        assertTrue(Math.abs(point - backToNormal) < 0.05 * backToNormal, "point " + point + " by hand " + backToNormal);
        assertTrue(hi80 >= 0.98 * weekendsAtWeekdayLevel, "hi80 " + hi80 + " short of weekends at weekday level " + weekendsAtWeekdayLevel);
        assertTrue(in.get("hi95").asDouble() <= 1.1 * weekendsAtWeekdayLevel,
                "the bounds raise every weekday: " + in + " for weekends at weekday level " + weekendsAtWeekdayLevel);
        assertTrue(j.get("warnings").toString().contains("if every Saturday and Sunday to 2026-11-30 spends as they did"), j.get("warnings").toString());
    }
}
