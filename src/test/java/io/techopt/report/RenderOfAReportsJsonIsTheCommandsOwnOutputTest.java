package io.techopt.report;

import io.techopt.TestSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code techopt render} of a command's {@code -f json} output is that command's own output in every other format,
 * byte for byte: rendered from the golden JSON of every report kind (EveryReportKindGoldenTest, RenderersGoldenTest),
 * it must give the golden table, markdown, csv and html; every csv table (not only the main one) is checked against
 * the command's own run. A kind render does not draw yet is refused with exit 2 naming those it draws, never drawn
 * in part.
 */
class RenderOfAReportsJsonIsTheCommandsOwnOutputTest {
    /** Golden name to the schema (the kind) render tells from the JSON, and the command that wrote it. */
    record Golden(String name, String kind, Supplier<List<String>> args) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The kinds render draws so far (RenderCommand.KINDS); the others must be refused. */
    static final List<String> RENDERED = List.of("analyze-logs", "cost-forecast", "ab-report", "budget-log", "compress-log",
            "cache-warm", "cache-warm-simulate", "cache-warm-calibrate", "route-sim");

    static final Map<String, String> KIND_OF = Map.of("analyze", "analyze-logs", "route-sim", "route-sim",
            "budget", "budget-log", "compress", "compress-log");

    static List<Golden> goldens() {
        List<Golden> g = new ArrayList<>();
        String small = "src/test/resources/golden/small.jsonl";
        // RenderersGoldenTest's two, then EveryReportKindGoldenTest's
        g.add(new Golden("analyze", "analyze-logs", () -> List.of("analyze", "--group-by", "team", "--group-by", "day", small)));
        g.add(new Golden("route-sim", "route-sim", () -> List.of("route-sim", "src/test/resources/golden/route-small.jsonl")));
        for (EveryReportKindGoldenTest.Kind k : EveryReportKindGoldenTest.kinds()) {
            g.add(new Golden(k.name(), KIND_OF.getOrDefault(k.name(), k.name()), k.args()));
        }
        return g;
    }

    static Stream<Arguments> goldensAndFormats() {
        return goldens().stream().flatMap(g -> Stream.of("table", "markdown", "csv", "html", "json").map(f -> Arguments.of(g, f)));
    }

    @ParameterizedTest(name = "render {0}.json -f {1}")
    @MethodSource("goldensAndFormats")
    void renderOfTheGoldenJsonIsTheGoldenFile(Golden g, String format, @TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out." + format);
        // the golden file masks the one figure timed on the machine's clock; render reads a number there
        Path json = Files.writeString(tmp.resolve(g.name() + ".json"), Files.readString(Path.of("src/test/resources/golden/"
                + g.name() + ".json")).replace("\"(timed)\"", "0.25"));
        TestSupport.Run run = TestSupport.cli("render", json.toString(), "-f", format,
                "--out", out.toString(), "--quiet");
        if (!RENDERED.contains(g.kind())) {
            assertEquals(2, run.code(), run.err());
            assertTrue(run.err().contains("render does not draw yet") && run.err().contains(String.join(", ", RENDERED)), run.err());
            assertFalse(Files.exists(out), "nothing written for a kind render does not draw");
            return;
        }
        assertEquals(0, run.code(), run.err());
        String rendered = Files.readString(out);
        if (format.equals("json")) {
            rendered = rendered.replace("\"lookup_ms_mean\" : 0.25", "\"lookup_ms_mean\" : \"(timed)\"");
        }
        assertEquals(Files.readString(Path.of("src/test/resources/golden/" + g.name() + "." + format)), rendered,
                "render of golden/" + g.name() + ".json -f " + format);
    }

    /**
     * The runs whose every csv table is compared: one a rendered kind, on an input small enough to run the command once
     * per table (analyze's golden log; 20 days of two models and an unpriced one for cost-forecast, split by team).
     */
    /** The forecast's log: the class's own directory (a /tmp/render-tables* was left by every run). */
    @TempDir
    static Path tables;

    static Stream<Golden> renderedGoldens() throws IOException {
        Path dir = tables;
        StringBuilder log = new StringBuilder();
        for (int d = 0; d < 20; d++) {
            for (int h = 0; h < 6; h++) {
                String model = h == 5 && d % 3 == 0 ? "acme-unpriced-1" : h % 2 == 0 ? "gpt-4o" : "gpt-4o-mini";
                log.append(String.format("{\"timestamp\":\"%sT%02d:10:00Z\",\"model\":\"%s\",\"metadata\":{\"team\":\"t%d\"},"
                        + "\"usage\":{\"input_tokens\":%d,\"output_tokens\":100}}%n", java.time.LocalDate.parse("2026-09-01").plusDays(d),
                        h * 4, model, h % 2, 1000 + 37 * d * h));
            }
        }
        String forecastLog = Files.writeString(dir.resolve("forecast.jsonl"), log.toString()).toString();
        return Stream.of(goldens().get(0), new Golden("cost-forecast", "cost-forecast",
                () -> List.of("cost-forecast", forecastLog, "--by", "team")));
    }

    /**
     * Every csv table of the command's own run (its --table list, each --table NAME) against render's of the JSON
     * the command wrote in the same session: the tables a summary or a note carries too, not only the main one.
     */
    @ParameterizedTest(name = "{0}: every --table")
    @MethodSource("renderedGoldens")
    void everyCsvTableRenderedIsTheCommands(Golden g, @TempDir Path tmp) throws IOException {
        Path json = tmp.resolve("report.json");
        TestSupport.Run wrote = TestSupport.cli(with(g.args().get(), "-f", "json", "--out", json.toString(), "--quiet"));
        assertEquals(0, wrote.code(), wrote.err());
        TestSupport.Run tables = TestSupport.cli(with(g.args().get(), "--table", "list", "--quiet"));
        TestSupport.Run rendered = TestSupport.cli("render", json.toString(), "--table", "list");
        assertEquals(tables.out(), rendered.out(), "the same csv tables");
        assertTrue(tables.out().lines().count() > 1, tables.out());
        for (String table : tables.out().lines().toList()) {
            Path own = tmp.resolve(table + ".own.csv");
            Path fromJson = tmp.resolve(table + ".render.csv");
            assertEquals(0, TestSupport.cli(with(g.args().get(), "--table", table, "--out", own.toString(), "--quiet")).code());
            TestSupport.Run r = TestSupport.cli("render", json.toString(), "--table", table, "--out", fromJson.toString(), "--quiet");
            assertEquals(0, r.code(), r.err());
            assertEquals(Files.readString(own), Files.readString(fromJson), "--table " + table);
        }
    }

    private static String[] with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /**
     * cost-forecast's headline says why its forecast is null, a reason the command knew and its JSON says only in a
     * warning: render reads it from there. Less than a day of data, and a log mostly of a model without a price.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"less than a day", "mostly unpriced"})
    void forecastsNullReasonIsReadFromItsJson(String which, @TempDir Path tmp) throws IOException {
        StringBuilder log = new StringBuilder();
        int days = which.equals("less than a day") ? 1 : 40;
        for (int d = 0; d < days; d++) {
            for (int h = 0; h < (days == 1 ? 3 : 24); h++) {
                String model = days > 1 && h % 4 != 0 ? "acme-unpriced-1" : "gpt-4o-mini";
                log.append(String.format("{\"timestamp\":\"%s\",\"model\":\"%s\",\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}%n",
                        java.time.LocalDate.parse("2026-10-01").plusDays(d) + String.format("T%02d:10:00Z", h), model));
            }
        }
        Path in = TestSupport.write(tmp, "log.jsonl", log.toString());
        Path json = tmp.resolve("f.json");
        assertEquals(0, TestSupport.cli("cost-forecast", in.toString(), "-q", "-f", "json", "--out", json.toString()).code());
        assertTrue(Files.readString(json).contains("\"forecast_total_usd\" : null"), "the case nulls the forecast");
        TestSupport.Run own = TestSupport.cli("cost-forecast", in.toString(), "-q", "-f", "table");
        TestSupport.Run rendered = TestSupport.cli("render", json.toString(), "-q", "-f", "table");
        assertEquals(0, rendered.code(), rendered.err());
        assertEquals(own.out(), rendered.out());
    }

    /**
     * A JSON edited by someone else: a formula as a model name, a key and an address in a warning. render passes the
     * same boundary as the command: the key and the address are redacted in every format (the JSON too), and every
     * csv cell stays formula-safe.
     */
    @org.junit.jupiter.api.Test
    void aHostileJsonIsRedactedAndFormulaSafeInEveryFormat(@TempDir Path tmp) throws IOException {
        var doc = (com.fasterxml.jackson.databind.node.ObjectNode) TestSupport.JSON.readTree(Path.of("src/test/resources/golden/analyze.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("by_model").get(0)).put("model", "=HYPERLINK(\"http://evil.example\",\"x\")");
        String key = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdEFGH";
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("warnings")).add("key " + key + " leaked by alice@example.com");
        Path json = Files.writeString(tmp.resolve("hostile.json"), doc.toString());
        for (String f : List.of("table", "markdown", "html", "json")) {
            TestSupport.Run r = TestSupport.cli("render", json.toString(), "-f", f);
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("leaked by") && !r.out().contains(key) && !r.out().contains("alice@example.com"), f + ":\n" + r.out());
        }
        String csv = TestSupport.everyCsvTable("render", json.toString(), "-f", "csv");
        assertFalse(csv.contains(key) || csv.contains("alice@example.com"), csv);
        assertTrue(csv.contains("\"'=HYPERLINK(") && !csv.matches("(?s).*(^|\n|,)\"?=HYPERLINK.*"), csv);
    }

    /** Input render cannot draw: a clear reason on stderr, the exit code of cli.md, no stack trace and nothing written. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "another tool's JSON|{\"foo\": 1}|2|meets no techopt report schema; nearest:",
            "a JSON array|[1, 2]|2|a report is an object",
            "a truncated report|{\"requests\" : 3,\\n  \"bad_|3|:2:",
            "a blank file|BLANK|2|is empty",
            "two documents|{} {}|3|not JSON"})
    void inputRenderCannotDrawIsRefusedAndNothingIsWritten(String what, String content, int exit, String says, @TempDir Path tmp) throws IOException {
        Path in = Files.writeString(tmp.resolve("in.json"), content.replace("\\n", "\n").replace("BLANK", " \n "));
        Path out = tmp.resolve("out.html");
        TestSupport.Run r = TestSupport.cli("render", in.toString(), "-f", "html", "--out", out.toString());
        assertEquals(exit, r.code(), what + ": " + r.err());
        assertTrue(r.err().startsWith("techopt: ") && r.err().contains(says) && !r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    /** A file far larger than any report is refused by its size before a byte is read (a sparse file: no disk used). */
    @org.junit.jupiter.api.Test
    void aFileOverTheLimitIsRefusedUnread(@TempDir Path tmp) throws IOException {
        Path big = tmp.resolve("big.json");
        try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(300L * 1000 * 1000);
        }
        TestSupport.Run r = TestSupport.cli("render", big.toString(), "-f", "table");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("render reads reports up to 256 MB"), r.err());
    }

    /** analyze on traces (../shared's LiteLLM callback bodies: OTel, Langfuse) adds its latency map: render draws it too. */
    @org.junit.jupiter.api.Test
    void analyzeWithItsLatencyMapIsDrawnWithIt(@TempDir Path tmp) throws IOException {
        String logs = TestSupport.shared("data/litellm-logs").toString();
        Path json = tmp.resolve("a.json");
        assertEquals(0, TestSupport.cli("analyze", logs, "-q", "-f", "json", "--out", json.toString()).code());
        assertTrue(Files.readString(json).contains("\"latency\" : {"), "the input holds traces");
        for (String[] f : List.of(new String[]{"-f", "html"}, new String[]{"-f", "table"}, new String[]{"--table", "latency_stages"})) {
            TestSupport.Run own = TestSupport.cli("analyze", logs, "-q", f[0], f[1]);
            TestSupport.Run rendered = TestSupport.cli("render", json.toString(), "-q", f[0], f[1]);
            assertEquals(0, rendered.code(), rendered.err());
            assertEquals(own.out(), rendered.out(), String.join(" ", f));
        }
    }
}
