package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r21f H1: a whole log of 2-6 days was forecast by a least-squares line through its days, extrapolated over the
 * 16 days left in November: two days of $0.782 and $0.677 gave $3.32 (the line reaching $0 within a week) and no band,
 * $0.70 then $1.05 gave $66.15, three days .70 .80 .70 an 80% band of [2.46, 25.41]. A log under a week keeps the rule
 * of a scope that began on the last days: its mean daily spend, a band on that rate, never a line. The readings a
 * finance user takes by hand: month-to-date + 16 x the mean day, and + 16 x the last day. The acceptance rules
 * (ForecastAcceptanceSetTest): the point between the readings, the 80% band holding both, lo80 at least month-to-date
 * and the lowest reading / 1.5, hi80 at most 1.5x the highest, never null or of zero width.
 */
class ALogYoungerThanAWeekIsForecastAtItsMeanRateTest {
    @TempDir
    static Path dir;

    /** The days ending Saturday 2026-11-14, each 24 gpt-4o requests on the hour's half costing x / 24. */
    private static Path log(String name, double[] days) throws IOException {
        StringBuilder sb = new StringBuilder();
        LocalDate start = LocalDate.parse("2026-11-14").minusDays(days.length - 1);
        for (int i = 0; i < days.length; i++) {
            long in = Math.round((days[i] / 24 - 0.01) / 2.5e-6);
            for (int h = 0; h < 24; h++) {
                sb.append("{\"timestamp\":\"").append(start.plusDays(i)).append(String.format("T%02d:30:00Z", h))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":").append(in)
                        .append(",\"output_tokens\":1000}}\n");
            }
        }
        return TestSupport.write(dir, name + ".jsonl", sb.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "X2_down15 | 0.782 0.677",            // was 3.32, band null
            "X2_up10   | 0.70 0.77",              // was 23.30, band null
            "X2_up50   | 0.70 1.05",              // was 66.15, band null
            "X3_up_down| 0.70 0.80 0.70",         // was 13.93 [2.46, 25.41]
            "X4_exact  | 0.70 0.70 0.70 0.70",
            "X6_up5pct | 0.70 0.735 0.77175 0.8103375 0.850854375 0.89339709375", // was 24.26 [24.09, 24.43]
    })
    void theForecastIsTheMeanRateWithABandHoldingTheMeanAndTheLastDay(String name, String spend) throws IOException {
        double[] days = Arrays.stream(spend.trim().split(" +")).mapToDouble(Double::parseDouble).toArray();
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", log(name.trim(), days).toString()).json();
        double mtd = Arrays.stream(days).sum(), mean = mtd / days.length, last = days[days.length - 1];
        double atMean = mtd + 16 * mean, atLast = mtd + 16 * last;
        double low = Math.min(atMean, atLast), high = Math.max(atMean, atLast), tol = 0.01;
        double point = j.get("forecast_total_usd").asDouble();
        JsonNode in = j.get("forecast_total_interval");
        String what = name + ": point " + point + " " + in + ", readings " + atMean + " / " + atLast;
        assertTrue(point >= low - tol && point <= high + tol, what);
        assertTrue(!in.get("lo80").isNull() && !in.get("hi80").isNull(), what);
        double lo80 = in.get("lo80").asDouble(), hi80 = in.get("hi80").asDouble();
        assertTrue(lo80 <= low + tol && hi80 >= high - tol, "the 80% band holds both readings: " + what);
        assertTrue(lo80 >= mtd - tol && lo80 >= low / 1.5 - tol && hi80 <= 1.5 * high + tol, "within the bounds: " + what);
        assertTrue(hi80 - lo80 > 0.05 * point, "a band of some width on " + days.length + " days: " + what);
        assertTrue(in.get("lo95").asDouble() <= lo80 && in.get("hi95").asDouble() >= hi80, what);
        assertTrue(j.get("warnings").toString().contains("under a week"), j.get("warnings").toString());
    }
}
