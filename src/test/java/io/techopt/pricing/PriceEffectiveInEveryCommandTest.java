package io.techopt.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 defect 9, for every command that prices requests by date, not only analyze: each names the dated price that
 * priced each model ({@code prices_used[].price_effective}, the same as analyze's by_model) in JSON and every human
 * format, and warns when a price was used before the date it took effect.
 */
class PriceEffectiveInEveryCommandTest {
    @TempDir
    Path dir;

    /** Every command that prices a log's requests, with what it needs to run on the log below. */
    static final List<List<String>> COMMANDS = List.of(List.of("budget"), List.of("ab-report", "--experiment", "exp1"),
            List.of("cost-forecast"), List.of("cache-warm", "--dry-run"), List.of("cache-warm", "simulate"), List.of("route-sim"));

    Path prices() throws IOException {
        return TestSupport.write(dir, "prices.yaml", """
                models:
                  - key: acme-chat
                    provider: vllm
                    prices:
                      - {effective: 2026-01-01, input: 1.0, output: 2.0}
                      - {effective: 2026-03-01, input: 0.5, output: 1.0}
                  - key: acme-mini
                    provider: vllm
                    prices:
                      - {effective: 2026-01-01, input: 0.1, output: 0.2}
                """);
    }

    /** 40 requests in March 2026 and, for acme-mini only, 6 in December 2025, before its first price. */
    Path log() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 46; i++) {
            boolean early = i >= 40;
            String day = early ? "2025-12-" + (10 + i - 40) : String.format("2026-03-%02d", 1 + i % 20);
            sb.append("{\"timestamp\":\"").append(day).append("T12:00:00Z\",\"request_id\":\"r").append(i)
                    .append("\",\"model\":\"").append(early || i % 2 == 0 ? "acme-mini" : "acme-chat")
                    .append("\",\"user\":\"u").append(i % 10).append("\",\"team\":\"t\",\"task_type\":\"chat\",")
                    .append("\"experiment\":\"exp1\",\"variant\":\"").append(i % 10 < 5 ? "a" : "b")
                    .append("\",\"latency_ms\":").append(100 + i).append(",\"status\":\"ok\",")
                    .append("\"messages\":[{\"role\":\"user\",\"content\":\"What is the answer to question ").append(i % 7)
                    .append(" about widgets?\"}],\"response\":\"It is ").append(i).append(".\",")
                    .append("\"usage\":{\"input_tokens\":1000,\"output_tokens\":200}}\n");
        }
        return TestSupport.write(dir, "log.jsonl", sb.toString());
    }

    static List<String> args(List<String> command, String... rest) {
        List<String> a = new ArrayList<>(command);
        a.addAll(List.of(rest));
        return a;
    }

    static Map<String, JsonNode> pricesUsed(JsonNode report) {
        Map<String, JsonNode> out = new HashMap<>();
        JsonNode rows = report.get("prices_used");
        assertNotNull(rows, "no prices_used in " + report.fieldNames());
        rows.forEach(r -> out.put(r.get("model").asText(), r));
        return out;
    }

    static List<String> notes(JsonNode report) {
        List<String> out = new ArrayList<>();
        for (String k : List.of("warnings", "notes", "assumptions")) {
            report.path(k).forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    @Test
    void everyCommandNamesTheDatedPriceOfEachModelAndWarnsAboutRequestsOlderThanTheirFirstPrice() throws IOException {
        Path prices = prices(), log = log();
        JsonNode analyze = TestSupport.cli("analyze", "-q", "-f", "json", "--prices", prices.toString(), log.toString()).json();
        assertEquals("2026-03-01", PriceExtrapolationTest.model(analyze, "acme-chat").get("price_effective").asText());
        for (List<String> c : COMMANDS) {
            TestSupport.Run run = TestSupport.cli(args(c, "-q", "-f", "json", "--prices", prices.toString(), log.toString())
                    .toArray(String[]::new));
            assertEquals(0, run.code(), c + ": " + run.err());
            JsonNode j = run.json();
            Map<String, JsonNode> used = pricesUsed(j);
            assertEquals("2026-03-01", used.get("acme-chat").get("price_effective").asText(), c + ": the March price: " + used);
            assertEquals("2026-01-01", used.get("acme-mini").get("price_effective").asText(), c + ": " + used);
            assertEquals("acme-mini", used.get("acme-mini").get("price_key").asText(), c.toString());
            assertEquals("prices.yaml", used.get("acme-mini").get("price_catalog").asText(), c.toString());
            assertTrue(notes(j).stream().anyMatch(w -> w.contains("acme-mini") && w.contains("6 requests") && w.contains("2026-01-01")),
                    c + ": the 6 December requests priced at the January price are warned about: " + notes(j));
            for (String format : List.of("table", "markdown", "html", "csv")) {
                TestSupport.Run text = TestSupport.cliWithEveryCsvTable(args(c, "-q", "-f", format, "--prices", prices.toString(), log.toString())
                        .toArray(String[]::new));
                assertEquals(0, text.code(), c + " " + format + ": " + text.err());
                String header = text.out().lines().filter(l -> l.contains("price_effective")).findFirst()
                        .orElseThrow(() -> new AssertionError(c + " " + format + ": no price_effective column\n" + text.out()));
                assertTrue(header.contains("price_key"), header);
                // a row is a line, or in html a <tr>
                assertTrue(java.util.Arrays.stream(text.out().split("\n|<tr>")).anyMatch(l -> l.contains("acme-chat") && l.contains("2026-03-01")
                        && !l.contains("2026-01-01")), c + " " + format + ": acme-chat's row names its March price\n" + text.out());
                // csv: a row of its notes table
                assertTrue(text.out().contains("6 requests dated before its first price"), c + " " + format + ": the warning\n" + text.out());
            }
        }
    }

    @Test
    void aPriceDateBeforeTheFirstPriceIsWarnedAboutByEveryCommand() throws IOException {
        Path prices = prices(), log = log();
        for (List<String> c : COMMANDS) {
            JsonNode j = TestSupport.cli(args(c, "-q", "-f", "json", "--prices", prices.toString(), "--price-date", "2025-06-01",
                    log.toString()).toArray(String[]::new)).json();
            Map<String, JsonNode> used = pricesUsed(j);
            assertEquals("2026-01-01", used.get("acme-chat").get("price_effective").asText(), c.toString());
            for (String m : List.of("acme-chat", "acme-mini")) {
                assertTrue(notes(j).stream().anyMatch(w -> w.contains(m) && w.contains("2025-06-01") && w.contains("2026-01-01")),
                        c + ": " + m + " priced before its first price is warned about: " + notes(j));
            }
        }
        JsonNode covered = TestSupport.cli("budget", "-q", "-f", "json", "--prices", prices.toString(), "--price-date", "2026-02-01",
                log.toString()).json();
        assertEquals("2026-01-01", pricesUsed(covered).get("acme-chat").get("price_effective").asText());
        assertFalse(notes(covered).stream().anyMatch(w -> w.contains("before its first price")), notes(covered).toString());
    }

    /** The same figure as analyze's on the bundled sample (the built-in book is dated), model by model. */
    @Test
    void everyCommandsPricesUsedAgreeWithAnalyzesByModelOnTheSample() {
        String sample = "samples/requests.jsonl.gz";
        JsonNode analyze = TestSupport.cli("analyze", "-q", "-f", "json", sample).json();
        Map<String, JsonNode> byModel = new HashMap<>();
        analyze.get("by_model").forEach(m -> byModel.put(m.get("model").asText(), m));
        for (List<String> c : List.of(List.of("budget"), List.of("ab-report", "--experiment", "support-prompt-v2"), List.of("cost-forecast"),
                List.of("cache-warm", "--dry-run"), List.of("cache-warm", "simulate"))) {
            JsonNode j = TestSupport.cli(args(c, "-q", "-f", "json", sample).toArray(String[]::new)).json();
            Map<String, JsonNode> used = pricesUsed(j);
            assertFalse(used.isEmpty(), c.toString());
            for (var e : used.entrySet()) {
                JsonNode m = byModel.get(e.getKey());
                assertNotNull(m, c + ": " + e.getKey() + " is not in analyze's by_model");
                for (String k : List.of("price_key", "price_catalog", "price_effective")) {
                    assertEquals(m.get(k), e.getValue().get(k), c + " " + e.getKey() + " " + k);
                }
            }
        }
    }
}
