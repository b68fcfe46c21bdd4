package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r12 #1, #2. 5c040df caught one spike day only in an exactly flat series (a fit sd under 1e-4 of the mean
 * day). With 0.04% jitter on a flat $0.70 a day, or a weekly pattern, the fit learned from the spike: its level (or a
 * trend) moved for weeks, its sd with it, and the spike's error measured by the tiny sd before it came back multiplied
 * by the large one after it: month-end 80% bounds of $1,682.99 (jitter) and $272.36 (weekly) on months of $21.00 and
 * $16.50; a spike on the log's last day became a trend to $397.21 with a zero-width 80% band (hand: $27.30; as a new
 * level, $128.10, which the 80% band now reaches: review r16b #5).
 */
class ASpikeDayIsAOneOffNotANewLevelOrATrendTest {
    @TempDir
    static Path dir;

    /**
     * gpt-4o requests evenly spread: 20 of 10k in / 1k out ($0.035 each, $0.70 a day) on the days {@code weekday}
     * says, else 4 of 16k in / 1k out ($0.05, $0.20 a day); 200 requests on the spike day ($7.00); {@code jitter}: the first
     * request's input tokens move by that share of the day's spend (normal, fixed seed).
     */
    private static Path log(String name, LocalDate from, LocalDate to, LocalDate spike, Function<LocalDate, Boolean> weekday,
                            double jitter) throws IOException {
        SplittableRandom r = new SplittableRandom(7);
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            boolean full = weekday.apply(d) || d.equals(spike);
            int n = d.equals(spike) ? 200 : full ? 20 : 4;
            for (int k = 0; k < n; k++) {
                int second = (int) ((k + 0.5) * 86400 / n), in = full ? 10000 : 16000;
                if (k == 0 && jitter > 0) {
                    in += (int) Math.round(ForecastCalibrationTest.gaussian(r) * jitter * 0.70 / 2.5e-6);
                }
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:%02d:%02dZ", second / 3600, second / 60 % 60, second % 60))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":").append(in)
                        .append(",\"output_tokens\":1000}}\n");
            }
        }
        return TestSupport.write(dir, name + ".jsonl", sb.toString());
    }

    private static JsonNode forecast(Path log) throws IOException {
        Path budget = TestSupport.write(dir, "b20.yaml", "total: 20\n");
        return TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", budget.toString(), log.toString()).json();
    }

    private static void assertDollarsAroundTheTruth(JsonNode j, double truth, double spike) {
        double total = j.get("forecast_total_usd").asDouble();
        JsonNode in = j.get("forecast_total_interval");
        assertEquals(truth, total, 0.5, "November's total");
        // at most another spike (or two at 95%) beyond the truth: dollars, not hundreds
        assertTrue(in.get("hi80").asDouble() <= truth + spike + 1 && in.get("hi95").asDouble() <= truth + 2 * spike + 1,
                "interval " + in);
        assertTrue(in.get("hi95").asDouble() >= in.get("hi80").asDouble() && in.get("hi80").asDouble() >= total - 1e-9
                && in.get("lo80").asDouble() <= total + 1e-9, in.toString());
        for (JsonNode a : j.get("alerts")) {
            assertTrue(a.get("value_usd").asDouble() <= truth + 2 * spike + 1, "alert " + a);
        }
    }

    @Test
    void aSpikeInAFlatSeriesWithJitterLeavesNovemberAtThirtyDaysAndABandOfDollars() throws IOException {
        // 10-01..11-15, a $7.00 day on 10-20; before: total $22.73, 80% [$10.50, $1,682.99], an alert of $1,682.99
        JsonNode j = forecast(log("jitter", LocalDate.parse("2026-10-01"), LocalDate.parse("2026-11-15"),
                LocalDate.parse("2026-10-20"), d -> true, 0.0004));
        assertDollarsAroundTheTruth(j, 30 * 0.70, 6.30);
        assertTrue(j.get("warnings").toString().contains("2026-10-20 ($7.00 against a typical $0.70)"), j.get("warnings").toString());
    }

    @Test
    void aSpikeInAnExactlyWeeklySeriesLeavesNovemberAtItsWeeksAndABandOfDollars() throws IOException {
        // 08-01..11-14, weekdays $0.70, weekends $0.20, a $7.00 Tuesday 10-20; before: 80% [$7.80, $272.36]
        JsonNode j = forecast(log("weekly", LocalDate.parse("2026-08-01"), LocalDate.parse("2026-11-14"),
                LocalDate.parse("2026-10-20"), d -> d.getDayOfWeek().getValue() < DayOfWeek.SATURDAY.getValue(), 0));
        assertDollarsAroundTheTruth(j, 21 * 0.70 + 9 * 0.20, 6.30);
    }

    @Test
    void aSpikeOnTheLastDayIsNoTrendAndTheBandAndTheNoteReachItsNewLevel() throws IOException {
        // 10-01..11-14 at $0.70, 11-14 at $7.00; before: $370.51, 80% [$370.51, $370.51]
        JsonNode j = forecast(log("last", LocalDate.parse("2026-10-01"), LocalDate.parse("2026-11-14"),
                LocalDate.parse("2026-11-14"), d -> true, 0));
        // the point a one-off, no trend; nothing after the last day tells it from a new level, so the 80% interval
        // reaches that reading, whatever the size of the jump (review r16b #5: a 3x last day had a zero-width band
        // while a 2x one reached its new level): 13 x 0.70 + 7.00 + 16 x 7.00 = 128.10
        JsonNode in = j.get("forecast_total_interval");
        assertEquals(29 * 0.70 + 7.00, j.get("forecast_total_usd").asDouble(), 0.05, in.toString());
        assertEquals(128.10, in.get("hi80").asDouble(), 0.05, in.toString());
        assertTrue(in.get("lo80").asDouble() >= 29 * 0.70 + 7.00 - 0.70 && in.get("hi95").asDouble() >= in.get("hi80").asDouble(), in.toString());
        String w = j.get("warnings").toString();
        assertTrue(w.contains("The forecast assumes a one-off ($27.30); if every day to 2026-11-30 spends as it did against "
                + "its weekday's typical, the period totals $128.10, and forecast_total_interval's upper bounds reach that"), w);
    }

    @Test
    void fourDaysFarAboveInARowAreNoSpikesAndASparseLogHasNone() {
        double[] y = new double[40];
        java.util.Arrays.fill(y, 0.70);
        y[36] = y[37] = y[38] = y[39] = 7.00; // the start of something: the fit must see it (r14 #2: up to 3 are an incident)
        assertArrayEquals(new int[0], SpikeRule.spikes(y, y.length));
        y[36] = y[37] = y[39] = 0.70;
        assertArrayEquals(new int[]{38}, SpikeRule.spikes(y, y.length));
        double[] sparse = new double[40]; // a request on one day in five: every active day is far above a $0 typical
        for (int t = 0; t < 40; t += 5) {
            sparse[t] = t == 20 ? 9.00 : 1.20;
        }
        assertArrayEquals(new int[0], SpikeRule.spikes(sparse, sparse.length));
    }
}
