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
 * Review r18f A: five days off the typical (longer than the 1-3 day incident rule, not ending the log as the 4-6 day
 * step rule wants) then two or three days back at the old level, on an exact $0.70 log: 2x on 11-07..11 then three
 * normal days made a damped trend to $0 a day, $13.50, 80% [13.30, 17.00]; half on 11-08..12 then two normal days a
 * trend up, $31.20, 80% [29.45, 32.95]. Spend came back: by hand month-to-date + 16 x $0.70 ($24.50 and $19.25).
 */
class AFiveDayIncidentThatSpendCameBackFromIsNoTrendTest {
    @TempDir
    static Path dir;

    /** An exact $0.70 a day of gpt-4o (24 requests, $2.50/M input) from 09-01 to 11-14, [from, to] at m times it. */
    private static JsonNode forecast(double m, String from, String to) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            boolean incident = !d.isBefore(LocalDate.parse(from)) && !d.isAfter(LocalDate.parse(to));
            long in = Math.round(0.70 * (incident ? m : 1) / 24 / 2.5e-6);
            for (int h = 0; h < 24; h++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:30:00Z", h))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":").append(in).append(",\"output_tokens\":0}}\n");
            }
        }
        Path log = TestSupport.write(dir, "incident_" + m + "_" + from + ".jsonl", sb.toString());
        return TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString()).json();
    }

    private static void assertBackAtTheOldLevel(JsonNode j, String what) {
        double mtd = j.get("month_to_date_usd").asDouble(), hand = mtd + 16 * 0.70;
        JsonNode in = j.get("forecast_total_interval");
        assertEquals(hand, j.get("forecast_total_usd").asDouble(), 0.05, what + ": " + in);
        assertTrue(in.get("lo80").asDouble() <= hand && hand <= in.get("hi80").asDouble(), what + ": " + in);
        for (JsonNode p : j.get("forecast")) {
            assertEquals(0.70, p.get("cost_usd").asDouble(), 0.01, what + ": " + p);
        }
    }

    @Test
    void fiveDaysAtTwiceThenThreeNormalDaysForecastTheOldLevelNotZero() throws IOException {
        JsonNode j = forecast(2, "2026-11-07", "2026-11-11");
        assertEquals(24.50, j.get("forecast_total_usd").asDouble(), 0.05); // review's hand figure
        assertBackAtTheOldLevel(j, "2x 11-07..11");
        assertTrue(j.get("warnings").toString().contains("the days 2026-11-07, 2026-11-08, 2026-11-09, 2026-11-10, 2026-11-11 spent over"),
                j.get("warnings").toString());
    }

    @Test
    void fiveDaysAtHalfOrLessThenTwoNormalDaysForecastTheOldLevelNotATrendUp() throws IOException {
        JsonNode j = forecast(0.5, "2026-11-08", "2026-11-12");
        assertEquals(19.25, j.get("forecast_total_usd").asDouble(), 0.05); // review's hand figure
        assertBackAtTheOldLevel(j, "0.5x 11-08..12");
        assertBackAtTheOldLevel(forecast(0.3, "2026-11-08", "2026-11-12"), "0.3x 11-08..12");
    }
}
