package io.techopt.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.cli.CsvTablesOfOneRun;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #17 item 3, "CSV that loads": every command and subcommand's {@code --format csv}, and every table its
 * {@code --table list} names, read back by a real CSV parser (commons-csv, RFC 4180) is one rectangular table: one
 * header row, the same number of cells on every row, no blank line. Before, csv stacked every table of the report
 * with a blank line between and a {@code table} column, which pandas or a spreadsheet reads as one ragged table.
 */
class EveryCsvLoadsAsOneTableTest {
    static final String SAMPLE = JsonOutputContractTest.SAMPLE;
    static final CSVFormat RFC4180 = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

    @TempDir
    static Path tmp;
    static Path store, prompt, conversation, badLines, budgets;

    @BeforeAll
    static void inputs() throws IOException {
        store = tmp.resolve("store");
        assertEquals(0, TestSupport.cli("ingest", SAMPLE, "--store", store.toString(), "--keep-text", "-q").code());
        prompt = TestSupport.write(tmp, "prompt.txt", "The council met on Tuesday. After a long debate it decided to fund the new "
                + "library with 2 million dollars from the 2027 budget. The mayor objected to the timing.\n");
        conversation = TestSupport.write(tmp, "conversation.json", """
                [{"role":"system","content":"You are a helpful travel assistant."},
                 {"role":"user","content":"I am flying to Lisbon next week. My flight TP123 departs Boston at 19:05."},
                 {"role":"assistant","content":"Great, Lisbon is lovely in this season."},
                 {"role":"user","content":"When does my flight land?"}]
                """);
        badLines = TestSupport.write(tmp, "bad-lines.jsonl", TestSupport.GOOD_LINE + "\n{not json\n");
        budgets = TestSupport.write(tmp, "budgets.yaml", "budgets:\n  - {scope: \"team:support\", monthly_usd: 5}\n"
                + "  - {scope: total, monthly_usd: 20}\n");
    }

    /** A run of one command or subcommand in one mode, and the table its csv writes by default. */
    record Case(String name, String main, Supplier<String[]> args) {
    }

    static Case c(String name, String main, String... args) {
        return new Case(name, main, () -> args);
    }

    static List<Case> cases() {
        return List.of(
                c("analyze", "by_model", "analyze", SAMPLE),
                c("analyze --group-by team --compare-to", "by_model", "analyze", SAMPLE, "--group-by", "team", "--since", "2026-10-16", "--until", "2026-10-31",
                        "--compare-to", "2026-10-01..2026-10-16"),
                new Case("analyze --plan (store)", "by_model", () -> new String[]{"analyze", store.toString(), "--plan", "--semantic-cache", "hash",
                        "--since", "2026-10-05", "--until", "2026-10-06"}),
                new Case("analyze: bad lines", "by_model", () -> new String[]{"analyze", badLines.toString()}),
                c("analyze: OTLP agent trace", "by_model", "analyze", "src/test/resources/ingest/otlp_agent_trace.jsonl"),
                c("compress: log", "summary", "compress", SAMPLE, "--rate", "0.6", "--since", "2026-10-01", "--until", "2026-10-03"),
                new Case("compress: prompt", null, () -> new String[]{"compress", prompt.toString(), "--question", "What did the council decide?",
                        "--target-tokens", "30"}),
                new Case("compress: conversation", null, () -> new String[]{"compress", conversation.toString(), "--rate", "0.5"}),
                c("budget", "groups", "budget", SAMPLE),
                new Case("budget --prompt", null, () -> new String[]{"budget", "--prompt", prompt.toString(), "--task-type", "summarization"}),
                c("cache-warm simulate", "layers", "cache-warm", "simulate", SAMPLE, "--embedder", "hash"),
                c("cache-warm --dry-run", "top", "cache-warm", SAMPLE, "--dry-run", "--embedder", "hash"),
                new Case("cache-warm calibrate", null, () -> new String[]{"cache-warm", "calibrate", "--pairs",
                        TestSupport.shared("data/gptcache-qqp/mock_data.json").toString(), "--limit", "60", "--embedder", "hash", "--no-guards"}),
                c("route-sim", "strategies", "route-sim", SAMPLE),
                new Case("route-sim --matrix", null, () -> new String[]{"route-sim", "--matrix",
                        TestSupport.shared("data/routellm/mmlu_responses/mmlu_astronomy.csv").toString(), "--embedder", "hash"}),
                c("ab-report", "comparisons", "ab-report", SAMPLE, "--experiment", "support-prompt-v2"),
                c("cost-forecast", "forecast", "cost-forecast", SAMPLE),
                new Case("cost-forecast --by team --budget", "forecast", () -> new String[]{"cost-forecast", SAMPLE, "--by", "team",
                        "--budget", budgets.toString()}),
                new Case("ingest", null, () -> new String[]{"ingest", SAMPLE, "--store", tmp.resolve("store-" + System.nanoTime()).toString()}));
    }

    @TestFactory
    Stream<DynamicTest> everyTableOfEveryCommandLoadsAsOneRectangularTable() {
        return cases().stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> check(k)));
    }

    static TestSupport.Run run(String[] args, String... more) {
        return TestSupport.cli(with(args, more));
    }

    static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    void check(Case k) {
        // one run: its own csv is the default table; --table list and each table are its report written again
        CsvTablesOfOneRun.Tables tables = CsvTablesOfOneRun.of(with(k.args().get(), "-f", "csv", "-q"));
        TestSupport.Run byDefault = tables.run();
        assertEquals(0, byDefault.code(), k.name() + ": stderr:\n" + byDefault.err());
        List<String> names = tables.names();
        assertFalse(names.isEmpty(), k.name());
        assertEquals(names.size(), new HashSet<>(names).size(), k.name() + ": a table name twice: " + names);
        assertTrue(names.contains("notes"), k.name() + ": every report has a notes table: " + names);
        if (k.main() != null) {
            assertEquals(k.main(), names.get(0), k.name() + ": the main table is listed first");
        }
        List<CSVRecord> main = parse(k.name() + " (default)", byDefault.out());
        for (String name : names) {
            String one = tables.csv().get(name);
            List<CSVRecord> table = parse(k.name() + " --table " + name, one);
            if (name.equals(names.get(0))) {
                assertEquals(byDefault.out(), one, k.name() + ": the default csv is the first listed table, " + name);
            }
            if (name.equals("notes")) {
                assertEquals(List.of("note"), table.get(0).toList(), k.name());
            }
        }
        assertNotEquals("table", main.get(0).get(0), k.name() + ": no column naming the table any more");
    }

    /** The csv parsed by commons-csv: one header, every record as wide as it, no blank line; the records, header first. */
    static List<CSVRecord> parse(String what, String csv) {
        assertFalse(csv.isEmpty(), what + ": empty output");
        assertFalse(csv.contains("\n\n") || csv.startsWith("\n"), what + ": a blank line:\n" + csv);
        List<CSVRecord> records;
        try (CSVParser p = CSVParser.parse(new StringReader(csv), RFC4180)) {
            records = p.getRecords();
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(what + ": not RFC 4180:\n" + csv, e);
        }
        List<String> header = records.get(0).toList();
        assertEquals(header.size(), new HashSet<>(header).size(), what + ": a column name twice: " + header);
        assertTrue(header.stream().noneMatch(String::isBlank), what + ": a blank column name: " + header);
        for (CSVRecord r : records) {
            assertEquals(header.size(), r.size(), what + ": record " + r.getRecordNumber() + " is not as wide as the header "
                    + header + ": " + r.toList());
        }
        return records;
    }

    /** analyze's main table ends with the report's totals: the JSON's, and the by_model rows add up to them. */
    @Test
    void analyzesCsvEndsWithATotalsRowEqualToTheJsonTotals() {
        for (String[] args : List.of(new String[]{"analyze", SAMPLE}, new String[]{"analyze", SAMPLE, "--since", "2026-10-05", "--until", "2026-10-06"},
                new String[]{"analyze", "src/test/resources/ingest/otlp_agent_trace.jsonl"})) {
            JsonNode json = run(args, "-f", "json", "-q").json();
            List<CSVRecord> csv = parse(String.join(" ", args), run(args, "-f", "csv", "-q").out());
            List<String> header = csv.get(0).toList();
            CSVRecord total = csv.get(csv.size() - 1);
            assertEquals("(total)", total.get(header.indexOf("model")), String.join(" ", args));
            assertEquals(json.get("by_model").size() + 2, csv.size(), "header, a row per model, the totals");
            assertEquals(json.get("requests").asLong(), Long.parseLong(total.get(header.indexOf("requests"))));
            assertEquals(json.get("cost_usd").asDouble(), Double.parseDouble(total.get(header.indexOf("cost_usd"))), 1e-9);
            for (String[] col : new String[][]{{"input_tokens", "input"}, {"cache_read_tokens", "cache_read"},
                    {"cache_write_tokens", "cache_write"}, {"output_tokens", "output"}}) {
                long sum = 0;
                for (CSVRecord r : csv.subList(1, csv.size() - 1)) {
                    sum += Long.parseLong(r.get(header.indexOf(col[0])));
                }
                long expected = json.get("tokens").get(col[1]).asLong();
                assertEquals(expected, Long.parseLong(total.get(header.indexOf(col[0]))), col[0]);
                assertEquals(expected, sum, col[0] + ": the rows add up to the totals row");
            }
            assertEquals(json.get("latency_ms").get("p95").asDouble(), Double.parseDouble(total.get(header.indexOf("p95_ms"))), 1e-9);
            assertEquals(json.get("errors").asDouble() / json.get("requests").asDouble(),
                    Double.parseDouble(total.get(header.indexOf("error_rate"))), 1e-12);
        }
    }

    /** ab-report's csv is its comparisons with the verdict: each one's effect at alpha (Holm-adjusted), the decision. */
    @Test
    void abReportsCsvCarriesTheVerdict() {
        String[] args = {"ab-report", SAMPLE, "--experiment", "support-prompt-v2"};
        JsonNode json = run(args, "-f", "json", "-q").json();
        List<CSVRecord> csv = parse("ab-report", run(args, "-f", "csv", "-q").out());
        List<String> header = csv.get(0).toList();
        assertEquals(json.get("comparisons").size() + 1, csv.size());
        String decision = json.get("recommendation").get("decision").asText();
        double alpha = json.get("alpha").asDouble();
        for (int i = 0; i < json.get("comparisons").size(); i++) {
            JsonNode c = json.get("comparisons").get(i);
            CSVRecord r = csv.get(i + 1);
            assertEquals(c.get("metric").asText(), r.get(header.indexOf("metric")));
            assertEquals(decision, r.get(header.indexOf("decision")));
            boolean significant = c.get("p_adjusted").asDouble() < alpha;
            assertEquals(significant, !r.get(header.indexOf("effect")).equals("not significant"), c + ": " + r);
        }
        // the sample's latency rose significantly: a guardrail worse, and the verdict says so on its row
        CSVRecord latency = csv.stream().filter(r -> r.get(header.indexOf("metric")).equals("latency_ms")).findFirst().orElseThrow();
        assertEquals("worse", latency.get(header.indexOf("effect")));
        assertEquals("dont_ship", decision);
    }

    @Test
    void anUnknownTableIsAUsageErrorNamingTheTables() {
        TestSupport.Run r = TestSupport.cli("analyze", SAMPLE, "-f", "csv", "-q", "--table", "by_modle");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("by_modle") && r.err().contains("by_model, savings") && r.err().contains("notes"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void tableWithAnotherFormatIsAUsageErrorAndAloneItMeansCsv() {
        TestSupport.Run json = TestSupport.cli("analyze", SAMPLE, "-f", "json", "--table", "daily");
        assertEquals(2, json.code(), json.err());
        assertTrue(json.err().contains("--table") && json.err().contains("json"), json.err());
        TestSupport.Run daily = TestSupport.cli("analyze", SAMPLE, "-q", "--table", "daily");
        assertEquals(0, daily.code(), daily.err());
        List<CSVRecord> rows = parse("analyze --table daily", daily.out());
        assertEquals("day", rows.get(0).get(0));
        assertEquals(TestSupport.cli("analyze", SAMPLE, "-q", "-f", "json").json().get("daily").size() + 1, rows.size());
    }

    /** The early --table check parses --format: an unknown one is the usual one-line usage error, not a stack trace. */
    @Test
    void tableWithAnUnknownFormatIsAUsageErrorWithoutAStackTrace() {
        TestSupport.Run r = TestSupport.cli("analyze", SAMPLE, "-q", "--table", "daily", "-f", "bogus");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("unknown format 'bogus'") && !r.err().contains("at io.techopt"), r.err());
    }

    @Test
    void tableListWritesNoReportFile() throws IOException {
        Path out = tmp.resolve("never-written.csv");
        TestSupport.Run r = TestSupport.cli("budget", SAMPLE, "-o", out.toString(), "--table", "list");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("groups", "prices_used", "notes"), r.out().lines().toList());
        assertFalse(Files.exists(out), "--table list wrote " + out);
        assertFalse(r.err().contains("wrote"), r.err());
    }

    @Test
    void theNotesTableHoldsTheReportsNotesOnePerRow() {
        TestSupport.Run r = TestSupport.cli("analyze", SAMPLE, "-f", "csv", "-q", "--table", "notes");
        List<CSVRecord> rows = parse("analyze notes", r.out());
        JsonNode json = TestSupport.cli("analyze", SAMPLE, "-f", "json", "-q").json();
        assertTrue(rows.stream().anyMatch(x -> x.get(0).startsWith("prices: ")), r.out());
        for (JsonNode w : json.get("warnings")) {
            assertTrue(rows.stream().anyMatch(x -> x.get(0).equals(w.asText())), "warning missing from the notes table: " + w);
        }
    }
}
