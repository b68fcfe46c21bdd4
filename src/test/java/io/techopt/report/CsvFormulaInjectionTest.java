package io.techopt.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import io.techopt.core.Printable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 defect 5: a spreadsheet opening any CSV techopt writes never runs a formula that came from a log.
 * Files are read back with commons-csv (an RFC 4180 parser independent of the writer).
 */
class CsvFormulaInjectionTest {
    /** Values a log can carry that a spreadsheet would evaluate (OWASP CSV injection). */
    static final List<String> HOSTILE = List.of("=HYPERLINK(\"http://evil\",\"x\")", "=1+1", "+cmd|calc!A1",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1,2)", "\t=1+1", "\r=1+1", "  =1+1", "\"=1+1\"", "=cmd,with,commas",
            "=line\nbreak");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    @TempDir
    Path dir;

    /** A spreadsheet evaluates the cell: it starts, after blanks and quotes, with = + - @ (or is a tab/CR lead). */
    static boolean wouldEvaluate(String cell) {
        if (cell.isEmpty() || cell.charAt(0) == '\'') {
            return false;
        }
        if (cell.charAt(0) == '\t' || cell.charAt(0) == '\r') {
            return true;
        }
        String s = cell.replaceFirst("^[\\s\"']+", "");
        return !s.isEmpty() && "=+-@\uFF1D\uFF0B\uFF0D\uFF20".indexOf(s.charAt(0)) >= 0 && !NUMBER.matcher(cell).matches();
    }

    static List<CSVRecord> parse(String csv) throws IOException {
        try (CSVParser p = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get().parse(new StringReader(csv))) {
            return p.getRecords();
        }
    }

    static void assertNoCellEvaluates(String csv, String what) throws IOException {
        for (CSVRecord r : parse(csv)) {
            for (String cell : r) {
                assertTrue(!wouldEvaluate(cell), what + ": a spreadsheet evaluates the cell [" + cell + "] in " + r);
            }
        }
    }

    /** One request a day for 30 days, each field of the log carrying one of the hostile values. */
    Path hostileLog() throws IOException {
        StringBuilder sb = new StringBuilder();
        LocalDate start = LocalDate.parse("2026-09-01");
        for (int i = 0; i < 30; i++) {
            String v = HOSTILE.get(i % HOSTILE.size());
            ObjectNode o = TestSupport.JSON.createObjectNode();
            o.put("timestamp", start.plusDays(i) + "T10:00:00Z");
            o.put("model", i % 3 == 0 ? "gpt-4o-mini" : v);
            o.put("provider", v);
            o.put("team", v);
            o.put("user", v);
            o.put("task_type", v);
            o.putObject("usage").put("input_tokens", 1000 + i).put("output_tokens", 100);
            sb.append(o).append('\n');
        }
        return TestSupport.write(dir, "hostile.jsonl", sb.toString());
    }

    @Test
    void everyHostileTextComesBackAsTypedBehindOneApostropheAndNumbersStayNumbers() throws IOException {
        StringBuilder out = new StringBuilder();
        CsvWriter w = new CsvWriter(out);
        for (String v : HOSTILE) {
            w.row(v, -0.25, -3L, "plain, text", "-5", "2026-09-01", "");
        }
        w.flush();
        List<CSVRecord> rows = parse(out.toString());
        assertEquals(HOSTILE.size(), rows.size());
        for (int i = 0; i < HOSTILE.size(); i++) {
            CSVRecord r = rows.get(i);
            // control characters (tab, CR, LF) are shown as their escapes (Printable), behind the same one apostrophe
            assertEquals("'" + Printable.escape(HOSTILE.get(i)), r.get(0), "nothing lost, nothing evaluated");
            assertEquals(List.of("-0.25", "-3", "plain, text", "'-5", "2026-09-01", ""), r.toList().subList(1, 7),
                    "the tool's numbers stay numeric; text that looks like a number is still text");
        }
        assertNoCellEvaluates(out.toString(), "CsvWriter");
    }

    @Test
    void analyzeCsvNeutralisesFormulasThatAlsoNeedQuoting() throws IOException {
        Path out = dir.resolve("report.csv");
        // every table csv writes for the run, each to --out in turn
        TestSupport.Run run = TestSupport.cliWithEveryCsvTable("analyze", "-q", "-f", "csv", "-o", out.toString(), "-g", "team", "-g", "user",
                "-g", "provider", "-g", "task_type", "-g", "model+team", hostileLog().toString());
        assertEquals(0, run.code(), run.err());
        String csv = run.out();
        assertNoCellEvaluates(csv, "analyze -f csv");
        List<String> cells = new ArrayList<>();
        parse(csv).forEach(r -> r.forEach(cells::add));
        assertTrue(cells.contains("'=HYPERLINK(\"http://evil\",\"x\")"), "the value is kept, made inert: " + cells);
        assertTrue(cells.contains("'=cmd,with,commas"), "quoted and guarded: " + cells);
    }

    @Test
    void focusCsvNeutralisesFormulasInEveryTextColumn() throws IOException {
        Path focus = dir.resolve("focus.csv");
        Path forecast = dir.resolve("forecast.csv");
        // the hostile model names get a price, so that they reach the file (a FOCUS row needs a list unit price)
        com.fasterxml.jackson.databind.node.ObjectNode book = TestSupport.JSON.createObjectNode();
        HOSTILE.forEach(h -> book.putObject(h).put("input", 1.0).put("output", 2.0));
        Path prices = TestSupport.write(dir, "hostile-prices.json", book.toString());
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-q", "-f", "json", "--focus-csv", focus.toString(),
                "--forecast-csv", forecast.toString(), "--prices", prices.toString(), hostileLog().toString());
        assertEquals(0, run.code(), run.err());
        String csv = Files.readString(focus);
        assertNoCellEvaluates(csv, "--focus-csv");
        assertNoCellEvaluates(Files.readString(forecast), "--forecast-csv");
        List<CSVRecord> rows = parse(csv);
        List<String> header = rows.get(0).toList();
        List<String> providers = new ArrayList<>();
        List<String> models = new ArrayList<>();
        List<String> skus = new ArrayList<>();
        for (CSVRecord r : rows.subList(1, rows.size())) {
            providers.add(r.get(header.indexOf("ProviderName")));
            models.add(r.get(header.indexOf("x_Model")));
            skus.add(r.get(header.indexOf("SkuPriceId")));
        }
        assertTrue(providers.contains("'+cmd|calc!A1"), providers.toString());
        assertTrue(models.contains("'=1+1"), models.toString());
        assertTrue(skus.contains("'=1+1/input"), skus.toString());
    }

    /** Issue 18 defect 5.4: a byte order mark or zero-width character before a formula does not hide it. */
    @Test
    void invisibleCharactersBeforeAFormulaAreTreatedLikeWhitespace() {
        for (String lead : List.of("\uFEFF", "\u200B", "\u200C", "\u200D", "\u2060", "\u00AD", "\u202E", "\uFEFF\u200B ")) {
            String v = lead + "=1+1";
            assertEquals("'" + v, CsvWriter.inert(v), "U+" + Integer.toHexString(lead.charAt(0)));
        }
        assertEquals("\uFEFFgpt-4o", CsvWriter.inert("\uFEFFgpt-4o"), "plain text keeps its mark and gets no apostrophe");
    }
}
