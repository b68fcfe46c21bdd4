package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import static io.techopt.forecast.CumulativeIsARunningTotalsBoundsTest.sparseThenBurst;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r24f M3: $24 a day on 11-12 and 11-13 ending a sparse log, then 11-14 logged only from 00:15 to 05:15 (the
 * log ends about 06:00): the burst's level was its three days' mean, the six hours of 11-14 as a full day, $18 a day,
 * and the 80% upper bound $343, while the burst going on ($1 an hour) gives 55 + 18 for the rest of 11-14 + 16 x 24 =
 * $457. Too few whole days measure a day profile (EdgeDays), but the burst's own whole days do.
 */
class ABurstEndingOnAPartialLastDayIsReadPerHourTest {
    @TempDir
    static Path dir;

    @Test
    void theBurstGoingOnIsReadPerHourCoveredOnTheLastDay() throws IOException {
        String log = Arrays.stream(sparseThenBurst(3).split("\n"))
                .filter(l -> !l.matches(".*2026-11-14T(0[6-9]|1\\d|2\\d).*")) // 11-14 holds 00:15 to 05:15
                .collect(Collectors.joining("\n", "", "\n"));
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", TestSupport.write(dir, "partial.jsonl", log).toString()).json();
        JsonNode in = j.get("forecast_total_interval");
        assertTrue(j.get("month_to_date_usd").asDouble() > 54.9 && j.get("month_to_date_usd").asDouble() < 55.1, j.toString());
        assertTrue(in.get("hi80").asDouble() >= 0.99 * 457 && in.get("hi80").asDouble() <= 1.5 * 457, "the band reaches the burst going on: " + in);
        assertTrue(j.get("forecast_total_usd").asDouble() <= 457, "the point under the burst going on: " + j.get("forecast_total_usd"));
        assertTrue(j.get("warnings").toString().contains("$457.00"), "the note gives the burst going on: " + j.get("warnings"));
    }
}
