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
 * Review r23f N4: a dated price change was scaled by the scope's last 28 days' token mix. A log on acme-z to 10-31
 * that moved to acme-y on 11-01 (acme-y halves on 11-20) had half its 28 days on acme-z, so the cut was applied at
 * 0.75, not 0.5: $22.89 with a zero-width band for a bill of $20.58. The last week's mix is the one ahead.
 */
class ADatedPriceChangeFollowsTheScopesLastWeekMixTest {
    @TempDir
    static Path dir;

    @Test
    void aLogThatMovedToTheCheaperGettingModelTwoWeeksAgoGetsTheWholeCut() throws IOException {
        Path prices = TestSupport.write(dir, "prices.yaml", """
                models:
                  - key: acme-y
                    provider: acme
                    prices:
                      - {effective: 2026-01-01, input: 2.5, output: 10}
                      - {effective: 2026-11-20, input: 1.25, output: 5}
                  - key: acme-z
                    provider: acme
                    prices:
                      - {effective: 2026-01-01, input: 2.5, output: 10}
                """);
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            String model = d.isBefore(LocalDate.parse("2026-11-01")) ? "acme-z" : "acme-y";
            for (int h = 0; h < 24; h++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:30:00Z", h)).append("\",\"model\":\"")
                        .append(model).append("\",\"usage\":{\"input_tokens\":10000,\"output_tokens\":1000}}\n");
            }
        }
        Path log = TestSupport.write(dir, "moved.jsonl", sb.toString());
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--prices", prices.toString(), log.toString()).json();
        // by hand: 11.76 + 5 x 0.84 + 11 x 0.42 = 20.58 (every request since 11-01 is acme-y); was 22.89
        assertEquals(20.58, j.get("forecast_total_usd").asDouble(), 0.05, j.get("warnings").toString());
        for (JsonNode p : j.get("forecast")) {
            double expected = p.get("date").asText().compareTo("2026-11-20") < 0 ? 0.84 : 0.42;
            assertEquals(expected, p.get("cost_usd").asDouble(), 0.01, p.toString());
        }
    }
}
