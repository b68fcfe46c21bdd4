package io.techopt.cli;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    @TempDir
    Path tmp;

    @Test
    void helpListsOnlyWorkingCommandsAndTheExitCodes() {
        TestSupport.Run run = TestSupport.cli("--help");
        assertEquals(0, run.code());
        assertTrue(run.out().contains("analyze-logs, analyze"), run.out());
        assertTrue(run.out().contains("samples"));
        assertFalse(run.out().contains("generate-completion"), "hidden helper");
        assertTrue(run.out().contains("3 bad input under --strict"), run.out());
        assertTrue(TestSupport.cli("analyze", "--help").out().contains("--group-by"));
    }

    /** A lone % in a picocli description is a format conversion: picocli prints a WARN and mangles the help. */
    @Test
    void everyCommandsHelpRendersWithoutPicocliWarnings() {
        java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
        collect(Main.commandLine(), new java.util.ArrayList<>(), paths);
        assertTrue(paths.size() >= 9, "every command and subcommand: " + paths);
        java.io.PrintStream oldErr = System.err, oldOut = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream capture = new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8);
        System.setErr(capture);
        System.setOut(capture);
        try {
            for (java.util.List<String> path : paths) {
                java.util.List<String> args = new java.util.ArrayList<>(path);
                args.add("--help");
                TestSupport.Run run = TestSupport.cli(args.toArray(new String[0]));
                assertEquals(0, run.code(), args.toString());
                assertFalse(run.out().contains("[picocli WARN]") || run.err().contains("[picocli WARN]"), args + ": " + run.out() + run.err());
                assertFalse(run.out().contains("Could not format"), args + ": " + run.out());
            }
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        String printed = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(printed.contains("[picocli WARN]"), printed);
    }

    /**
     * #17: help wrapped mid-number ("control=0." then "5,treatment=0.5" on the next line; "(0," then "1)"): picocli
     * breaks where Java's line BreakIterator allows, which includes after the '.' or ',' inside a number.
     */
    @Test
    void noHelpLineBreaksInsideANumber() {
        java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
        collect(Main.commandLine(), new java.util.ArrayList<>(), paths);
        java.util.List<String> splits = new java.util.ArrayList<>();
        for (java.util.List<String> path : paths) {
            java.util.List<String> args = new java.util.ArrayList<>(path);
            args.add("--help");
            String[] lines = TestSupport.cli(args.toArray(new String[0])).out().split("\n");
            for (int i = 1; i < lines.length; i++) {
                String prev = lines[i - 1].strip(), line = lines[i];
                // a continuation line (indented text) whose first word goes on with a number the line above ended in
                if (!prev.isEmpty() && line.matches(" {10,}\\d.*") && prev.matches(".*\\d[.,:]?")) {
                    splits.add(args + ": '" + prev + "' / '" + line.strip() + "'");
                }
            }
        }
        assertTrue(splits.isEmpty(), String.join("\n", splits));
    }

    private static void collect(picocli.CommandLine cl, java.util.List<String> path, java.util.List<java.util.List<String>> out) {
        out.add(path);
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) { // each command once, not once per alias
                java.util.List<String> p = new java.util.ArrayList<>(path);
                p.add(name);
                collect(sub, p, out);
            }
        });
    }

    @Test
    void rootHelpStatesExitCodeThreeAsTheSpecDoes() {
        String help = TestSupport.cli("--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("3 bad input under --strict, or non-empty input of which no request could be read"), help);
    }

    @Test
    void versionNamesTheTool() {
        TestSupport.Run run = TestSupport.cli("--version");
        assertEquals(0, run.code());
        assertTrue(run.out().startsWith("techopt "), run.out());
    }

    /** `analyze --version` printed nothing (exit 0): each subcommand had the option but no version of its own. */
    @Test
    void everyCommandAndSubcommandPrintsTheVersion() {
        java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
        collect(Main.commandLine(), new java.util.ArrayList<>(), paths);
        for (java.util.List<String> path : paths) {
            java.util.List<String> args = new java.util.ArrayList<>(path);
            args.add("--version");
            TestSupport.Run run = TestSupport.cli(args.toArray(new String[0]));
            assertEquals(0, run.code(), args.toString());
            assertTrue(run.out().startsWith("techopt "), args + ": '" + run.out() + "'");
        }
    }

    /** `--top 0` was accepted and silently read as 1. */
    @Test
    void topBelowOneIsAUsageError() throws IOException {
        Path log = TestSupport.write(tmp, "a.jsonl", TestSupport.GOOD_LINE + "\n");
        for (String command : java.util.List.of("analyze", "cost-forecast", "cache-warm")) {
            TestSupport.Run run = TestSupport.cli(command, "-q", "--top", "0", log.toString());
            assertEquals(2, run.code(), command + ": " + run.err());
            assertTrue(run.err().contains("--top") && run.err().contains("at least 1"), command + ": " + run.err());
        }
    }

    /** Review of #17: nothing was printed after --out, the FOCUS and forecast CSVs or samples generate; a CI log showed no trace. */
    @Test
    void eachFileWrittenIsNamedOnStderrWithItsSizeButNotUnderQuiet() throws IOException {
        Path log = TestSupport.write(tmp, "a.jsonl", TestSupport.GOOD_LINE + "\n");
        Path out = tmp.resolve("report.json");
        TestSupport.Run run = TestSupport.cli("analyze", log.toString(), "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("techopt: wrote " + out + " (" + java.nio.file.Files.size(out) + " B)")
                || run.err().matches("(?s).*techopt: wrote " + java.util.regex.Pattern.quote(out.toString()) + " \\([0-9.]+ KB\\).*"), run.err());
        assertFalse(TestSupport.cli("analyze", "-q", log.toString(), "--out", out.toString()).err().contains("wrote"));
        Path focus = tmp.resolve("focus.csv"), forecast = tmp.resolve("forecast.csv");
        TestSupport.Run fc = TestSupport.cli("cost-forecast", log.toString(), "--focus-csv", focus.toString(), "--forecast-csv",
                forecast.toString(), "-f", "json");
        assertTrue(fc.err().contains("techopt: wrote " + focus + " (") && fc.err().contains("techopt: wrote " + forecast + " ("), fc.err());
        Path batch = tmp.resolve("batch");
        TestSupport.Run export = TestSupport.cli("analyze", "samples/requests.jsonl.gz", "-f", "json", "--batch-export", batch.toString());
        assertEquals(0, export.code(), export.err());
        assertTrue(java.util.regex.Pattern.compile("(?m)^techopt: wrote " + java.util.regex.Pattern.quote(batch.toString())
                + "/ \\(\\d+ files?, [\\d.]+ (B|KB|MB)\\)$").matcher(export.err()).find(), "the export directory:\n" + export.err());
        Path generated = tmp.resolve("gen.jsonl");
        TestSupport.Run gen = TestSupport.cli("samples", "generate", "--requests", "5", "--out", generated.toString());
        assertEquals(0, gen.code(), gen.err());
        assertTrue(gen.err().contains("techopt: wrote " + generated + " (") && gen.err().contains("5 requests"), gen.err());
    }

    @Test
    void completionScriptsAreInSyncWithTheCommands() throws IOException {
        String stale = "completions/ is stale: java -cp target/techopt.jar io.techopt.cli.Completions completions";
        assertEquals(Completions.bash(), Files.readString(Path.of("completions/techopt.bash")), stale);
        assertEquals(Completions.zsh(), Files.readString(Path.of("completions/_techopt")), stale);
        assertEquals(Completions.fish(), Files.readString(Path.of("completions/techopt.fish")), stale);
        assertTrue(Completions.bash().contains("--group-by"));
    }

    /**
     * #17: option values never completed (--format, --group-by, --horizon, --embedder, --input-format...): the options
     * with a fixed value set had no completion candidates in the picocli model, and no script completed values.
     */
    @Test
    void everyOptionWithAFixedValueSetCompletesItsValuesInEveryShell() {
        java.util.Set<String> enumerated = java.util.Set.of("--format", "--input-format", "--group-by", "--batchable", "--horizon",
                "--by", "--embedder", "--semantic-cache", "--encoding", "--color");
        String bash = Completions.bash(), zsh = Completions.zsh(), fish = Completions.fish();
        int checked = 0;
        for (Completions.Cmd c : flatten(Completions.tree(Main.commandLine()))) {
            for (picocli.CommandLine.Model.OptionSpec o : c.options()) {
                if (!enumerated.contains(o.longestName())) {
                    continue;
                }
                java.util.List<String> values = Completions.values(o);
                assertTrue(values.size() >= 2, c.path() + " " + o.longestName() + " has no completion candidates");
                String joined = String.join(" ", values);
                String key = "'" + c.id() + " " + o.longestName() + (o.arity().min() == 0 ? "=" : "") + "'";
                assertTrue(bash.matches("(?s).*" + java.util.regex.Pattern.quote(key) + "[^)]*\\) REPLY='values:"
                        + java.util.regex.Pattern.quote(joined) + "'.*"), "bash: " + key);
                String function = zsh.substring(zsh.indexOf("\n_" + c.id() + "() {\n"));
                function = function.substring(0, function.indexOf("\n}\n"));
                String zshValues = ":(" + joined.replace(":", "\\:") + ")'";
                assertTrue(function.lines().anyMatch(l -> l.contains(o.longestName() + "=")
                        && (l.endsWith(zshValues + " \\") || l.endsWith(zshValues))), "zsh: " + key + " in\n" + function);
                if (o.arity().min() > 0) { // fish completes an optional value only after '='
                    assertTrue(fish.contains("-l " + o.longestName().substring(2) + " -x -a '" + joined + "'"), "fish: " + key);
                }
                checked++;
            }
        }
        assertTrue(checked >= 20, "options checked: " + checked);
        assertTrue(bash.contains("'values:table json csv markdown html'") && bash.contains("'values:month quarter 30d 90d'"), bash);
    }

    private static java.util.List<Completions.Cmd> flatten(Completions.Cmd c) {
        java.util.List<Completions.Cmd> all = new java.util.ArrayList<>(java.util.List.of(c));
        c.subs().forEach(s -> all.addAll(flatten(s)));
        return all;
    }

    @Test
    void outFileIsWrittenAtomicallyWithItsFormatFromTheExtension() throws IOException {
        Path log = TestSupport.write(tmp, "a.jsonl", TestSupport.GOOD_LINE + "\n");
        Path out = tmp.resolve("nested/dir/report.md");
        assertEquals(0, TestSupport.cli("analyze", "-q", "--out", out.toString(), log.toString()).code());
        assertTrue(Files.readString(out).startsWith("# techopt analyze"));
        try (var s = Files.list(out.getParent())) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    @Test
    void stdinAndDirectoriesAreInputs() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("logs/sub"));
        TestSupport.write(dir, "one.jsonl", TestSupport.GOOD_LINE + "\n");
        TestSupport.write(tmp.resolve("logs"), "two.jsonl", TestSupport.GOOD_LINE + "\n");
        TestSupport.write(tmp.resolve("logs"), "notes.txt", "not a log");
        assertEquals(2, TestSupport.cli("analyze", "-f", "json", "-q", tmp.resolve("logs").toString()).json().get("requests").asLong());
        var old = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream((TestSupport.GOOD_LINE + "\n").getBytes()));
            assertEquals(1, TestSupport.cli("analyze", "-f", "json", "-q", "-").json().get("requests").asLong());
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void sinceAndUntilFilterByUtcTime() throws IOException {
        String a = TestSupport.GOOD_LINE;
        String b = a.replace("2026-10-01T10:00:00Z", "2026-10-02T00:00:00Z");
        Path log = TestSupport.write(tmp, "w.jsonl", a + "\n" + b + "\n");
        var j = TestSupport.cli("analyze", "-f", "json", "-q", "--since", "2026-10-01", "--until", "2026-10-02", log.toString()).json();
        assertEquals(1, j.get("requests").asLong());
        assertEquals(1, j.get("filtered_requests").asLong());
    }
}
