package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;

import static io.techopt.forecast.CumulativeIsARunningTotalsBoundsTest.request;
import static io.techopt.forecast.CumulativeIsARunningTotalsBoundsTest.sparseThenBurst;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review fe18a: a run of seven or eight $24 days ending a $1-a-day-in-ten log was past the burst rule (one to six days)
 * and short of the level-shift rule's two weeks after a step, so the fit learned it as a trend and its band ran away:
 * seven days, $556.10 with 80% to $3867.31 (95% to $5173.70), for readings of $170.60 (back to the sparse rate) and
 * $553 (the run goes on). A week or more of daily spend is a new level: the point takes it, the band holds it.
 */
class AWeekOrMoreOfSpendEndingASparseLogIsANewLevelNotARunawayTest {
    @TempDir
    static Path dir;

    @ParameterizedTest
    @ValueSource(ints = {7, 8, 10, 14, 21})
    void aWeekOrMoreOfDailySpendIsANewLevelWithABandAroundIt(int days) throws IOException {
        assertANewLevel(days, sparseThenBurst(days));
    }

    @Test
    void aSparseDayTwoWeeksBeforeTheRunsLastDayIsNoTypicalForIt() throws IOException {
        // the run's own days made that day's weekday typical $12.50 (24 and 1): ten days went to the fit, 80% to $728.77
        assertANewLevel(10, request("2026-10-31T08:15:00Z") + sparseThenBurst(10));
    }

    private static void assertANewLevel(int days, String log) throws IOException {
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q",
                TestSupport.write(dir, "run" + days + log.length() + ".jsonl", log).toString()).json();
        // November to date: the run's days in it and the 11-09 $1 request; 16 days left at $24
        double mtd = 24 * Math.min(days, 14) + 1;
        double goesOn = mtd + 16 * 24, point = j.get("forecast_total_usd").asDouble();
        JsonNode in = j.get("forecast_total_interval");
        assertTrue(point >= 0.9 * goesOn && point <= 1.1 * goesOn, point + " near the level going on, $" + goesOn);
        assertTrue(in.get("lo80").asDouble() <= point && in.get("lo80").asDouble() >= mtd - 0.5, "lo80 in [mtd, point]: " + in);
        if (days < 2 * Forecaster.WEEK) {
            // short of the level-shift rule's two weeks after a step, spend may still go back to the sparse rate
            assertTrue(in.get("lo80").asDouble() <= mtd + 16 * 0.5, "lo80 reaches spend back at the sparse rate: " + in);
        }
        // the run's days are exact: no band past the level going on plus a sparse day's noise, never a trend's
        assertTrue(in.get("hi80").asDouble() <= 1.25 * goesOn, "hi80 within 1.25x of the level going on: " + in);
        assertTrue(in.get("hi95").asDouble() <= 1.5 * goesOn, "hi95 within 1.5x of the level going on: " + in);
        double least = Double.POSITIVE_INFINITY, most = 0;
        for (JsonNode d : j.get("forecast")) {
            least = Math.min(least, d.get("cost_usd").asDouble());
            most = Math.max(most, d.get("cost_usd").asDouble());
        }
        assertTrue(most - least < 2, "no trend from the run: " + j.get("forecast"));
    }
}
