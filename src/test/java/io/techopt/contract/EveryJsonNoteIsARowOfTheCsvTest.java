package io.techopt.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12: a null figure's note (why it is null) reached the JSON but not the CSV of analyze, budget, route-sim,
 * ab-report and cache-warm: a CSV user saw an empty cell and no reason. Every note the JSON carries (its notes,
 * warnings or assumptions array, a section's own notes) must be in a row of the CSV, in a {@code notes} table
 * (one {@code note} column, {@code --table notes}) or the section's own notes table ({@code change_notes}, {@code plan_notes}). The inputs are those of {@link EveryNullFigureHasANoteTest},
 * which leave figures unmeasurable, and a log priced before its model's first dated price (a price-date warning).
 */
class EveryJsonNoteIsARowOfTheCsvTest {
    @TempDir
    static Path tmp;
    static Path earlyLog, prices;

    @BeforeAll
    static void inputs() throws IOException {
        EveryNullFigureHasANoteTest.tmp = tmp;
        EveryNullFigureHasANoteTest.inputs();
        prices = TestSupport.write(tmp, "prices.yaml", """
                models:
                  - key: acme-mini
                    provider: vllm
                    prices:
                      - {effective: 2026-01-01, input: 0.1, output: 0.2}
                """);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            // the first 8 days are in December 2025, before acme-mini's first price; one model has no price at all.
            // Older turns to leave out, so compress prices what it saves too
            String day = i < 8 ? "2025-12-" + (10 + i) : String.format("2026-01-%02d", 1 + i % 28);
            sb.append(String.format("{\"timestamp\":\"%sT12:00:00Z\",\"request_id\":\"r%d\",\"model\":\"%s\",\"messages\":["
                    + "{\"role\":\"user\",\"content\":\"I am planning a trip to Lisbon in the spring. The flight leaves Boston at 19:05 "
                    + "and arrives at 08:20 local time.\"},{\"role\":\"assistant\",\"content\":\"Noted. Lisbon in spring is mild. The "
                    + "hotel near Rossio square costs 140 euros a night.\"},{\"role\":\"user\",\"content\":\"My budget for the week is "
                    + "2,000 euros. I prefer seafood near the river.\"},{\"role\":\"assistant\",\"content\":\"Time Out Market has many "
                    + "seafood stalls. The tram 28 goes through Alfama.\"},{\"role\":\"user\",\"content\":\"When does my flight land "
                    + "(question %d)?\"}],\"usage\":{\"input_tokens\":1000,\"output_tokens\":200}}\n",
                    day, i, i % 10 == 9 ? "acme-unknown" : "acme-mini", i % 7));
        }
        earlyLog = TestSupport.write(tmp, "early.jsonl", sb.toString());
    }

    static List<EveryNullFigureHasANoteTest.Case> cases() {
        List<EveryNullFigureHasANoteTest.Case> cases = new ArrayList<>(EveryNullFigureHasANoteTest.cases());
        for (String command : List.of("analyze", "budget", "route-sim", "cost-forecast")) {
            cases.add(EveryNullFigureHasANoteTest.c(command + ": priced before the first dated price, one model unpriced",
                    command, earlyLog, "--prices", prices));
        }
        cases.add(EveryNullFigureHasANoteTest.c("compress: priced before the first dated price, one model unpriced",
                "compress", earlyLog, "--prices", prices, "--embedder", "hash"));
        cases.add(EveryNullFigureHasANoteTest.c("analyze: --price-date before the first dated price",
                "analyze", earlyLog, "--prices", prices, "--price-date", "2025-06-01"));
        cases.add(EveryNullFigureHasANoteTest.c("cache-warm simulate: priced before the first dated price",
                "cache-warm", "simulate", earlyLog, "--prices", prices, "--embedder", "hash"));
        cases.add(EveryNullFigureHasANoteTest.c("cache-warm: priced before the first dated price, dry run",
                "cache-warm", earlyLog, "--prices", prices, "--dry-run", "--embedder", "hash"));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> everyNoteOfTheJsonIsACellOfTheCsv() {
        return cases().stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> {
            TestSupport.Run json = run(k, "json");
            // every table csv can write for the run (--table list, then each)
            TestSupport.Run csv = new TestSupport.Run(0, TestSupport.everyCsvTable(args(k, "csv")), "");
            assertEquals(0, json.code(), k.name() + ": " + json.err());
            Set<String> cells = cells(csv.out());
            // a section's note may be shown prefixed (analyze --plan: "exact_cache: ..." for a lever's note)
            List<String> missing = notes(json.json()).stream().filter(n -> cells.stream().noneMatch(c -> c.contains(n)))
                    .distinct().toList();
            assertTrue(missing.isEmpty(), k.name() + ": notes of the JSON missing from the CSV: " + missing + "\ncsv:\n" + csv.out());
        }));
    }

    /**
     * Every notes, warnings or assumptions array at any depth (analyze's change.notes, savings[].assumptions). analyze's billing.note
     * is left out: the billing comparison it explains is not part of analyze's CSV (a summary item of the other formats).
     */
    static List<String> notes(JsonNode doc) {
        List<String> notes = new ArrayList<>();
        // every note-like key at any depth (review h12d #10: analyze's savings[].assumptions were left out)
        for (String k : EveryNullFigureHasANoteTest.NOTE_KEYS) {
            doc.findValues(k).forEach(n -> n.forEach(x -> {
                if (x.isTextual()) {
                    notes.add(x.asText());
                }
            }));
        }
        return notes;
    }

    private static TestSupport.Run run(EveryNullFigureHasANoteTest.Case k, String format) {
        return TestSupport.cli(args(k, format));
    }

    private static String[] args(EveryNullFigureHasANoteTest.Case k, String format) {
        List<String> args = new ArrayList<>(List.of(k.args()));
        args.addAll(List.of("--format", format, "--quiet"));
        return args.toArray(String[]::new);
    }

    /** Every cell of every row of the CSV, a formula-safe cell's leading apostrophe taken off. */
    static Set<String> cells(String csv) throws IOException {
        Set<String> out = new HashSet<>();
        for (CSVRecord r : CSVFormat.RFC4180.parse(new StringReader(csv))) {
            for (String c : r) {
                out.add(c.startsWith("'") ? c.substring(1) : c);
            }
        }
        return out;
    }
}
