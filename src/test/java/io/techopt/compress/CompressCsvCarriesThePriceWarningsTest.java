package io.techopt.compress;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12: `compress LOG -f csv` carries its notes as a "notes" table, but the warning for requests priced before
 * their model's first dated price (per request, or all of them under {@code --price-date}) went to a separate block
 * the CSV left out: the JSON, table and markdown said it, the CSV did not.
 */
class CompressCsvCarriesThePriceWarningsTest {
    @TempDir
    Path dir;

    /** 30 chats with older turns compress leaves out (so it prices what it saves); the first 6 are dated December 2025. */
    private Path[] logAndPrices() throws IOException {
        Path prices = TestSupport.write(dir, "prices.yaml", """
                models:
                  - key: acme-mini
                    provider: vllm
                    prices:
                      - {effective: 2026-01-01, input: 0.1, output: 0.2}
                """);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            String day = i < 6 ? "2025-12-" + (10 + i) : String.format("2026-03-%02d", 1 + i % 20);
            sb.append(String.format("{\"timestamp\":\"%sT12:00:00Z\",\"request_id\":\"r%d\",\"model\":\"acme-mini\",\"messages\":["
                    + "{\"role\":\"user\",\"content\":\"I am planning a trip to Lisbon in the spring. The flight leaves Boston at 19:05 "
                    + "and arrives at 08:20 local time.\"},{\"role\":\"assistant\",\"content\":\"Noted. Lisbon in spring is mild. The "
                    + "hotel near Rossio square costs 140 euros a night.\"},{\"role\":\"user\",\"content\":\"My budget for the week is "
                    + "2,000 euros. I prefer seafood near the river.\"},{\"role\":\"assistant\",\"content\":\"Time Out Market has many "
                    + "seafood stalls. The tram 28 goes through Alfama.\"},{\"role\":\"user\",\"content\":\"When does my flight land "
                    + "(question %d)?\"}],\"usage\":{\"input_tokens\":1000,\"output_tokens\":200}}\n", day, i, i));
        }
        return new Path[] {TestSupport.write(dir, "log.jsonl", sb.toString()), prices};
    }

    private static List<String> priceNotes(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--embedder", "hash", "-q", "-f", "json"));
        TestSupport.Run json = TestSupport.cli(a.toArray(String[]::new));
        assertEquals(0, json.code(), json.err());
        List<String> out = new ArrayList<>();
        for (JsonNode n : json.json().get("notes")) {
            if (n.asText().contains("before its first price")) {
                out.add(n.asText());
            }
        }
        return out;
    }

    private static String csv(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--embedder", "hash", "-q", "-f", "csv", "--table", "notes"));
        TestSupport.Run csv = TestSupport.cli(a.toArray(String[]::new));
        assertEquals(0, csv.code(), csv.err());
        return csv.out();
    }

    @Test
    void requestsDatedBeforeTheFirstPriceAreWarnedAboutInTheCsvNotesTableAsInTheJson() throws IOException {
        Path[] in = logAndPrices();
        String[] args = {"compress", in[0].toString(), "--prices", in[1].toString()};
        List<String> notes = priceNotes(args);
        assertEquals(1, notes.size(), "the JSON warns once: " + notes);
        assertTrue(notes.get(0).contains("6 requests dated before its first price"), notes.get(0));
        String csv = csv(args);
        assertTrue(csv.lines().anyMatch(l -> l.equals("\"" + notes.get(0) + "\"")),
                "the price warning is a row of the CSV's notes table:\n" + csv);
        assertEquals("note", csv.lines().findFirst().orElseThrow(), csv);
        assertEquals(1, csv.lines().filter(l -> l.equals("\"" + notes.get(0) + "\"")).count(), "warned once, not twice:\n" + csv);
    }

    @Test
    void aPriceDateBeforeTheFirstPriceIsWarnedAboutInTheCsvNotesTableAsInTheJson() throws IOException {
        Path[] in = logAndPrices();
        String[] args = {"compress", in[0].toString(), "--prices", in[1].toString(), "--price-date", "2025-06-01"};
        List<String> notes = priceNotes(args);
        assertFalse(notes.isEmpty(), "the JSON warns about --price-date 2025-06-01");
        String csv = csv(args);
        for (String n : notes) {
            assertTrue(csv.lines().anyMatch(l -> l.equals("\"" + n + "\"")), "missing from the CSV: " + n + "\n" + csv);
        }
    }
}
