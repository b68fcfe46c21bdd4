package io.techopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import io.techopt.core.Printable;
import io.techopt.core.RedactingWriter;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18: control and bidi characters in names taken from logs (terminal escapes, an OSC 8 hyperlink, U+202E and
 * the other bidi overrides and isolates, NUL, CR, LF, TAB, C1, zero-width) reached table, markdown, CSV, html and
 * stderr raw: a line feed split a table row and forged a log line, ESC drove the terminal. Every command in every text
 * format shows them as escapes; JSON keeps the exact name.
 */
class ControlCharactersInNamesTest {
    /** Clears the screen, a hyperlink, a right-to-left override, a forged table row, CR, TAB, NUL, C1 NEL, isolates. */
    static final String MODEL = "gpt-4o\u001b[2J\u001b]8;;http://evil.example/\u0007click\u001b]8;;\u0007\u202eevil\nFAKE ROW | 9 | $0.00"
            + "\r\t\u0000\u200b\u0085\u2066iso\u2069\u200e\u009b31m";
    static final String TEAM = "team\u001b[31m\u202e\nforged line\u200f\u00ad\u2028x";
    static final String USER = "user\u001b]0;pwned\u0007\n\u202dforged line";
    static final String EXPERIMENT = "exp\u001b[2J\u202e\nforged line";
    static final String VARIANT = "treat\u001b[1m\u202e\nforged line";

    @TempDir
    Path tmp;

    /** The real LiteLLM StandardLoggingPayload, one request a day for 30 days, with hostile model, team and user names. */
    private Path realLogWithPlantedNames() throws IOException {
        Path real = shared("data/litellm-logs/gcs_pub_sub_body/standard_logging_payload.json");
        JsonNode payload = TestSupport.JSON.readTree(real.toFile());
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            ObjectNode r = payload.deepCopy();
            String day = String.format(Locale.ROOT, "2026-09-%02d 09:20:46.847371", 1 + i);
            r.put("id", "req-" + i);
            r.put("startTime", day);
            r.put("endTime", day.replace("46.847371", "47.347371"));
            if (i % 2 == 0) {
                r.put("model", MODEL);
            }
            ((ObjectNode) r.get("metadata")).put("user_api_key_team_alias", i % 3 == 0 ? TEAM : "support");
            r.put("user", i % 4 == 0 ? USER : "u" + i % 5);
            log.append(TestSupport.JSON.writeValueAsString(r)).append('\n');
        }
        return TestSupport.write(tmp, "litellm.jsonl", log.toString());
    }

    /** The same real payload as canonical records of an experiment whose name and a variant's name are hostile. */
    private Path experimentLogWithPlantedNames() throws IOException {
        JsonNode payload = TestSupport.JSON.readTree(shared("data/litellm-logs/gcs_pub_sub_body/standard_logging_payload.json").toFile());
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 80; i++) {
            ObjectNode r = TestSupport.JSON.createObjectNode();
            r.put("timestamp", String.format(Locale.ROOT, "2026-09-%02dT10:%02d:00Z", 1 + i % 28, i % 60));
            r.put("model", payload.get("model").asText());
            r.put("user", "u" + i);
            r.put("team", TEAM);
            r.put("experiment", EXPERIMENT);
            r.put("variant", i % 2 == 0 ? "control" : VARIANT);
            r.set("messages", payload.get("messages"));
            r.putObject("usage").put("input_tokens", payload.get("prompt_tokens").asInt() + i % 7)
                    .put("output_tokens", payload.get("completion_tokens").asInt() + i % 5);
            r.put("latency_ms", 300 + i % 11);
            log.append(TestSupport.JSON.writeValueAsString(r)).append('\n');
        }
        return TestSupport.write(tmp, "experiment.jsonl", log.toString());
    }

    static Path shared(String relative) {
        return TestSupport.shared(relative);
    }

    @Test
    void everyCommandInEveryTextFormatShowsHostileNamesEscapedAndJsonKeepsThemExact() throws IOException {
        Path log = realLogWithPlantedNames();
        Path experiment = experimentLogWithPlantedNames();
        List<List<String>> commands = List.of(
                List.of("analyze", "--group-by", "team", "--group-by", "user", "--group-by", "model+team", log.toString()),
                List.of("budget", log.toString()),
                List.of("compress", log.toString(), "--rate", "0.5"),
                List.of("cache-warm", "--min-count", "1", "--embedder", "hash", "--dry-run", log.toString()),
                List.of("cache-warm", "simulate", "--embedder", "hash", log.toString()),
                List.of("route-sim", log.toString()),
                List.of("cost-forecast", "--by", "team", log.toString()),
                List.of("cost-forecast", "--by", "model", log.toString()),
                List.of("ab-report", "--experiment", EXPERIMENT, experiment.toString()));
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (List<String> command : commands) {
            for (String format : List.of("table", "markdown", "csv", "html", "json")) {
                List<String> args = new ArrayList<>(command);
                args.addAll(List.of("-f", format));
                TestSupport.Run run = TestSupport.cliWithEveryCsvTable(args.toArray(String[]::new));
                String what = String.join(" ", command.subList(0, command.get(0).equals("cache-warm") && command.get(1).equals("simulate") ? 2 : 1))
                        + " -f " + format;
                if (run.code() != 0) {
                    problems.add(what + ": exit " + run.code() + "\n" + run.err());
                    continue;
                }
                problems.addAll(rawControls(what + " stdout", run.out()));
                problems.addAll(rawControls(what + " stderr", run.err()));
                problems.addAll(forgedLines(what + " stdout", run.out()));
                problems.addAll(forgedLines(what + " stderr", run.err()));
                switch (format) {
                    case "markdown" -> problems.addAll(markdownRowsKeepTheirCells(what, run.out()));
                    case "csv" -> problems.addAll(csvRecordsKeepTheirCells(what, run.out()));
                    case "json" -> problems.addAll(jsonKeepsTheExactNames(what, run.json(), command.get(0)));
                    default -> {
                    }
                }
                // budget, compress and cache-warm simulate show no log name (task types, strategies, figures): nothing to see escaped
                boolean showsNames = !List.of("budget", "compress").contains(command.get(0)) && !command.contains("simulate");
                if (showsNames && !format.equals("json") && !format.equals("csv") && !run.out().contains("\\u202e") && !run.out().contains("\\u001b")) {
                    problems.add(what + ": no hostile name shown escaped at all (dropped?):\n" + run.out());
                }
                checked++;
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n\n", problems));
        assertEquals(45, checked, "9 commands x 5 formats");
    }

    @Test
    void aGroupByTeamTableKeepsOneLinePerTeamWithTheNameEscaped() throws IOException {
        TestSupport.Run run = TestSupport.cli("analyze", "-q", "-f", "table", "--group-by", "team", realLogWithPlantedNames().toString());
        assertEquals(0, run.code(), run.err());
        // the notes may name the team too (a lower-bound note); the table rows are the lines that are not notes
        List<String> teamRows = run.out().lines().filter(l -> !l.strip().startsWith("- "))
                .filter(l -> l.contains("team\\u001b[31m\\u202e\\u000aforged line")).toList();
        assertEquals(1, teamRows.size(), run.out());
        assertTrue(teamRows.get(0).matches(".*\\s10\\s.*"), "the row carries its own figures (10 requests): " + teamRows.get(0));
        assertTrue(run.out().lines().noneMatch(l -> l.strip().startsWith("forged line")), run.out());
    }

    @Test
    void aFileNameWithControlCharactersCannotForgeAStderrLineOrDriveTheTerminal() throws IOException {
        Path real = realLogWithPlantedNames();
        Path dir = Files.createDirectories(tmp.resolve("logs"));
        Path hostile = dir.resolve("log\u001b[2J\u202e\nforged line.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(real));
        lines.add(1, "{\"model\": \"gpt-4o\", this line is broken");
        Files.write(hostile, lines);
        for (String format : List.of("table", "markdown", "csv", "html", "json")) {
            TestSupport.Run run = TestSupport.cliWithEveryCsvTable("analyze", "-f", format, dir.toString());
            assertEquals(0, run.code(), run.err());
            assertTrue(run.err().contains("1 bad line skipped"), run.err());
            assertTrue(run.err().contains("log\\u001b[2J\\u202e\\u000aforged line.jsonl:2"), "the file and line are named, escaped:\n" + run.err());
            List<String> problems = new ArrayList<>(rawControls(format + " stderr", run.err()));
            problems.addAll(forgedLines(format + " stderr", run.err()));
            problems.addAll(rawControls(format + " stdout", run.out()));
            problems.addAll(forgedLines(format + " stdout", run.out()));
            assertTrue(problems.isEmpty(), String.join("\n", problems));
        }
    }

    @Test
    void errorMessagesQuotingAUserArgumentOrALogNameAreEscaped() throws IOException {
        Path experiment = experimentLogWithPlantedNames();
        // picocli's own message echoes the unknown option as typed
        TestSupport.Run unknown = TestSupport.cli("analyze", "--x\u001b[2J\u202e\nforged line", experiment.toString());
        assertEquals(2, unknown.code(), unknown.err());
        // an experiment that is not in the log: the usage error quotes it
        TestSupport.Run missing = TestSupport.cli("ab-report", "-f", "json", "--experiment", "nope\u001b]8;;http://evil\u0007\nforged line",
                experiment.toString());
        assertEquals(2, missing.code(), missing.err());
        // a variant of the log missing from --weights: the message quotes the log's name
        TestSupport.Run weights = TestSupport.cli("ab-report", "-f", "json", "--experiment", EXPERIMENT, "--weights", "control=0.5,other=0.5",
                experiment.toString());
        assertEquals(2, weights.code(), weights.err());
        for (TestSupport.Run run : List.of(unknown, missing, weights)) {
            assertTrue(run.err().contains("\\u000aforged line"), "the name is shown, escaped:\n" + run.err());
            List<String> problems = new ArrayList<>(rawControls("stderr", run.err()));
            problems.addAll(forgedLines("stderr", run.err()));
            assertTrue(problems.isEmpty(), String.join("\n", problems));
        }
    }

    /** Review: a link or image as a team, user or variant name was written raw into markdown rows and alert lines. */
    @Test
    void markdownNamesCannotFormLinksImagesOrEmphasis() throws IOException {
        String link = "[clk](javascript:alert(3))", image = "![px](http://evil.example/track.png)", emph = "**bold** _it_ `code` # h";
        StringBuilder sb = new StringBuilder();
        for (String name : List.of(link, image, emph, "plain")) {
            for (int i = 0; i < 2; i++) {
                String v = i == 0 ? "control" : name;
                com.fasterxml.jackson.databind.node.ObjectNode line = TestSupport.JSON.createObjectNode()
                        .put("timestamp", "2026-10-0" + (1 + i) + "T01:00:00Z").put("model", "gpt-4o-mini")
                        .put("team", name).put("user", name).put("experiment", "e").put("variant", v).put("provider", "openai");
                line.set("usage", TestSupport.JSON.createObjectNode().put("input_tokens", 100 + i).put("output_tokens", 50));
                sb.append(line.toString()).append('\n');
            }
        }
        Path log = TestSupport.write(tmp, "md.jsonl", sb.toString());
        for (List<String> args : List.of(List.of("analyze", "-g", "team", "-g", "user"), List.of("cost-forecast", "--by", "team"),
                List.of("ab-report", "--experiment", "e"))) {
            List<String> all = new java.util.ArrayList<>(args);
            all.addAll(List.of("-f", "markdown", log.toString()));
            TestSupport.Run run = TestSupport.cli(all.toArray(String[]::new));
            assertTrue(run.code() == 0 || run.code() == 4, run.err());
            String md = run.out();
            assertFalse(java.util.regex.Pattern.compile("(?<!\\\\)\\]\\(|(?<!\\\\)!(?<!\\\\)\\[").matcher(md).find() || md.contains("**bold**") || md.contains("`code`"),
                    args + ":\n" + md);
            assertTrue(md.contains("\\[clk\\](javascript:alert(3))") || !args.get(0).equals("analyze"), args + ":\n" + md);
        }
        assertEquals("\\!\\[px\\](http://evil.example/track.png)", MarkdownRenderer.esc(image));
        assertEquals("\\- item + 1", MarkdownRenderer.esc("- item + 1"));
    }

    @Test
    void theEscapeConventionIsJsonsUnicodeEscapeAndIsIdempotent() {
        assertEquals("a\\u001b[2Jb\\u000ac\\u202ed\\u0000e\\u0009f\\u0085g\\u200bh\\udb40\\udc41i", Printable.escape(
                "a\u001b[2Jb\nc\u202ed\u0000e\tf\u0085g\u200bh" + new String(Character.toChars(0xE0041)) + "i"));
        assertEquals("日本語 café naïve 😀 (a|b) \\ back", Printable.escape("日本語 café naïve 😀 (a|b) \\ back"));
        String once = Printable.escape(MODEL);
        assertEquals(once, Printable.escape(once));
        assertEquals("line one\nline \\u001btwo", Printable.escapeKeepingLineFeeds("line one\nline \u001btwo"));
    }

    @Test
    void theRedactingBoundaryEscapesWhatARendererForgotButKeepsTheTablesBold() throws IOException {
        java.io.StringWriter sink = new java.io.StringWriter();
        RedactingWriter w = OutputFormat.TABLE.redactingWriter(sink, true);
        w.write("\u001b[1mtitle\u001b[0m\nname \u001b[2J\u202e sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34\n");
        w.finish();
        assertEquals("\u001b[1mtitle\u001b[0m\nname \\u001b[2J\\u202e [REDACTED]\n", sink.toString());
        java.io.StringWriter plain = new java.io.StringWriter();
        RedactingWriter p = OutputFormat.TABLE.redactingWriter(plain, false);
        p.write("\u001b[1mtitle\u001b[0m\n");
        p.finish();
        assertEquals("\\u001b[1mtitle\\u001b[0m\n", plain.toString(), "without colour, no escape character passes at all");
    }

    @Test
    void aSecretGluedToAControlCharacterIsRedactedBeforeItIsEscaped() {
        // escaped first, the backslash of \u0000 would end the value and leave the key's characters unmasked
        String secret = "Zq81Rt5Lm2Vx7Kp4";
        ReportView view = new ReportView("t", List.of(new ReportView.Table("by_team", "By team",
                List.of(new ReportView.Column("team", ReportView.Kind.TEXT)), List.of(List.<Object>of("api_key=\u0000" + secret))),
                new ReportView.Notes("Warnings", List.of("team 'token:\u001b" + secret + "' is new"))));
        ReportView shown = view.printable();
        assertEquals("api_key=[REDACTED]", shown.blocks().get(0) instanceof ReportView.Table t ? t.rows().get(0).get(0) : null);
        assertFalse(((ReportView.Notes) shown.blocks().get(1)).lines().get(0).contains(secret), shown.toString());
    }

    @Test
    void aWebhookAlertNamingAHostileTeamForgesNoBulletAndNoSlackLink() throws IOException {
        String message = "team 'ops\n• all budgets fine <https://evil.example/|Approve budget>\u202e' is forecast to exceed $20.00";
        var alert = new io.techopt.forecast.ForecastResult.Alert("team=ops", "forecast", 1.0, "2026-10-20", 20, 31, false, message);
        var result = new io.techopt.forecast.ForecastResult(null, "2026-10-15", null, null, 0, 0, null, null, null, List.of(alert),
                null, null, null, 0, null, null, null, null, null, null, null);
        String text = TestSupport.JSON.readTree(io.techopt.forecast.Webhook.message(List.of(alert), result)).get("text").asText();
        assertEquals(2, text.split("\n").length, "one header line and one bullet:\n" + text);
        assertFalse(text.contains("<https://") || text.contains("\u202e"), text);
        assertTrue(text.contains("ops\\u000a• all budgets fine &lt;https://evil.example/|Approve budget&gt;\\u202e"), text);
    }

    @Test
    void aCompressedPromptKeepsItsOwnLinesUnderItsBulletWithEveryOtherControlEscaped() throws IOException {
        Path prompt = TestSupport.write(tmp, "prompt.txt", "First line of the prompt.\nSecond line \u001b[2Jclears the screen.\u202e\n"
                + "Third line ends here.\n");
        TestSupport.Run run = TestSupport.cli("compress", "-q", "-f", "table", "--rate", "1", prompt.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("  - First line of the prompt.\n    Second line \\u001b[2Jclears the screen.\\u202e\n    Third line"),
                "the prompt's own lines continue under the bullet:\n" + run.out());
        assertTrue(rawControls("compress -f table", run.out()).isEmpty(), String.join("\n", rawControls("compress -f table", run.out())));
    }

    @Test
    void everyTextRendererDrawsOnlyThePrintableView() {
        for (OutputFormat f : OutputFormat.values()) {
            Renderer r = Renderer.forFormat(f, true);
            assertEquals(f != OutputFormat.JSON, r instanceof TextRenderer, f + " -> " + r.getClass().getSimpleName());
        }
    }

    // ---- checks, written independently of the code under test

    /** Characters that must never reach a person raw: C0 but LF, DEL, C1, bidi, zero-width and other invisibles. */
    static boolean forbidden(char c) {
        return (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == 0x00ad || c == 0x061c || (c >= 0x200b && c <= 0x200f)
                || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x2069) || c == 0xfeff || c == 0xdb40;
    }

    static List<String> rawControls(String what, String text) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (forbidden(c)) {
                int from = Math.max(0, i - 30), to = Math.min(text.length(), i + 30);
                found.add(what + ": raw U+" + String.format(Locale.ROOT, "%04X", (int) c) + " at " + i + " in ["
                        + Printable.escape(text.substring(from, to)) + "]");
                if (found.size() > 3) {
                    break;
                }
            }
        }
        return found;
    }

    /** A line holding what followed a line feed inside a name, without that line feed's escape before it: a forged line. */
    static List<String> forgedLines(String what, String text) {
        List<String> found = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            for (String forged : List.of("FAKE ROW", "forged line")) {
                int at = line.indexOf(forged);
                if (at >= 0 && !line.substring(0, at).contains("u000a") && !line.substring(0, at).contains("\\n")) {
                    found.add(what + ": a name's line feed started a line: [" + Printable.escape(line) + "]");
                }
            }
        }
        return found;
    }

    /** Every row of a markdown table has the header's number of cells: a name's | or line feed splits nothing. */
    static List<String> markdownRowsKeepTheirCells(String what, String md) {
        List<String> found = new ArrayList<>();
        int expected = -1;
        for (String line : md.split("\n", -1)) {
            if (!line.startsWith("|")) {
                expected = -1;
                continue;
            }
            int pipes = 0;
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) == '\\') {
                    i++;
                } else if (line.charAt(i) == '|') {
                    pipes++;
                }
            }
            if (expected < 0) {
                expected = pipes;
            } else if (pipes != expected) {
                found.add(what + ": a row with " + pipes + " cell borders, the header has " + expected + ": [" + line + "]");
            }
        }
        return found;
    }

    /** Each table of the CSV keeps the header's width and no cell holds a raw control (a spreadsheet shows no fake row). */
    static List<String> csvRecordsKeepTheirCells(String what, String csv) throws IOException {
        List<String> found = new ArrayList<>();
        int width = -1;
        for (CSVRecord r : CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get().parse(new StringReader(csv))) {
            if (r.size() == 1 && r.get(0).isEmpty()) {
                width = -1;
                continue;
            }
            if (width < 0) {
                width = r.size();
            } else if (r.size() != width) {
                found.add(what + ": a record of " + r.size() + " cells under a header of " + width + ": " + r);
            }
            for (String cell : r) {
                found.addAll(rawControls(what + " cell", cell.replace("\n", "\u0000")));
            }
        }
        return found;
    }

    /** JSON is data: the names come back exactly as logged, and the file itself shows no raw invisible character. */
    static List<String> jsonKeepsTheExactNames(String what, JsonNode json, String command) {
        List<String> found = new ArrayList<>();
        String text = json.toString();
        List<String> expected = switch (command) {
            case "analyze" -> List.of(MODEL, TEAM, USER);
            case "ab-report" -> List.of(EXPERIMENT, VARIANT);
            default -> List.of();
        };
        for (String name : expected) {
            if (!containsText(json, name)) {
                found.add(what + ": the exact name [" + Printable.escape(name) + "] is not in the JSON: " + Printable.escape(text));
            }
        }
        return found;
    }

    private static boolean containsText(JsonNode n, String s) {
        if (n.isTextual()) {
            return n.asText().equals(s);
        }
        if (n.isObject()) {
            var it = n.fields();
            while (it.hasNext()) {
                var e = it.next();
                if (e.getKey().equals(s) || containsText(e.getValue(), s)) {
                    return true;
                }
            }
        }
        for (JsonNode c : n) {
            if (containsText(c, s)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theChecksThemselvesCatchARawName() throws IOException {
        assertFalse(rawControls("x", "a" + MODEL).isEmpty());
        assertFalse(forgedLines("x", "| " + MODEL + " |").isEmpty());
        assertFalse(markdownRowsKeepTheirCells("x", "| a | b |\n|---|---|\n| " + "x | y | z" + " | 1 |\n").isEmpty());
        assertFalse(csvRecordsKeepTheirCells("x", "a,b\n\"x\ny\",1\n").isEmpty());
    }
}
