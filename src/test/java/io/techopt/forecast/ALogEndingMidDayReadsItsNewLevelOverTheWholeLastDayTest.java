package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Review r16b #9: a log ending at noon whose last two days doubled (11-13 and the half of 11-14 logged) read its new
 * level with the afternoon of 11-14 at the capped estimate the point uses for a partial last day (1.25x its neighbours,
 * so one heavy request ending a log is no doubled day): hi80 = hi95 = $31.80, under the new-level reading of $33.60
 * (the whole-day log reaches $33.60). The new level's reading takes the afternoon at the rate the morning was logged.
 */
class ALogEndingMidDayReadsItsNewLevelOverTheWholeLastDayTest {
    @TempDir
    static Path dir;

    private static final LocalDate FIRST = LocalDate.parse("2026-09-01"), LAST = LocalDate.parse("2026-11-14");

    /** 24 gpt-4o requests a day of $0.70 in all (input only, $2.50/M), m x on 11-13 and 11-14, 11-14 logged to noon. */
    private static Path log(double m) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
            double spend = d.isBefore(LAST.minusDays(1)) ? 0.70 : 0.70 * m;
            long in = Math.round(spend / 24 / 2.5e-6);
            for (int h = 0; h < (d.equals(LAST) ? 12 : 24); h++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:30:00Z", h))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":").append(in).append(",\"output_tokens\":0}}\n");
            }
        }
        return TestSupport.write(dir, "mid_" + m + ".jsonl", sb.toString());
    }

    @Test
    void aDoublingOnTheLastTwoDaysOfALogEndingAtNoonReachesTheNewLevelOverTheWholeLastDay() throws IOException {
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", log(2).toString()).json();
        JsonNode in = j.get("forecast_total_interval");
        // hand: logged $10.50 (12 days at $0.70, 11-13 at $1.40, the morning of 11-14 at $0.70); at the new level the
        // afternoon of 11-14 adds $0.70 and the 16 days left $1.40 each: $33.60
        assertEquals(10.50, j.get("month_to_date_usd").asDouble(), 0.01);
        assertEquals(33.60, in.get("hi80").asDouble(), 0.05, in.toString()); // was $31.80
        // the old level, with the afternoon of 11-14 at the morning's rate, which 11-13's whole day bears out (the
        // acceptance set's hand reading 22.40; the afternoon capped at 1.25x its neighbours gave 22.20)
        assertEquals(22.40, j.get("forecast_total_usd").asDouble(), 0.05, in.toString());
    }

    @Test
    void aHalvingOnTheLastTwoDaysOfALogEndingAtNoonKeepsItsReadings() throws IOException {
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", log(0.5).toString()).json();
        JsonNode in = j.get("forecast_total_interval");
        // hand: logged $8.93 (12 x $0.70, $0.35, the morning $0.175); at the new level the afternoon $0.175 and 16 x $0.35
        double mtd = j.get("month_to_date_usd").asDouble();
        assertEquals(mtd + 0.175 + 16 * 0.35, in.get("lo80").asDouble(), 0.05, in.toString()); // held: $14.70
    }
}
