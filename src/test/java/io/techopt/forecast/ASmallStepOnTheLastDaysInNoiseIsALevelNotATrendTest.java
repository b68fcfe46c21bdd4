package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r18f C: a 20% step on the last 4 or 5 days of a log with 5% noise: one of its days lay under the end rule's
 * 3 robust sds, so the 4-6 day step rule missed it and the fit made a trend past the new level: $26.03, 80% [21.03,
 * 31.03] (a $30 budget alerted), while a 50% step on the same days was read at its level, 80% to $29.28. By hand from
 * the log's days: new = month-to-date + 16 x the mean of the step's days ($24.17), old = month-to-date + 16 x the
 * median of the 28 days before it ($21.37).
 */
class ASmallStepOnTheLastDaysInNoiseIsALevelNotATrendTest {
    @TempDir
    static Path dir;

    /** The review's log (gen18.py, 5% noise, seed 3): daily spend of 2026-09-01 .. 2026-11-14 before the step. */
    private static final double[] DAYS = {
            0.7033, 0.7438, 0.6674, 0.7348, 0.6909, 0.6908, 0.7665, 0.7055, 0.6985, 0.7255,
            0.7394, 0.6989, 0.7206, 0.6659, 0.6872, 0.6847, 0.6534, 0.6472, 0.6431, 0.6916,
            0.6940, 0.6888, 0.7024, 0.6533, 0.6972, 0.7084, 0.7263, 0.6704, 0.6860, 0.6295,
            0.6824, 0.6231, 0.6503, 0.7385, 0.6229, 0.7279, 0.7115, 0.6890, 0.7161, 0.7184,
            0.7366, 0.6919, 0.6793, 0.6788, 0.6655, 0.6984, 0.6725, 0.7374, 0.6346, 0.6617,
            0.6667, 0.6268, 0.7666, 0.6157, 0.6901, 0.6816, 0.7580, 0.6305, 0.7375, 0.6744,
            0.6946, 0.6765, 0.7224, 0.6602, 0.6973, 0.7124, 0.7644, 0.6158, 0.7534, 0.7332,
            0.6831, 0.7107, 0.6837, 0.7577, 0.7073
    };

    private static double[] stepped(double m, int k) {
        double[] y = DAYS.clone();
        for (int t = y.length - k; t < y.length; t++) {
            y[t] *= m;
        }
        return y;
    }

    /** The log: each day 24 gpt-4o requests ($2.50/M input) spending that day's figure. */
    private static JsonNode forecast(double[] y, String name) throws IOException {
        StringBuilder sb = new StringBuilder();
        LocalDate d = LocalDate.parse("2026-09-01");
        for (double spend : y) {
            long in = Math.round(spend / 24 / 2.5e-6);
            for (int h = 0; h < 24; h++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:30:00Z", h))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":").append(in).append(",\"output_tokens\":0}}\n");
            }
            d = d.plusDays(1);
        }
        Path log = TestSupport.write(dir, name + ".jsonl", sb.toString());
        return TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString()).json();
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Asserts the step read at its level, the band reaching back to the old level, no trend; returns hi80. */
    private static double assertReadAtItsLevel(double m, int k) throws IOException {
        double[] y = stepped(m, k);
        JsonNode j = forecast(y, "step_" + m + "_" + k);
        String what = m + "x on the last " + k + " days: " + j.get("forecast_total_interval");
        double mtd = j.get("month_to_date_usd").asDouble();
        double newLevel = mtd + 16 * Arrays.stream(y, y.length - k, y.length).average().orElseThrow();
        double oldLevel = mtd + 16 * median(Arrays.copyOfRange(y, y.length - k - 28, y.length - k));
        JsonNode in = j.get("forecast_total_interval");
        assertEquals(newLevel, j.get("forecast_total_usd").asDouble(), 0.15, what);
        // the band reaches the old level within its own noise (16 days at 5% of $0.70), and no trend past the new one
        double noise = 16 * 0.05 * 0.70;
        assertTrue(in.get("lo80").asDouble() <= oldLevel + noise, what + " old " + oldLevel);
        assertTrue(in.get("hi80").asDouble() <= newLevel + 1.5 * noise, what + " new " + newLevel);
        JsonNode f = j.get("forecast");
        assertTrue(f.get(f.size() - 1).get("cost_usd").asDouble() <= f.get(0).get("cost_usd").asDouble() + 0.01, what + " " + f);
        return in.get("hi80").asDouble();
    }

    @Test
    void aTwentyPercentStepOnTheLastFourOrFiveDaysForecastsItsLevelNotATrend() throws IOException {
        double hi = assertReadAtItsLevel(1.2, 4);
        assertTrue(hi < 30, "a $30 budget is above every reading: " + hi);
        assertReadAtItsLevel(1.2, 5);
    }

    @Test
    void aSmallerStepNeverGivesAHigherUpperBound() throws IOException {
        double small = assertReadAtItsLevel(1.2, 4), big = assertReadAtItsLevel(1.5, 4);
        assertTrue(small < big, small + " for 1.2x, " + big + " for 1.5x");
    }
}
