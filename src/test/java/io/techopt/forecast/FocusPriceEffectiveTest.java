package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 (review of 80e7e05): the FOCUS export carried no column saying which dated price priced a row, and
 * cost-forecast never said on stderr that requests were priced at a price dated after them. Redone on the core.Charge
 * of #13 from b13de3b (branch wt-forecast-backup).
 */
class FocusPriceEffectiveTest {
    @TempDir
    static Path dir;

    static List<CSVRecord> rows(Path focus) throws IOException {
        try (var r = Files.newBufferedReader(focus); var p = CSVFormat.RFC4180.parse(r)) {
            return p.getRecords();
        }
    }

    @Test
    void everyTokenRowCarriesTheDateOfThePriceThatPricedItAsAnalyzeReportsIt() throws IOException {
        Path focus = dir.resolve("focus.csv");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "-q", "samples/requests.jsonl.gz",
                "--focus-csv", focus.toString(), "--billing-account-id", "a1", "--billing-account-name", "acme");
        assertEquals(0, run.code(), run.err());
        Map<String, String> effective = new HashMap<>();
        for (JsonNode m : TestSupport.cli("analyze", "-f", "json", "-q", "samples/requests.jsonl.gz").json().get("by_model")) {
            effective.put(m.get("model").asText(), m.get("price_effective").isNull() ? "" : m.get("price_effective").asText());
        }
        List<CSVRecord> rows = rows(focus);
        List<String> header = rows.get(0).toList();
        int col = header.indexOf("x_PriceEffective"), model = header.indexOf("x_Model"), kind = header.indexOf("x_TokenKind");
        assertTrue(col > header.indexOf("Tags"), "a non-FOCUS column after the FOCUS ones: " + header);
        int dated = 0;
        for (var row : rows.subList(1, rows.size())) {
            String m = row.get(model);
            if (!row.get(kind).isEmpty() && effective.containsKey(m)) {
                assertEquals(effective.get(m), row.get(col), m + ": " + row);
                dated += row.get(col).isEmpty() ? 0 : 1;
            }
        }
        assertTrue(dated > 0, "rows priced by dated prices carry their date");
    }

    @Test
    void aRowBeforeAPriceChangeCarriesTheOlderDateAndARowAfterItTheNewer() throws IOException {
        Path prices = TestSupport.write(dir, "prices.yaml", """
                models:
                  - key: acme-chat
                    provider: vllm
                    prices:
                      - {effective: 2026-01-01, input: 1.0, output: 2.0}
                      - {effective: 2026-03-01, input: 0.5, output: 1.0}
                """);
        StringBuilder sb = new StringBuilder();
        for (int d = 20; d <= 28; d++) {
            sb.append(String.format("{\"timestamp\":\"2026-02-%02dT10:00:00Z\",\"model\":\"acme-chat\","
                    + "\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}%n", d));
        }
        for (int d = 1; d <= 20; d++) {
            sb.append(String.format("{\"timestamp\":\"2026-03-%02dT10:00:00Z\",\"model\":\"acme-chat\","
                    + "\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}%n", d));
        }
        Path log = TestSupport.write(dir, "change.jsonl", sb.toString());
        Path focus = dir.resolve("change.csv");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--prices", prices.toString(),
                log.toString(), "--focus-csv", focus.toString());
        assertEquals(0, run.code(), run.err());
        List<CSVRecord> rows = rows(focus);
        List<String> header = rows.get(0).toList();
        int col = header.indexOf("x_PriceEffective"), start = header.indexOf("ChargePeriodStart");
        assertTrue(col >= 0, header.toString());
        for (var row : rows.subList(1, rows.size())) {
            String expected = row.get(start).startsWith("2026-02") ? "2026-01-01" : "2026-03-01";
            assertEquals(expected, row.get(col), row.toString());
        }
    }

    @Test
    void aPriceUsedBeforeItsDateIsAWarningOnStderrUnlessQuiet() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int d = 1; d <= 20; d++) { // gpt-4o-mini's first built-in price is dated 2025
            sb.append(String.format("{\"timestamp\":\"2024-01-%02dT10:00:00Z\",\"model\":\"gpt-4o-mini\","
                    + "\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}%n", d));
        }
        Path log = TestSupport.write(dir, "old-prices.jsonl", sb.toString());
        TestSupport.Run loud = TestSupport.cli("cost-forecast", "-f", "json", log.toString());
        assertEquals(0, loud.code(), loud.err());
        assertTrue(loud.err().contains("20 requests dated before its first price"), loud.err());
        TestSupport.Run quiet = TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString());
        assertFalse(quiet.err().contains("before its first price"), quiet.err());
        assertTrue(quiet.json().get("warnings").toString().contains("20 requests dated before its first price"));
    }
}
