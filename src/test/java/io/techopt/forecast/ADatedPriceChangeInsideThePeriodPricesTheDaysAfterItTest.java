package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r21f M2: the price book the run loaded halves acme-y's price on 2026-11-20, inside the month forecast from
 * a log ending 11-14, and the forecast ignored it: $25.20 with an 80% band [25.20, 25.20], while the bill is 11.76 +
 * 5 x 0.84 + 11 x 0.42 = $20.58. The days from a dated change on are priced at the new price (each scope at its own
 * recent model mix), a note names the change, and --price-date, which prices everything at one date, still does.
 */
class ADatedPriceChangeInsideThePeriodPricesTheDaysAfterItTest {
    @TempDir
    static Path dir;
    static Path log, prices;

    /** 2026-09-01..11-14, 24 requests a day of 10k in / 1k out: team A on acme-y, team B on acme-z ($0.84 a day each). */
    @BeforeAll
    static void write() throws IOException {
        prices = TestSupport.write(dir, "prices.yaml", """
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
                      - {effective: 2026-12-05, input: 1.25, output: 5}
                """);
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            for (int h = 0; h < 24; h++) {
                for (String[] tm : new String[][]{{"A", "acme-y"}, {"B", "acme-z"}}) {
                    sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:%s:00Z", h, tm[0].equals("A") ? "10" : "40"))
                            .append("\",\"model\":\"").append(tm[1]).append("\",\"team\":\"").append(tm[0])
                            .append("\",\"usage\":{\"input_tokens\":10000,\"output_tokens\":1000}}\n");
                }
            }
        }
        log = TestSupport.write(dir, "two_models.jsonl", sb.toString());
    }

    private static JsonNode scope(JsonNode j, String name) {
        for (JsonNode s : j.get("scopes")) {
            if (s.get("scope").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError(name + " missing: " + j.get("scopes"));
    }

    @Test
    void theDaysFromADatedPriceCutArePricedAtTheNewPriceWithANoteNamingIt() {
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--by", "team", "--prices", prices.toString(),
                log.toString()).json();
        // by hand: A 11.76 + 5 x 0.84 + 11 x 0.42 = 20.58; B 11.76 + 16 x 0.84 = 25.20 (its cut is in December)
        assertEquals(20.58, scope(j, "team:A").get("forecast_total_usd").asDouble(), 0.05, j.get("scopes").toString());
        assertEquals(25.20, scope(j, "team:B").get("forecast_total_usd").asDouble(), 0.05, j.get("scopes").toString());
        double total = j.get("forecast_total_usd").asDouble();
        assertEquals(45.78, total, 0.1, j.get("warnings").toString()); // was 50.40
        JsonNode in = j.get("forecast_total_interval");
        assertTrue(in.get("lo80").asDouble() <= total + 1e-6 && in.get("hi80").asDouble() >= total - 1e-6
                && in.get("hi80").asDouble() < 50.40 - 1, in.toString());
        // the days: $1.68 to 11-19, $1.26 from 11-20; month-to-date plus the days is the point
        double sum = j.get("month_to_date_usd").asDouble();
        for (JsonNode p : j.get("forecast")) {
            double expected = p.get("date").asText().compareTo("2026-11-20") < 0 ? 1.68 : 1.26;
            assertEquals(expected, p.get("cost_usd").asDouble(), 0.02, p.toString());
            assertTrue(p.get("hi80").asDouble() >= p.get("cost_usd").asDouble() - 1e-9, p.toString());
            sum += p.get("cost_usd").asDouble();
        }
        assertEquals(total, sum, 0.01);
        JsonNode lastCum = j.get("cumulative").get(j.get("cumulative").size() - 1);
        assertEquals(in.get("lo80").asDouble(), lastCum.get("lo80").asDouble(), 0.005, lastCum.toString());
        assertEquals(in.get("hi80").asDouble(), lastCum.get("hi80").asDouble(), 0.005, lastCum.toString());
        String w = j.get("warnings").toString();
        assertTrue(w.contains("acme-y") && w.contains("2026-11-20"), w);
        assertFalse(w.contains("2026-12-05"), "acme-z's change lies after the period: " + w);
    }

    @Test
    void priceDatePricesTheForecastAtThatOneDateToo() {
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--prices", prices.toString(), "--price-date",
                "2026-11-01", log.toString()).json();
        assertEquals(50.40, j.get("forecast_total_usd").asDouble(), 0.05, j.get("warnings").toString());
        assertTrue(j.get("warnings").toString().contains("--price-date"), j.get("warnings").toString());
    }

    @Test
    void aQuarterReachesTheChangeAfterTheMonthToo() {
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--horizon", "quarter", "--prices",
                prices.toString(), log.toString()).json();
        // October and November to 11-14 logged (31 + 14 days at $1.68), then 5 days at 1.68, 11 at 1.26, December:
        // 4 days at 1.26 and 27 at 0.84 (acme-z halves on 12-05)
        double hand = 45 * 1.68 + 5 * 1.68 + 11 * 1.26 + 4 * 1.26 + 27 * 0.84;
        assertEquals(hand, j.get("forecast_total_usd").asDouble(), 0.1, j.get("warnings").toString());
        assertTrue(j.get("warnings").toString().contains("2026-12-05"), j.get("warnings").toString());
    }

    @Test
    void onTheSampleTheBoundsMoveWithThePricesAndStayReconciled() throws IOException {
        // claude-sonnet-4 (the sample's largest model) doubles on 2026-10-25, five days after --until 2026-10-21
        Path up = TestSupport.write(dir, "sonnet_up.yaml", """
                models:
                  - key: claude-sonnet-4-20250514
                    provider: anthropic
                    prices:
                      - {effective: 2025-05-22, input: 3, output: 15, cache_read: 0.3, cache_write: 3.75}
                      - {effective: 2026-10-25, input: 6, output: 30, cache_read: 0.6, cache_write: 7.5}
                """);
        JsonNode before = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--until", "2026-10-21",
                "samples/requests.jsonl.gz").json();
        JsonNode after = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--until", "2026-10-21", "--prices",
                up.toString(), "samples/requests.jsonl.gz").json();
        JsonNode b = before.get("forecast"), a = after.get("forecast");
        double sum = after.get("month_to_date_usd").asDouble();
        for (int k = 0; k < a.size(); k++) {
            boolean changed = a.get(k).get("date").asText().compareTo("2026-10-25") >= 0;
            double was = b.get(k).get("cost_usd").asDouble(), now = a.get(k).get("cost_usd").asDouble();
            // before the change the day is as it was; from it, dearer (most of the spend is claude-sonnet-4's)
            assertTrue(changed ? now > 1.3 * was : Math.abs(now - was) < 1e-9, k + ": " + was + " -> " + now);
            assertTrue(a.get(k).get("lo80").asDouble() <= now && now <= a.get(k).get("hi80").asDouble(), a.get(k).toString());
            sum += now;
        }
        double point = after.get("forecast_total_usd").asDouble();
        assertEquals(point, sum, 0.005);
        JsonNode in = after.get("forecast_total_interval"), was = before.get("forecast_total_interval");
        assertTrue(in.get("hi80").asDouble() - point > was.get("hi80").asDouble() - before.get("forecast_total_usd").asDouble(),
                in + " vs " + was);
        JsonNode cum = after.get("cumulative").get(after.get("cumulative").size() - 1);
        assertEquals(in.get("lo80").asDouble(), cum.get("lo80").asDouble(), 0.005, cum.toString());
        assertEquals(in.get("hi80").asDouble(), cum.get("hi80").asDouble(), 0.005, cum.toString());
    }
}
