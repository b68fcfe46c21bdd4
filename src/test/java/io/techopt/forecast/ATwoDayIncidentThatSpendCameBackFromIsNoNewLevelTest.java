package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r16b #6: two days at 2x (or at half) then a normal last day: under the spike rule's 2x, and the end rule no
 * longer sees them (the last day is normal), so the fit learned them as a new level: $26.36, 80% [25.66, 27.06], $0.95
 * a day for 16 days (down: $18.26), where the incident is over: $11.20 + 16 x $0.70 = $22.40 (down: $20.30).
 */
class ATwoDayIncidentThatSpendCameBackFromIsNoNewLevelTest {
    @TempDir
    static Path dir;

    /** An exact $0.70 a day of gpt-4o (24 requests, $2.50/M input) from 09-01 to 11-14, 11-12 and 11-13 at m times it. */
    private static JsonNode forecast(double m) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            boolean incident = d.equals(LocalDate.parse("2026-11-12")) || d.equals(LocalDate.parse("2026-11-13"));
            long in = Math.round(0.70 * (incident ? m : 1) / 24 / 2.5e-6);
            for (int h = 0; h < 24; h++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:30:00Z", h))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":").append(in).append(",\"output_tokens\":0}}\n");
            }
        }
        Path log = TestSupport.write(dir, "incident_" + m + ".jsonl", sb.toString());
        return TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString()).json();
    }

    @Test
    void twoDaysAtTwiceOrHalfThenANormalLastDayForecastTheLevelSpendCameBackTo() throws IOException {
        for (double m : new double[]{2, 0.5}) {
            JsonNode j = forecast(m);
            double mtd = j.get("month_to_date_usd").asDouble(), hand = mtd + 16 * 0.70;
            JsonNode in = j.get("forecast_total_interval");
            assertEquals(hand, j.get("forecast_total_usd").asDouble(), 0.05, m + "x: " + in);
            assertTrue(in.get("lo80").asDouble() <= hand && hand <= in.get("hi80").asDouble(), m + "x: " + in);
            for (JsonNode p : j.get("forecast")) {
                assertEquals(0.70, p.get("cost_usd").asDouble(), 0.01, p.toString());
            }
            assertTrue(j.get("warnings").toString().contains("the days 2026-11-12, 2026-11-13 spent"), j.get("warnings").toString());
        }
    }
}
