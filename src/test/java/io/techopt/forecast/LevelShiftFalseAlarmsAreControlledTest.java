package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r10 #5. Level shifts were still named on stationary logs after the sign test: a heavy Saturday in a steady
 * log (e8a/e8c), a weekend-only log around a dark weekend (s5), a working-days log around a holiday week (s6). Each
 * of some 60 to 80 candidate days is a test; the sign test passed on 2 of 2 or 4 of 5 days moved, and a spike day
 * lifted the two-week mean. A shift now needs the typical day (the median of the days' moves against their weekday
 * before) to move by the shift's share, and a sign test that holds at 5% over the series' windows (Bonferroni).
 * Series as in the reviewers' logs: requests of $0.035, a day's count Gaussian around its mean with a 20% sd.
 */
class LevelShiftFalseAlarmsAreControlledTest {
    static final int SEEDS = 40;

    /** {@code days} of spend: mean requests per weekday (index 0 = the first day), NaN on the days {@code dark}. */
    static double[] series(long seed, int days, int firstWeekday, double[] perWeekday, IntPredicate dark) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] y = new double[days];
        for (int t = 0; t < days; t++) {
            double mean = perWeekday[(firstWeekday + t) % 7];
            double n = mean <= 3 ? mean : Math.max(1, Math.round(mean + 0.2 * mean * ForecastCalibrationTest.gaussian(r)));
            y[t] = dark.test(t) ? Double.NaN : n * 0.035;
        }
        return y;
    }

    static int withShifts(java.util.function.LongFunction<double[]> make) {
        int named = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            double[] y = make.apply(seed);
            named += LevelShifts.levelShifts(y, y.length).length > 0 ? 1 : 0;
        }
        return named;
    }

    @Test
    void aHeavySaturdayInASteadyLogIsNoLevelShift() {
        // 14 requests a day for 92 days (2026-08-01, a Saturday, to 10-31), $7.50 more on the Saturday 10-03 (day 63)
        int named = withShifts(seed -> {
            double[] y = series(seed, 92, 5, new double[]{14, 14, 14, 14, 14, 14, 14}, t -> false);
            y[63] += 7.5;
            return y;
        });
        assertTrue(named <= 2, "a shift named in " + named + " of " + SEEDS + " stationary logs with one spike day");
    }

    @Test
    void aWeekendOnlyLogAroundADarkWeekendHasNoLevelShift() {
        // Saturdays and Sundays only, 40 requests each, 71 days from a Saturday; the weekend of days 42-43 dark
        int named = withShifts(seed -> series(seed, 71, 5, new double[]{0, 0, 0, 0, 0, 40, 40}, t -> t == 42 || t == 43));
        assertTrue(named <= 2, "a shift named in " + named + " of " + SEEDS + " weekend-only logs");
    }

    @Test
    void aWorkingDaysLogAroundAHolidayWeekHasNoLevelShift() {
        // Monday to Friday, 20 requests each, 74 days from a Tuesday; the week of days 55-59 (Monday to Friday) dark
        int named = withShifts(seed -> series(seed, 74, 1, new double[]{20, 20, 20, 20, 20, 0, 0}, t -> t >= 55 && t <= 59));
        assertTrue(named <= 2, "a shift named in " + named + " of " + SEEDS + " working-days logs");
    }

    /**
     * A daily and a working-days log doubling on day 50 of 71: found there in every seed. (A weekend-only log has 4
     * days of evidence in two weeks: 4 of 4 moved is a 1-in-16 chance, no evidence at 5% over the series, so its
     * doubling is not named; its fit still follows the new level, as it does every change it is not told of.)
     */
    @Test
    void aGenuineDoublingIsStillFoundInDailyAndWorkingDaysLogs() {
        double[][] patterns = {{14, 14, 14, 14, 14, 14, 14}, {20, 20, 20, 20, 20, 0, 0}};
        for (double[] pattern : patterns) {
            for (long seed = 1; seed <= SEEDS; seed++) {
                double[] low = series(seed, 71, 0, pattern, t -> false), high = series(seed + 1000, 71, 0, pattern, t -> false);
                double[] y = new double[71];
                for (int t = 0; t < 71; t++) {
                    y[t] = t < 50 ? low[t] : 2 * high[t];
                }
                int[] shifts = LevelShifts.levelShifts(y, y.length);
                assertEquals(1, shifts.length, java.util.Arrays.toString(pattern) + " seed " + seed);
                assertTrue(Math.abs(shifts[0] - 50) <= 3, "found on day " + shifts[0]);
            }
        }
    }
    /**
     * Review r21f L2: an exact steady fall of 0.8% of its first day's spend a day ($0.70 on 2026-08-01, $0.112 on
     * Saturday 11-14, 24 gpt-4o requests a day) was read as two level shifts (10-25, 11-08) once its two-week moves
     * passed a quarter of the level; the fit, its history moved to each, saw-toothed back up, $3.96 for readings of
     * $3.11 (the line on) and $3.87 (flat at the last day). A steady decline is read as one: no shift named, the point
     * between those readings, no forecast day above the last logged one.
     */
    @Test
    void aSteadyExactDeclineIsNoLevelShiftAndIsForecastAsADecline(@TempDir Path dir) throws Exception {
        StringBuilder log = new StringBuilder();
        LocalDate first = LocalDate.parse("2026-08-01"), end = LocalDate.parse("2026-11-14");
        double[] day = new double[(int) (end.toEpochDay() - first.toEpochDay() + 1)];
        for (int t = 0; t < day.length; t++) {
            // $2.50/M in, $10/M out: 1,000 out while a request costs over $0.01, fewer after
            double per = 0.70 * (1 - 0.008 * t) / 24;
            long out = per > 0.01 ? 1000 : Math.max(1, (long) (per / 1e-5));
            long in = Math.max(1, Math.round((per - out * 1e-5) / 2.5e-6));
            for (int h = 0; h < 24; h++) {
                log.append(String.format(Locale.ROOT, "{\"timestamp\":\"%sT%02d:30:00Z\",\"model\":\"gpt-4o\","
                        + "\"usage\":{\"input_tokens\":%d,\"output_tokens\":%d}}%n", first.plusDays(t), h, in, out));
                day[t] += in * 2.5e-6 + out * 1e-5;
            }
        }
        assertEquals(0, LevelShifts.levelShifts(day, day.length).length,
                java.util.Arrays.toString(LevelShifts.levelShifts(day, day.length)));
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q",
                TestSupport.write(dir, "decline.jsonl", log.toString()).toString()).json();
        for (JsonNode w : j.get("warnings")) {
            assertFalse(w.asText().contains("shifted level"), w.asText());
        }
        double last = day[day.length - 1], slope = last - day[day.length - 2], mtd = 0;
        for (int t = day.length - 14; t < day.length; t++) {
            mtd += day[t];
        }
        double flat = mtd + 16 * last, line = mtd;
        for (int h = 1; h <= 16; h++) {
            line += Math.max(0, last + slope * h);
        }
        double point = j.get("forecast_total_usd").asDouble();
        assertTrue(point >= line - 0.05 && point <= flat + 0.05, "point " + point + ", readings " + line + " (line) and "
                + flat + " (flat at the last day)");
        for (JsonNode f : j.get("forecast")) {
            assertTrue(f.get("cost_usd").asDouble() <= last + 1e-9, "a forecast day above the last logged day: " + f);
        }
    }
}
