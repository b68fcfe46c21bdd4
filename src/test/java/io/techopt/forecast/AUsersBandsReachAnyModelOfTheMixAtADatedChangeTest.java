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
 * Review r23f N4: with --by user, a dated price change scaled every user by the total's token mix (a charge names
 * no user): user u1 on acme-y (halving 11-20, bill $20.58) and u2 on acme-z (no change, $25.20) were both $22.89 with
 * zero-width bands excluding both bills. A user's mix is unknown: its bounds reach any one model of the total's mix.
 */
class AUsersBandsReachAnyModelOfTheMixAtADatedChangeTest {
    @TempDir
    static Path dir;

    @Test
    void eachUsersBandHoldsItsBillAndTheNoteSaysTheMixIsTheTotals() throws IOException {
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
            for (int h = 0; h < 24; h++) {
                for (String[] um : new String[][]{{"u1", "acme-y"}, {"u2", "acme-z"}}) {
                    sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:%s:00Z", h, um[0].equals("u1") ? "10" : "40"))
                            .append("\",\"model\":\"").append(um[1]).append("\",\"user\":\"").append(um[0])
                            .append("\",\"usage\":{\"input_tokens\":10000,\"output_tokens\":1000}}\n");
                }
            }
        }
        Path log = TestSupport.write(dir, "users.jsonl", sb.toString());
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--by", "user", "--prices", prices.toString(),
                log.toString()).json();
        // by hand: u1 11.76 + 5 x 0.84 + 11 x 0.42 = 20.58, u2 0.84 x 30 = 25.20; was [22.89, 22.89] for both
        double[][] bills = {{20.58}, {25.20}};
        int found = 0;
        for (JsonNode s : j.get("scopes")) {
            String name = s.get("scope").asText();
            if (!name.startsWith("user:")) {
                continue;
            }
            found++;
            JsonNode in = s.get("forecast_total_interval");
            for (double[] bill : bills) {
                assertTrue(in.get("lo80").asDouble() <= bill[0] + 0.01 && in.get("hi80").asDouble() >= bill[0] - 0.01,
                        name + " " + in + " excludes " + bill[0]);
            }
        }
        assertEquals(2, found, j.get("scopes").toString());
        assertEquals(45.78, j.get("forecast_total_usd").asDouble(), 0.05, j.get("warnings").toString());
        assertTrue(j.get("warnings").toString().contains("--by user scope is scaled by the total's mix"), j.get("warnings").toString());
    }
}
