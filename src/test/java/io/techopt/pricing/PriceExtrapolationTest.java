package io.techopt.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 12 defect 9: a price used before the date it took effect is reported, and every run says which price priced each model. */
class PriceExtrapolationTest {
    @TempDir
    Path dir;

    Path prices() throws IOException {
        return TestSupport.write(dir, "prices.yaml", """
                models:
                  - key: acme-chat
                    provider: vllm
                    prices:
                      - {effective: 2026-01-01, input: 1.0, output: 2.0}
                      - {effective: 2026-03-01, input: 0.5, output: 1.0}
                """);
    }

    /** One request (1M input tokens) on each date. */
    Path log(String... dates) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String d : dates) {
            sb.append("{\"timestamp\":\"").append(d).append("T12:00:00Z\",\"model\":\"acme-chat\",")
                    .append("\"usage\":{\"input_tokens\":1000000,\"output_tokens\":0}}\n");
        }
        return TestSupport.write(dir, "log.jsonl", sb.toString());
    }

    static JsonNode model(JsonNode report, String name) {
        for (JsonNode m : report.get("by_model")) {
            if (m.get("model").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError(name + " not in by_model: " + report.get("by_model"));
    }

    static List<String> warnings(JsonNode report) {
        List<String> w = new ArrayList<>();
        report.path("warnings").forEach(n -> w.add(n.asText()));
        return w;
    }

    @Test
    void aPriceDateBeforeTheFirstPriceWarnsAndNamesThePriceUsed() throws IOException {
        JsonNode j = TestSupport.cli("analyze", "-q", "-f", "json", "--prices", prices().toString(), "--price-date",
                "2025-06-01", log("2026-04-10").toString()).json();
        assertEquals(1.0, j.get("cost_usd").asDouble(), 1e-12, "priced at the earliest price there is");
        assertEquals("2026-01-01", model(j, "acme-chat").get("price_effective").asText());
        assertTrue(warnings(j).stream().anyMatch(w -> w.contains("acme-chat") && w.contains("2025-06-01")
                && w.contains("2026-01-01")), "the extrapolation is warned about: " + warnings(j));
    }

    @Test
    void requestsOlderThanTheFirstPriceAreWarnedAboutWithoutAPriceDate() throws IOException {
        JsonNode j = TestSupport.cli("analyze", "-q", "-f", "json", "--prices", prices().toString(),
                log("2025-11-20", "2025-12-20", "2026-02-10").toString()).json();
        assertEquals(3.0, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals("2026-01-01", model(j, "acme-chat").get("price_effective").asText());
        assertTrue(warnings(j).stream().anyMatch(w -> w.contains("acme-chat") && w.contains("2 requests")
                && w.contains("2026-01-01")), warnings(j).toString());
    }

    @Test
    void priceEffectiveNamesThePriceOfEachRunAndNoWarningWhenPricesCoverTheDates() throws IOException {
        JsonNode j = TestSupport.cli("analyze", "-q", "-f", "json", "--prices", prices().toString(),
                log("2026-03-05").toString()).json();
        assertEquals(0.5, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals("2026-03-01", model(j, "acme-chat").get("price_effective").asText(), "the version in effect that day");
        assertFalse(warnings(j).stream().anyMatch(w -> w.contains("acme-chat")), warnings(j).toString());
        JsonNode at = TestSupport.cli("analyze", "-q", "-f", "json", "--prices", prices().toString(), "--price-date",
                "2026-02-01", log("2026-03-05").toString()).json();
        assertEquals("2026-01-01", model(at, "acme-chat").get("price_effective").asText());
        assertEquals(1.0, at.get("cost_usd").asDouble(), 1e-12);
    }

    @Test
    void theBuiltInBookReportsTheDatedPriceOfEveryPricedModel() {
        JsonNode j = TestSupport.cli("analyze", "-q", "-f", "json", "samples/requests.jsonl.gz").json();
        for (JsonNode m : j.get("by_model")) {
            if (!m.get("price_key").isNull()) {
                assertNotNull(m.get("price_effective"), m.toString());
                assertTrue(m.get("price_effective").asText().matches("\\d{4}-\\d{2}-\\d{2}"), m.toString());
            }
        }
    }

    /** Issue 12 defect 9 (follow-up): the dated price is named in every human format, not only in JSON. */
    @Test
    void priceEffectiveIsShownInEveryHumanFormatOfAnalyze() throws IOException {
        Path prices = prices();
        Path log = log("2026-03-05");
        for (String format : List.of("table", "markdown", "html", "csv")) {
            TestSupport.Run run = TestSupport.cli("analyze", "-q", "-f", format, "--prices", prices.toString(), log.toString());
            assertEquals(0, run.code(), run.err());
            String header = run.out().lines().filter(l -> l.contains("price_key")).findFirst()
                    .orElseThrow(() -> new AssertionError(format + ": no by_model header\n" + run.out()));
            assertTrue(header.contains("price_effective"), format + " by_model header: " + header);
            String row = run.out().lines().filter(l -> l.contains("acme-chat") && l.contains("2026-03-01")).findFirst()
                    .orElseThrow(() -> new AssertionError(format + ": the model's row does not name its 2026-03-01 price\n" + run.out()));
            assertFalse(row.contains("2026-01-01"), format + ": the price in effect that day, not the first: " + row);
        }
        // --price-date names the price of that date in the text formats too
        TestSupport.Run at = TestSupport.cli("analyze", "-q", "-f", "markdown", "--prices", prices.toString(), "--price-date",
                "2026-02-01", log.toString());
        assertTrue(at.out().lines().anyMatch(l -> l.contains("acme-chat") && l.contains("2026-01-01")), at.out());
    }
}
