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
 * Review r10 #1. An exactly flat series (a cron job: $0.70 every day) with one spike day gave a month-end interval of
 * $162,407,751.81 and a forecast alert of that size: refits before the spike fit the series exactly, so their sd is
 * ~0 and the spike's error divided by it is a score in the billions, which the final fit (whose sd the spike lifted)
 * multiplied back. A degenerate scale is detected and the intervals are calibrated on the errors in dollars.
 */
class OneSpikeInAnExactlyFlatSeriesIsNoMillionDollarBandTest {
    @TempDir
    static Path dir;

    /** 2026-08-01..11-14: 20 gpt-4o requests of 10k in, 1k out ($0.035 each) a day, 200 on the spike day. */
    private static Path log(String spike, int spikeRequests) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-08-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            int n = d.toString().equals(spike) ? spikeRequests : 20;
            for (int k = 0; k < n; k++) {
                int second = (int) ((k + 0.5) * 86400 / n);
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:%02d:%02dZ", second / 3600, second / 60 % 60, second % 60))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":10000,\"output_tokens\":1000}}\n");
            }
        }
        return TestSupport.write(dir, "spike-" + spike + "-" + spikeRequests + ".jsonl", sb.toString());
    }

    @Test
    void aSpikeDayInAFlatSeriesGivesAPeriodBandOfDollarsNotMillions() {
        double[] y = new double[106];
        Arrays.fill(y, 0.70);
        y[80] = 7.00; // one spike day, 26 days before the end
        Prediction p = Forecaster.forecast(y, 14, 30).prediction();
        for (int k : new int[]{1, 7, 16, 30}) {
            for (int level : new int[]{80, 95}) {
                double half = p.halfOfSum(k, level);
                assertTrue(Double.isFinite(half) && half >= 0 && half <= 0.70 * k + 7.00,
                        "a " + k + "-day sum's " + level + "% half-width is $" + half + ": more than every day a spike");
            }
            assertTrue(p.half(k, 95) <= 7.00, "day " + k + " 95% half-width $" + p.half(k, 95));
        }
    }

    @Test
    void aSpikeInOctoberLeavesNovembersTotalNearThirtyDaysOfSpendWithABandOfAFewDollars() throws IOException {
        Path budget = TestSupport.write(dir, "b20.yaml", "total: 20\n");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", budget.toString(),
                "--fail-on-alert", log("2026-10-20", 200).toString());
        JsonNode j = run.json();
        double total = j.get("forecast_total_usd").asDouble();
        JsonNode in = j.get("forecast_total_interval");
        assertTrue(total > 20.5 && total < 24, "Nov total $" + total + " (30 x 0.70 = 21.00)");
        assertTrue(in.get("hi80").asDouble() < 35 && in.get("hi95").asDouble() < 40, "interval " + in);
        assertTrue(in.get("hi95").asDouble() >= in.get("hi80").asDouble() && in.get("hi80").asDouble() >= total, in.toString());
        for (JsonNode a : j.get("alerts")) {
            assertTrue(a.get("value_usd").asDouble() < 40, "alert " + a);
        }
        assertEquals(4, run.code(), "Nov's forecast crosses $20");
    }

    @Test
    void aSpikeInsideTheMonthOrOnlyThreeTimesTheLevelStaysInDollarsToo() throws IOException {
        // truth for the spike inside November: 29 x 0.70 + 7.00 = 27.30; for 3x: 29 x 0.70 + 2.10 = 22.40
        for (Object[] c : new Object[][]{{"2026-11-05", 200, 27.30}, {"2026-11-05", 60, 22.40}}) {
            JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", log((String) c[0], (Integer) c[1]).toString()).json();
            JsonNode in = j.get("forecast_total_interval");
            double truth = (Double) c[2];
            assertTrue(in.get("hi95").asDouble() < truth + 15, c[1] + " requests: interval " + in);
            assertTrue(in.get("hi80").asDouble() >= j.get("forecast_total_usd").asDouble(), in.toString());
        }
    }
}
