package io.techopt.contract;

import io.techopt.TestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command on a missing file, an empty file, a file of only bad lines, a binary file, a directory with no
 * logs and an empty stdin: the exit code cli.md gives (1 I/O, 2 usage, 3 non-empty input of which nothing could be
 * read) and one line on stderr saying why, never a stack trace. Prints the table it checked.
 */
class BadInputTableTest {
    @TempDir
    static Path tmp;
    static Path missing, empty, bad, binary, nonLogDir, emptyDir, missingTxt, emptyTxt, binaryTxt;
    static final List<String> table = new ArrayList<>();

    /** What cli.md requires of an input kind; null where it leaves the choice (then: not 1, not 3, and a reason when non-zero). */
    enum Input {
        MISSING("missing file", 1), EMPTY("empty file", null), BAD("only bad lines", 3), BINARY("binary file", 3),
        NON_LOG_DIR("directory with no logs", 3), EMPTY_DIR("empty directory", null), STDIN_EMPTY("stdin empty", null);

        final String label;
        final Integer exit;

        Input(String label, Integer exit) {
            this.label = label;
            this.exit = exit;
        }
    }

    /**
     * A command with FILE standing for the input; stdin: whether it takes '-'; prompt: it reads one prompt (a .txt
     * file, where any line of text is a prompt, so "only bad lines" does not apply).
     */
    record Command(String label, List<String> args, boolean stdin, boolean prompt) {
        Command(String label, List<String> args, boolean stdin) {
            this(label, args, stdin, false);
        }

        List<String> with(String file) {
            return args.stream().map(a -> a.equals("FILE") ? file : a).toList();
        }
    }

    static final List<Command> COMMANDS = List.of(
            new Command("analyze", List.of("analyze", "FILE"), true),
            new Command("compress (log)", List.of("compress", "FILE", "--rate", "0.5"), true),
            new Command("compress (prompt)", List.of("compress", "FILE", "--rate", "0.5"), false, true),
            new Command("budget", List.of("budget", "FILE"), true),
            new Command("budget --prompt", List.of("budget", "--prompt", "FILE"), false, true),
            new Command("cache-warm", List.of("cache-warm", "FILE", "--dry-run", "--embedder", "hash"), true),
            new Command("cache-warm simulate", List.of("cache-warm", "simulate", "FILE", "--embedder", "hash"), true),
            new Command("cache-warm calibrate", List.of("cache-warm", "calibrate", "--pairs", "FILE", "--embedder", "hash"), true),
            new Command("route-sim", List.of("route-sim", "FILE"), true),
            new Command("route-sim --matrix", List.of("route-sim", "--matrix", "FILE", "--embedder", "hash"), true),
            new Command("ab-report", List.of("ab-report", "FILE", "--experiment", "support-prompt-v2"), true),
            new Command("cost-forecast", List.of("cost-forecast", "FILE"), true),
            new Command("render", List.of("render", "FILE"), true));

    /** Commands whose input is one file, never a directory of logs. */
    static final Set<String> ONE_FILE = Set.of("budget --prompt", "cache-warm calibrate", "route-sim --matrix", "render");

    @BeforeAll
    static void inputs() throws IOException {
        missing = tmp.resolve("missing.jsonl");
        empty = TestSupport.write(tmp, "empty.jsonl", "");
        bad = TestSupport.write(tmp, "bad.jsonl", "not json at all\n{\"model\": \n[1,2,3]\n{\"timestamp\":\"yesterday\",\"usage\":\"lots\"}\n");
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        binary = tmp.resolve("binary.jsonl");
        Files.write(binary, noise);
        binaryTxt = Files.write(tmp.resolve("binary.txt"), noise);
        missingTxt = tmp.resolve("missing.txt");
        emptyTxt = TestSupport.write(tmp, "empty.txt", "");
        nonLogDir = Files.createDirectories(tmp.resolve("no-logs"));
        TestSupport.write(nonLogDir, "README.txt", "not a log");
        emptyDir = Files.createDirectories(tmp.resolve("empty-dir"));
    }

    @Test
    void everyCommandOnEveryBadOrEmptyInputExitsAsCliMdSaysWithAReasonAndNoStackTrace() {
        List<String> failures = new ArrayList<>();
        for (Command c : COMMANDS) {
            for (Input in : Input.values()) {
                if (in == Input.STDIN_EMPTY && !c.stdin() || in == Input.BAD && c.prompt()) {
                    continue;
                }
                String file = switch (in) {
                    case MISSING -> (c.prompt() ? missingTxt : missing).toString();
                    case EMPTY -> (c.prompt() ? emptyTxt : empty).toString();
                    case BAD -> bad.toString();
                    case BINARY -> (c.prompt() ? binaryTxt : binary).toString();
                    case NON_LOG_DIR -> nonLogDir.toString();
                    case EMPTY_DIR -> emptyDir.toString();
                    case STDIN_EMPTY -> "-";
                };
                List<String> args = new ArrayList<>(c.with(file));
                args.addAll(List.of("--format", "json", "--quiet"));
                TestSupport.Run run = in == Input.STDIN_EMPTY ? withStdin(new byte[0], args) : TestSupport.cli(args.toArray(String[]::new));
                String first = run.err().lines().findFirst().orElse("").replace(tmp.toString(), "<tmp>");
                table.add(row(c.label(), in.label, run));
                String cell = c.label() + " on " + in.label + ": exit " + run.code() + ", stderr: " + first;
                if (run.err().contains("\tat ") || run.err().contains("internal error") || run.err().contains("Exception")) {
                    failures.add(cell + " (a stack trace or an internal error)");
                }
                // commands that read logs read a directory's log files (compress too: a directory is a log); the
                // others take one file, and a directory is a usage error
                Integer exit = in == Input.NON_LOG_DIR && ONE_FILE.contains(c.label()) ? Integer.valueOf(2)
                        // an empty prompt file leaves nothing to budget or compress: a usage error, like budget --prompt's
                        : in == Input.EMPTY && c.prompt() ? Integer.valueOf(2) : in.exit;
                if (exit != null && run.code() != exit) {
                    failures.add(cell + " (cli.md: " + exit + ")");
                } else if (in.exit == null && Set.of(1, 3).contains(run.code())) {
                    failures.add(cell + " (empty input is neither an I/O failure nor non-empty input: 0 or 2)");
                }
                if (run.code() != 0 && !first.startsWith("techopt: ")) {
                    failures.add(cell + " (a failure says why on stderr)");
                }
                if (run.code() != 0 && !run.out().isBlank()) {
                    failures.add(cell + " (a failed run prints no report)");
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " cells off cli.md:\n  " + String.join("\n  ", failures));
    }

    /** What a run shows: its first stderr line, else that a report came out and its first note (why figures are null). */
    static String row(String command, String input, TestSupport.Run run) {
        String seen = run.err().lines().findFirst().orElse("").replace(tmp.toString(), "<tmp>");
        if (run.code() == 0) {
            String note = "";
            try {
                var json = run.json();
                List<String> notes = EveryNullFigureHasANoteTest.notes(json);
                String why = json.at("/recommendation/reason").isTextual() ? "recommendation: " + json.at("/recommendation/reason").asText()
                        : notes.stream().filter(n -> n.contains(" null")).findFirst().orElse(notes.isEmpty() ? null : notes.get(0));
                note = why == null ? "" : "; " + why.replace(tmp.toString(), "<tmp>");
            } catch (AssertionError notJson) {
                // a table or csv report
            }
            seen = "a report" + note + (seen.isEmpty() ? "" : "; stderr: " + seen);
        }
        return "| " + command + " | " + input + " | " + run.code() + " | " + seen.replace("|", "\\|") + " |";
    }

    /** A command on one particular input that is wrong for it, and the exit code cli.md gives. */
    record Special(String command, String input, List<String> args, byte[] stdin, int exit, String says) {
    }

    static Path experimentLog(String name, java.util.function.IntFunction<String> variant) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            b.append(String.format("{\"timestamp\":\"2026-10-%02dT10:00:00Z\",\"model\":\"gpt-4o-mini\",\"user\":\"u%d\","
                    + "\"experiment\":\"exp1\",\"variant\":\"%s\",\"latency_ms\":%d,\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}\n",
                    1 + i % 20, i % 10, variant.apply(i), 300 + i));
        }
        return TestSupport.write(tmp, name, b.toString());
    }

    @Test
    void inputsThatAreWrongForOneCommandExitAsCliMdSaysAndSayWhy() throws IOException {
        Path oneVariant = experimentLog("one-variant.jsonl", i -> "control");
        Path bothVariants = experimentLog("both-variants.jsonl", i -> i < 20 ? "control" : "treatment");
        Path blank = TestSupport.write(tmp, "blank.txt", "  \n\t\n");
        Path prompt = TestSupport.write(tmp, "prompt.txt", "Summarise the meeting. The council funded the library.\n");
        Path onePair = TestSupport.write(tmp, "pairs.json", "[{\"text_a\":\"How do I reset my password?\",\"text_b\":\"How can I reset it?\",\"label\":1}]");
        List<Special> specials = List.of(
                new Special("ab-report", "an experiment with one variant", List.of("ab-report", oneVariant.toString(), "--experiment", "exp1"), null, 2, "one variant"),
                new Special("ab-report", "an experiment not in the log", List.of("ab-report", oneVariant.toString(), "--experiment", "nope"), null, 2, "no requests of experiment"),
                new Special("ab-report", "every user saw both variants", List.of("ab-report", bothVariants.toString(), "--experiment", "exp1"), null, 0, "cannot be attributed"),
                new Special("budget --prompt", "whitespace-only prompt", List.of("budget", "--prompt", blank.toString()), null, 2, "is empty: no prompt to budget"),
                new Special("budget --prompt", "a prompt, no --task-type", List.of("budget", "--prompt", prompt.toString()), null, 0, "task_type is null"),
                new Special("cache-warm calibrate", "one labelled pair", List.of("cache-warm", "calibrate", "--pairs", onePair.toString(), "--embedder", "hash"), null, 0, "precision is null"),
                new Special("cache-warm calibrate", "pairs on stdin", List.of("cache-warm", "calibrate", "--pairs", "-", "--embedder", "hash"),
                        java.nio.file.Files.readAllBytes(onePair), 0, "precision is null"),
                new Special("route-sim --matrix", "a matrix on stdin, one bad cell", List.of("route-sim", "--matrix", "-", "--embedder", "hash"),
                        "prompt,gpt-4,mixtral\nWhat is 2+2?,True,maybe\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), 3, "<stdin>: line 2, column 'mixtral'"),
                new Special("route-sim", "an empty window with a pool", List.of("route-sim", "samples/requests.jsonl.gz", "--since", "2027-01-01", "--pool",
                        TestSupport.write(tmp, "pool.yaml", "models:\n  - {model: gpt-4o-mini}\n  - {model: gpt-4o}\n").toString()), null, 0, "No request to replay"),
                new Special("cost-forecast", "an empty window", List.of("cost-forecast", "samples/requests.jsonl.gz", "--since", "2027-01-01"), null, 2, ""));
        List<String> failures = new ArrayList<>();
        for (Special sp : specials) {
            List<String> args = new ArrayList<>(sp.args());
            args.addAll(List.of("--format", "json", "--quiet"));
            TestSupport.Run run = sp.stdin() != null ? withStdin(sp.stdin(), args) : TestSupport.cli(args.toArray(String[]::new));
            table.add(row(sp.command(), sp.input(), run));
            String shown = run.err() + (run.code() == 0 ? run.out() : "");
            if (run.code() != sp.exit() || !shown.contains(sp.says())) {
                failures.add(sp.command() + " on " + sp.input() + ": exit " + run.code() + " (cli.md: " + sp.exit() + "), expected to say '"
                        + sp.says() + "': " + run.err().strip());
            }
            if (run.code() != 0 && (!run.err().startsWith("techopt: ") || !run.out().isBlank())) {
                failures.add(sp.command() + " on " + sp.input() + ": a failure says why on stderr and prints no report");
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void aMatrixCellThatIsNoScoreIsBadInputNamingItsLineAndColumn() throws IOException {
        Path m = TestSupport.write(tmp, "matrix.csv", "prompt,gpt-4,mixtral\nWhat is 2+2?,True,False\nName a prime.,True,maybe\n");
        TestSupport.Run run = TestSupport.cli("route-sim", "--matrix", m.toString(), "--embedder", "hash", "-q");
        assertEquals(3, run.code(), run.err());
        assertEquals("techopt: " + m + ": line 3, column 'mixtral': not true, false or a number", run.err().strip());
    }

    static TestSupport.Run withStdin(byte[] bytes, List<String> args) {
        InputStream old = System.in;
        try {
            System.setIn(new ByteArrayInputStream(bytes));
            return TestSupport.cli(args.toArray(String[]::new));
        } finally {
            System.setIn(old);
        }
    }

    @AfterAll
    static void printTheTable() throws IOException {
        String text = "A bad or empty input to every command (--format json --quiet), from real runs:\n\n"
                + "| command | input | exit | what the user sees |\n|---|---|---|---|\n" + String.join("\n", table) + "\n";
        System.out.println(text);
        // for the closing note: target/bad-input-table.md
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "bad-input-table.md"), text);
    }
}
