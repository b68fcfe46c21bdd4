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
 * Review r23f N1: the same tokens every day, and the book halves acme-y on the log's last day: the end rules read the
 * halved day as a dip and the forecast kept the old price, $24.78 for a bill of $18.06 (11.34 + 16 x 0.42). The fit
 * reads the history at the last day's prices, so the change is no level change, and a note names it.
 */
class APriceChangeOnTheLastDaysIsNoDipOrSpikeTest {
    @TempDir
    static Path dir;

    @Test
    void aHalvingOnTheLastDayIsForecastAtTheNewPrice() throws IOException {
        Path prices = TestSupport.write(dir, "prices.yaml", """
                models:
                  - key: acme-y
                    provider: acme
                    prices:
                      - {effective: 2026-01-01, input: 2.5, output: 10}
                      - {effective: 2026-11-14, input: 1.25, output: 5}
                """);
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            for (int h = 0; h < 24; h++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:30:00Z", h))
                        .append("\",\"model\":\"acme-y\",\"usage\":{\"input_tokens\":10000,\"output_tokens\":1000}}\n");
            }
        }
        Path log = TestSupport.write(dir, "cut.jsonl", sb.toString());
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--prices", prices.toString(), log.toString()).json();
        assertEquals(11.34, j.get("month_to_date_usd").asDouble(), 0.01, j.toString());
        // by hand 11.34 + 16 x 0.42 = 18.06; was 24.78 (the old price's level)
        assertEquals(18.06, j.get("forecast_total_usd").asDouble(), 0.05, j.get("warnings").toString());
        JsonNode in = j.get("forecast_total_interval");
        assertTrue(in.get("hi80").asDouble() < 24.78 - 1, in.toString());
        String w = j.get("warnings").toString();
        assertTrue(w.contains("acme-y from 2026-11-14") && w.contains("no dip, spike or new level"), w);
    }
}
