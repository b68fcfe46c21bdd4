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
 * Review r16b #3: a step lasting four to six days at the end of a noisy log, too long for the end rule's one to three
 * days and too short for the level-shift rule's week, fed the fit as it was: a 2x step on the last 4 days with 5% noise
 * gave $42.28, 80% [29.38, 55.17] (a trend rising to $2.23 a day) and exit 4 on a $50 budget, for readings of $34.60
 * (new level) and $23.40 (old); a 3x step with 2% noise $54.12 [20.82, 87.43] for $48.79. Now the fit takes the new
 * level with no trend from it, and the interval reaches the old level's reading.
 */
class AStepOfFourToSixDaysAtTheEndIsALevelNotATrendTest {
    @TempDir
    static Path dir;

    private static final LocalDate FIRST = LocalDate.parse("2026-09-01"), LAST = LocalDate.parse("2026-11-14");

    /** 24 gpt-4o requests a day ($2.50/M input), $0.70 a day times m from the last {@code days} days, 1 + noise x N(0, 1). */
    private static JsonNode forecast(String name, double m, int days, double noise, long seed, String... more) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
            double spend = 0.70 * (d.isAfter(LAST.minusDays(days)) ? m : 1) * (noise > 0 ? 1 + noise * ForecastCalibrationTest.gaussian(r) : 1);
            long in = Math.round(spend / 24 / 2.5e-6);
            for (int h = 0; h < 24; h++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:30:00Z", h))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":").append(in).append(",\"output_tokens\":0}}\n");
            }
        }
        Path log = TestSupport.write(dir, name + ".jsonl", sb.toString());
        String[] args = new String[5 + more.length];
        System.arraycopy(new String[]{"cost-forecast", "-f", "json", "-q", log.toString()}, 0, args, 0, 5);
        System.arraycopy(more, 0, args, 5, more.length);
        return TestSupport.cli(args).json();
    }

    /**
     * The point at the new level (within {@code slack} of the move), the 80% interval reaching the old level's reading
     * and not past the new level by more than half the move (no trend), the 95% interval around the 80% one.
     */
    private static void assertNewLevelWithABandToTheOld(JsonNode j, double m, double slack, String name) {
        double mtd = j.get("month_to_date_usd").asDouble(), old = mtd + 16 * 0.70, newLevel = mtd + 16 * 0.70 * m;
        double move = Math.abs(newLevel - old), point = j.get("forecast_total_usd").asDouble();
        JsonNode in = j.get("forecast_total_interval");
        double lo = in.get("lo80").asDouble(), hi = in.get("hi80").asDouble();
        String what = name + ", " + m + "x: hand new " + newLevel + ", old " + old + ", printed " + point + " " + in;
        assertEquals(newLevel, point, slack * move, what);
        // the old level's reading from the run's own noisy days: within a twentieth of the move of the clean one
        assertTrue(old < newLevel ? lo <= old + 0.05 * move && hi <= newLevel + 0.5 * move
                : hi >= old - 0.05 * move && lo >= newLevel - 0.5 * move, what);
        assertTrue(in.get("lo95").asDouble() <= lo + 1e-9 && in.get("hi95").asDouble() >= hi - 1e-9, what);
    }

    @Test
    void aNoisyDoublingOnTheLastFourToSixDaysIsForecastAtItsLevelWithTheBandDownToTheOldOne() throws IOException {
        // UP4 5% noise: was $42.28, 80% [29.38, 55.17]; hand $12.20 + 16 x $1.40 = $34.60 (new), $23.40 (old)
        for (int days = 4; days <= 6; days++) {
            for (long seed = 1; seed <= 2; seed++) {
                assertNewLevelWithABandToTheOld(forecast("up" + days + "_" + seed, 2, days, 0.05, seed), 2, 0.15, days + " days, seed " + seed);
            }
        }
    }

    @Test
    void aTriplingOnTheLastFourDaysWithTwoPercentNoiseIsNoTrendAndPassesAFiftyDollarBudget() throws IOException {
        // r14 E5: was $54.12 [20.82, 87.43], 95% to $125.49, exit 4 on $50; hand $15.19 + 16 x $2.10 = $48.79
        Path budget = TestSupport.write(dir, "b50.yaml", "total: 50\n");
        JsonNode j = forecast("e5", 3, 4, 0.02, 5, "--budget", budget.toString());
        assertNewLevelWithABandToTheOld(j, 3, 0.10, "E5");
        assertTrue(j.get("warnings").toString().contains("The last 4 days, 2026-11-11 to 2026-11-14"), j.get("warnings").toString());
    }

    @Test
    void exactStepsOfFourToSixDaysUpOrDownAreAtTheNewLevelWithTheOldInTheBand() throws IOException {
        // held before at about the new level (UP4 $35.20, hand $35.00; DN4 $13.90, hand $14.00), with a zero-width band
        for (int days = 4; days <= 6; days++) {
            assertNewLevelWithABandToTheOld(forecast("exact_up" + days, 2, days, 0, 1), 2, 0.02, "up " + days);
            assertNewLevelWithABandToTheOld(forecast("exact_dn" + days, 0.5, days, 0, 1), 0.5, 0.02, "down " + days);
        }
    }
}
