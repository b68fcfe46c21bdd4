package io.techopt.forecast;

import io.techopt.TestSupport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review h12d #12: a log without provider fields exported ProviderName, PublisherName and InvoiceIssuerName
 * 'Unknown' and ServiceName 'Unknown API' for gpt-4o, though the price catalog that priced it names its provider.
 * The catalog's provider stands in when the log logs none; a logged provider still wins; a model whose catalog
 * entry names no provider stays 'Unknown' (FOCUS 1.2: ProviderName, PublisherName, InvoiceIssuerName and
 * ServiceName must not be null); an unpriced model has no row at all (no list price to state).
 */
class FocusProviderFromThePriceCatalogTest {
    @TempDir
    static Path dir;

    private static String line(String day, String model, String provider) {
        return "{\"timestamp\":\"" + day + "T12:00:00Z\",\"model\":\"" + model + "\""
                + (provider == null ? "" : ",\"provider\":\"" + provider + "\"")
                + ",\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}\n";
    }

    /** x_Model -> the row's ProviderName, PublisherName, InvoiceIssuerName and ServiceName (every row of a model alike). */
    private static Map<String, List<String>> providers(Path focus) throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        try (Reader r = Files.newBufferedReader(focus); CSVParser p = CSVFormat.RFC4180.parse(r)) {
            List<CSVRecord> all = p.getRecords();
            List<String> header = all.get(0).toList();
            for (CSVRecord row : all.subList(1, all.size())) {
                List<String> v = List.of(row.get(header.indexOf("ProviderName")), row.get(header.indexOf("PublisherName")),
                        row.get(header.indexOf("InvoiceIssuerName")), row.get(header.indexOf("ServiceName")));
                List<String> seen = out.putIfAbsent(row.get(header.indexOf("x_Model")), v);
                assertTrue(seen == null || seen.equals(v), row.toString());
            }
        }
        return out;
    }

    @Test
    void aLogWithoutProviderFieldsTakesEachModelsProviderFromThePriceCatalog() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int d = 1; d <= 9; d++) {
            String day = "2026-10-0" + d;
            sb.append(line(day, "gpt-4o", null)).append(line(day, "claude-sonnet-4-5-20250929", null))
                    .append(line(day, "acme-mini", null)).append(line(day, "acme-nope", null))
                    .append(line(day, "gpt-4o-mini", "azure")).append(line(day, "azure_ai/gpt-4o", null));
        }
        Path prices = TestSupport.write(dir, "acme.yaml", """
                models:
                  - key: acme-mini
                    prices:
                      - {effective: 2026-01-01, input: 0.1, output: 0.2}
                """);
        Path focus = dir.resolve("focus.csv");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-q", "-f", "json", "--prices", prices.toString(),
                "--focus-csv", focus.toString(), TestSupport.write(dir, "noprovider.jsonl", sb.toString()).toString());
        assertEquals(0, run.code(), run.err());
        Map<String, List<String>> p = providers(focus);
        assertEquals(List.of("OpenAI", "OpenAI", "OpenAI", "OpenAI API"), p.get("gpt-4o"), p.toString());
        assertEquals(List.of("Anthropic", "Anthropic", "Anthropic", "Anthropic API"), p.get("claude-sonnet-4-5-20250929"), p.toString());
        // the provider the log names wins over the catalog's
        assertEquals(List.of("Microsoft", "Microsoft", "Microsoft", "Microsoft API"), p.get("gpt-4o-mini"), p.toString());
        // review r16 #11: a provider named by the model's prefix is shown by its display name too, never its id
        assertEquals("Microsoft", p.get("azure_ai/gpt-4o").get(0), p.toString());
        // a price file that names no provider: Unknown, never empty
        assertEquals(List.of("Unknown", "Unknown", "Unknown", "Unknown API"), p.get("acme-mini"), p.toString());
        // an unpriced model has no list price: no row, and the report says so
        assertFalse(p.containsKey("acme-nope"), p.toString());
        assertTrue(run.json().get("warnings").toString().contains("acme-nope"), run.json().get("warnings").toString());
    }

    /** Review r23f FOCUS: a log naming provider "" gave rows with an empty ProviderName (FOCUS 1.2: non-null, non-empty). */
    @Test
    void aBlankProviderIsNoProviderTheCatalogsOrUnknownStandsIn() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int d = 1; d <= 9; d++) {
            String day = "2026-10-0" + d;
            sb.append(line(day, "gpt-4o", "")).append(line(day, "acme-mini", "  ")).append(line(day, "gpt-4o-mini", "\\u200b"));
        }
        Path prices = TestSupport.write(dir, "acme-blank.yaml", """
                models:
                  - key: acme-mini
                    prices:
                      - {effective: 2026-01-01, input: 0.1, output: 0.2}
                """);
        Path focus = dir.resolve("focus-blank.csv");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-q", "-f", "json", "--prices", prices.toString(),
                "--focus-csv", focus.toString(), TestSupport.write(dir, "blankprovider.jsonl", sb.toString()).toString());
        assertEquals(0, run.code(), run.err());
        Map<String, List<String>> p = providers(focus);
        // was "" (and " API") for each
        assertEquals(List.of("OpenAI", "OpenAI", "OpenAI", "OpenAI API"), p.get("gpt-4o"), p.toString());
        assertEquals(List.of("Unknown", "Unknown", "Unknown", "Unknown API"), p.get("acme-mini"), p.toString());
        assertEquals("OpenAI", p.get("gpt-4o-mini").get(0), p.toString());
    }

    /**
     * Review r24f L2: FOCUS took a blank provider as none (the catalog's, else Unknown) while --by provider grouped
     * "", "  " and a zero-width space as one provider named "" (scope "provider:"): the two disagreed on who billed.
     * A blank provider is no provider everywhere: --by provider groups by the same provider as FOCUS's rows.
     */
    @Test
    void byProviderGroupsABlankProviderAsFocusNamesIt() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int d = 1; d <= 9; d++) {
            String day = "2026-10-0" + d;
            sb.append(line(day, "gpt-4o", "")).append(line(day, "claude-sonnet-4-5-20250929", "  "))
                    .append(line(day, "gpt-4o-mini", "\\u200b"));
        }
        Path focus = dir.resolve("focus-by-provider.csv");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-q", "-f", "json", "--by", "provider", "--focus-csv",
                focus.toString(), TestSupport.write(dir, "blank-by-provider.jsonl", sb.toString()).toString());
        assertEquals(0, run.code(), run.err());
        Map<String, Double> billed = new TreeMap<>();
        try (Reader r = Files.newBufferedReader(focus); CSVParser p = CSVFormat.RFC4180.parse(r)) {
            List<CSVRecord> all = p.getRecords();
            List<String> header = all.get(0).toList();
            for (CSVRecord row : all.subList(1, all.size())) {
                billed.merge("provider:" + row.get(header.indexOf("ProviderName")).toLowerCase(java.util.Locale.ROOT),
                        Double.parseDouble(row.get(header.indexOf("BilledCost"))), Double::sum);
            }
        }
        Map<String, Double> scopes = new TreeMap<>();
        run.json().get("scopes").forEach(s -> {
            if (!s.get("scope").asText().equals("total")) {
                scopes.put(s.get("scope").asText(), s.get("month_to_date_usd").asDouble());
            }
        });
        // before: {provider:=...} against FOCUS's {provider:anthropic, provider:openai}
        assertEquals(billed.keySet(), scopes.keySet(), "FOCUS " + billed + ", --by provider " + scopes);
        billed.forEach((k, v) -> assertEquals(v, scopes.get(k), 1e-9, k));
    }
}
