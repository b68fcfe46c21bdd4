package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r14 #2: two or three spike days in a row (a runaway job crossing midnight) were no spike, so the fit learned
 * them for weeks: a $21 November had an 80% interval of [$9.69, $121.40]. Review r14 #1: a 3x step on the last two
 * days became a trend adding $0.45 a day, $116.54 with a zero-width 80% band, where the readings are $23.80 (a
 * two-day incident) and $46.20 (the new level holds).
 */
class AShortIncidentOrAStepAtTheEndIsNoRunawayBandTest {
    @TempDir
    static Path dir;

    /** 2026-09-01..11-14, 24 gpt-4o requests a day, $0.70 a day times {@code times}, with {@code noise} gaussian day noise. */
    static Path log(Path dir, String name, Function<LocalDate, Double> times, double noise) throws IOException {
        SplittableRandom r = new SplittableRandom(7);
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            double per = 0.70 / 24 * times.apply(d) * (1 + noise * ForecastCalibrationTest.gaussian(r));
            long in = Math.round((per - 0.01) / 2.5e-6); // $2.50/M in, 1000 out at $10/M = $0.01
            for (int h = 0; h < 24; h++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:30:00Z", h))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":").append(in).append(",\"output_tokens\":1000}}\n");
            }
        }
        return TestSupport.write(dir, name + ".jsonl", sb.toString());
    }

    private static JsonNode forecast(Path log) {
        return TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString()).json();
    }

    @Test
    void twoOrThreeDaysFarAboveAndBackAreAnIncidentButFourAreNot() {
        double[] y = new double[40];
        java.util.Arrays.fill(y, 0.70);
        y[20] = y[21] = 7.00;
        assertArrayEquals(new int[]{20, 21}, SpikeRule.spikes(y, y.length));
        y[22] = 7.00;
        assertArrayEquals(new int[]{20, 21, 22}, SpikeRule.spikes(y, y.length));
        y[23] = 7.00; // four days: something that stays a while, for the level-shift rule to judge
        assertArrayEquals(new int[0], SpikeRule.spikes(y, y.length));
    }

    @Test
    void twoAdjacentSpikeDaysLeaveNovemberAtThirtyDaysAndABandOfDollars() throws IOException {
        LocalDate a = LocalDate.parse("2026-10-20"), b = LocalDate.parse("2026-10-21");
        JsonNode j = forecast(log(dir, "two_adjacent", d -> d.equals(a) || d.equals(b) ? 10.0 : 1.0, 0.02));
        double total = j.get("forecast_total_usd").asDouble();
        JsonNode in = j.get("forecast_total_interval");
        assertEquals(21.0, total, 0.6, j.toString());
        // an incident three weeks back is no reason for an upper bound of 5x the month (was $121.40): at most another
        // such incident ($12.60 above the usual days) in the days left
        assertTrue(in.get("hi80").asDouble() < 21.0 + 12.6 + 3 && in.get("hi95").asDouble() < 2 * 21.0, in.toString());
        String w = j.get("warnings").toString();
        assertTrue(w.contains("2026-10-20 ($7.") && w.contains("2026-10-21 ($7."), w);
    }

    @Test
    void aStepOnTheLastTwoDaysIsForecastBetweenItsTwoReadingsNotAsATrend() throws IOException {
        JsonNode j = forecast(log(dir, "step_last2", d -> d.isAfter(LocalDate.parse("2026-11-12")) ? 3.0 : 1.0, 0));
        JsonNode in = j.get("forecast_total_interval");
        // an incident: 12.60 logged + 16 x 0.70; the new level: 12.60 + 16 x 2.10
        assertEquals(23.80, j.get("forecast_total_usd").asDouble(), 0.1, j.toString());
        assertEquals(46.20, in.get("hi80").asDouble(), 0.1, in.toString());
        assertTrue(in.get("hi95").asDouble() >= in.get("hi80").asDouble() && in.get("hi95").asDouble() < 60, in.toString());
        for (JsonNode p : j.get("forecast")) {
            assertTrue(p.get("cost_usd").asDouble() < 2.11, "no day beyond either reading: " + p);
        }
        String w = j.get("warnings").toString();
        assertTrue(w.contains("The last 2 days, 2026-11-13 to 2026-11-14, are of them") && w.contains("the period totals $46.20"), w);
    }

    /** 0.70 a day with a 1% jitter, then {@code stepDays} days at twice that with 2% noise either way. */
    private static double[] doubledAtTheEnd(int stepDays) {
        double[] y = new double[40];
        for (int t = 0; t < y.length; t++) {
            y[t] = 0.70 * (t % 2 == 0 ? 1.01 : 0.99);
        }
        double[] twice = {1.43, 1.37, 1.40, 1.42};
        for (int i = 0; i < stepDays; i++) {
            y[y.length - stepDays + i] = twice[i];
        }
        return y;
    }

    @Test
    void theLastTwoOrThreeDaysAtTwiceTheLevelAreJudgedTogetherNotEachAgainstTwice() {
        // review s12 E4: a 2x step with 2% noise put one day over 2x and two under it: the one was "a one-off spike",
        // the others fed a trend (November $66.41 where the readings are ~$22 and ~$34)
        assertArrayEquals(new int[]{37, 38, 39}, SpikeRule.spikes(doubledAtTheEnd(3), 40));
        assertArrayEquals(new int[]{38, 39}, SpikeRule.spikes(doubledAtTheEnd(2), 40));
        // four days: something that stays, none of them a spike (not the one over 2x alone either)
        assertArrayEquals(new int[0], SpikeRule.spikes(doubledAtTheEnd(4), 40));
    }

    @Test
    void aNoisyDoublingOnTheLastThreeDaysIsForecastBetweenItsTwoReadingsNotAsATrend() throws IOException {
        JsonNode j = forecast(log(dir, "step2x_last3", d -> d.isAfter(LocalDate.parse("2026-11-11")) ? 2.0 : 1.0, 0.02));
        double mtd = j.get("month_to_date_usd").asDouble(), last3 = 0;
        JsonNode daily = j.get("daily");
        for (int i = daily.size() - 3; i < daily.size(); i++) {
            last3 += daily.get(i).get("cost_usd").asDouble() / 3;
        }
        JsonNode in = j.get("forecast_total_interval");
        // an incident: what November logged + 16 days at $0.70; the new level: + 16 days at the last three's mean
        assertEquals(mtd + 16 * 0.70, j.get("forecast_total_usd").asDouble(), 0.4, j.toString());
        assertEquals(mtd + 16 * last3, in.get("hi80").asDouble(), 0.3, in.toString());
        assertTrue(in.get("hi95").asDouble() < mtd + 16 * last3 + 6, in.toString());
        for (JsonNode p : j.get("forecast")) {
            assertTrue(p.get("cost_usd").asDouble() < 0.80, "no day beyond the level before the step: " + p);
        }
        String w = j.get("warnings").toString();
        assertTrue(w.contains("The last 3 days, 2026-11-12 to 2026-11-14, are of them"), w);
    }
}
