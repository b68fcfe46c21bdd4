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
    static Path missing, empty, bad, binary, emptyDir, missingTxt, emptyTxt, binaryTxt;
    static final List<String> table = new ArrayList<>();

    /** What cli.md requires of an input kind; null where it leaves the choice (then: not 1, not 3, and a reason when non-zero). */
    enum Input {
        MISSING("missing file", 1), EMPTY("empty file", null), BAD("only bad lines", 3), BINARY("binary file", 3),
        EMPTY_DIR("directory with no logs", null), STDIN_EMPTY("stdin empty", null);

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
            new Command("cache-warm calibrate", List.of("cache-warm", "calibrate", "--pairs", "FILE", "--embedder", "hash"), false),
            new Command("route-sim", List.of("route-sim", "FILE"), true),
            new Command("route-sim --matrix", List.of("route-sim", "--matrix", "FILE", "--embedder", "hash"), false),
            new Command("ab-report", List.of("ab-report", "FILE", "--experiment", "support-prompt-v2"), true),
            new Command("cost-forecast", List.of("cost-forecast", "FILE"), true));

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
        emptyDir = Files.createDirectories(tmp.resolve("no-logs"));
        TestSupport.write(emptyDir, "README.txt", "not a log");
    }

    @Test
    void everyCommandOnEveryBadOrEmptyInputExitsAsCliMdSaysWithAReasonAndNoStackTrace() {
        List<String> failures = new ArrayList<>();
        table.add(String.format("%-22s | %-24s | %4s | %s", "command", "input", "exit", "first stderr line"));
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
                    case EMPTY_DIR -> emptyDir.toString();
                    case STDIN_EMPTY -> "-";
                };
                List<String> args = new ArrayList<>(c.with(file));
                args.addAll(List.of("--format", "json", "--quiet"));
                TestSupport.Run run = in == Input.STDIN_EMPTY ? withStdin(new byte[0], args) : TestSupport.cli(args.toArray(String[]::new));
                String first = run.err().lines().findFirst().orElse("").replace(tmp.toString(), "<tmp>");
                table.add(String.format("%-22s | %-24s | %4d | %s", c.label(), in.label, run.code(), first));
                String cell = c.label() + " on " + in.label + ": exit " + run.code() + ", stderr: " + first;
                if (run.err().contains("\tat ") || run.err().contains("internal error") || run.err().contains("Exception")) {
                    failures.add(cell + " (a stack trace or an internal error)");
                }
                if (in.exit != null && run.code() != in.exit) {
                    failures.add(cell + " (cli.md: " + in.exit + ")");
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
    static void printTheTable() {
        System.out.println("A bad or empty input to every command (--format json --quiet):");
        table.forEach(System.out::println);
    }
}
