package io.techopt.cli;

import io.techopt.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * #17, as a user sees it: techopt run in a real terminal (tmux, 120 columns) draws a progress bar while it reads a
 * log (percent, MB, elapsed / ETA, rate) and leaves one line when done; TERM=dumb gets no carriage return or escape;
 * NO_COLOR takes the table's bold away; the same run with stderr in a file (CI) writes one summary line only.
 */
class ProgressInARealTerminalTest {
    @TempDir
    static Path shared;
    static Path log;

    @TempDir
    Path tmp;
    private Path socket;

    @BeforeEach
    void aLogThatTakesSecondsToRead() throws IOException {
        // 390 MB: CI's unloaded cores read the 97 MB of 25k requests in 1.0 s, over before a 200 ms screen showed the bar
        Programs.require("tmux");
        if (log == null) {
            log = shared.resolve("100k.jsonl");
            TestSupport.Run gen = TestSupport.cli("samples", "generate", "--requests", "100000", "--seed", "1", "--out", log.toString());
            assertEquals(0, gen.code(), gen.err());
        }
        // tmux's socket and the terminal's bytes outside the test's temp dir: tmux may still hold them at its cleanup
        terminal = Files.createTempDirectory("techopt-tty");
        socket = terminal.resolve("tmux.sock");
    }

    private Path terminal;
    private int servers;

    @AfterEach
    void killTheServer() throws Exception {
        new ProcessBuilder("tmux", "-S", socket.toString(), "kill-server").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(300);
        try (var files = Files.walk(terminal)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** This build's classes, started as the launcher starts the jar. */
    private static String techopt(String... javaProps) {
        return "java " + String.join(" ", javaProps) + " -cp " + quote(System.getProperty("java.class.path")) + " io.techopt.cli.Main";
    }

    @Test
    void aTerminalSeesABarWhileReadingThenOneLine() throws Exception {
        // the library shows the rate as '?' in the bar's first second: a fast machine reads this log in about one
        Session s = run("xterm-256color", "", techopt() + " analyze " + quote(log.toString()) + " -f json -o " + quote(tmp.resolve("r.json").toString()));
        assertTrue(s.screens.stream().anyMatch(sc -> Pattern.compile("reading \\S*100k\\.jsonl +\\d+% .*\\d+/\\d+ MB \\(\\d:\\d\\d:\\d\\d / \\d:\\d\\d:\\d\\d\\) (?:[\\d.,]+|\\?) MB/s")
                .matcher(sc).find()), "a bar with percent, MB, elapsed / ETA and rate while reading:\n" + String.join("\n-----\n", s.screens));
        assertTrue(Pattern.compile("(?m)^techopt: reading \\S*100k\\.jsonl: [\\d.,]+ MB in [\\d.]+ s \\([\\d.,]+ MB/s\\)$").matcher(s.last).find(), s.last);
        assertTrue(s.last.contains("techopt: wrote " + tmp.resolve("r.json") + " ("), s.last);
        assertTrue(s.output.contains("\r") && s.output.contains("\u001b[K"), "redrawn in place");
    }

    @Test
    void termDumbGetsNoCarriageReturnOrEscapeOnlyTheSummary() throws Exception {
        Session s = run("dumb", "", techopt("-Dtechopt.progress.summaryAfterMs=0") + " analyze " + quote(log.toString())
                + " -f json -o " + quote(tmp.resolve("r.json").toString()));
        assertFalse(s.output.contains("\r") || s.output.contains("\u001b"), "TERM=dumb got controls: " + s.output.replace("\u001b", "\\e").replace("\r", "\\r"));
        assertTrue(s.output.matches("(?s)techopt: analyze-logs: reading \\S*100k\\.jsonl [\\d.,]+ MB in [\\d.]+ s \\([\\d.,]+ MB/s\\)\n"
                + "techopt: wrote .*\\(\\d+ KB\\)\n"), s.output);
    }

    @Test
    void noColorTakesTheBoldAwayAndColorAlwaysGivesItBack() throws Exception {
        String sample = quote(Path.of("samples/requests.jsonl.gz").toAbsolutePath().toString());
        String table = " budget " + sample + " -f table";
        assertTrue(run("xterm-256color", "", techopt() + table).output.contains("\u001b[1m"), "a terminal gets bold headings");
        Session noColor = run("xterm-256color", "NO_COLOR=1", techopt() + table);
        assertFalse(noColor.output.contains("\u001b[1m"), noColor.last);
        assertTrue(noColor.output.contains("Prices used"), "the report is there:\n" + noColor.output);
        assertTrue(run("xterm-256color", "NO_COLOR=1", techopt() + " budget --color always " + sample + " -f table")
                .output.contains("\u001b[1m"), "--color always wins over NO_COLOR");
    }

    @Test
    void ctrlCWhileABarIsDrawnLeavesAClearLine() throws Exception {
        socket = terminal.resolve("tmux-interrupted.sock");
        exec(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "30",
                "env -i HOME=" + quote(tmp.toString()) + " PATH=/usr/bin:/bin TERM=xterm-256color LANG=C.UTF-8 PS1='$ ' bash --norc --noprofile"));
        waitFor("$", 15);
        exec(List.of("tmux", "-S", socket.toString(), "send-keys", "-l", "clear; " + techopt() + " analyze " + quote(log.toString())
                + " -f json -o " + quote(tmp.resolve("r.json").toString()) + "; echo END\"\"OF=$?"));
        exec(List.of("tmux", "-S", socket.toString(), "send-keys", "Enter"));
        waitFor("% |", 60);
        exec(List.of("tmux", "-S", socket.toString(), "send-keys", "C-c"));
        waitFor("ENDOF=", 30);
        String screen = tmux("capture-pane", "-p");
        assertTrue(Pattern.compile("(?m)^ENDOF=130$").matcher(screen).find(), "interrupted, on a line of its own:\n" + screen);
        assertFalse(screen.contains("% |"), "the bar is erased, the ^C echo too:\n" + screen);
    }

    @Test
    void ciSeesOneSummaryLineOnStderr() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", "-Dtechopt.progress.summaryAfterMs=0", "-cp", System.getProperty("java.class.path"),
                "io.techopt.cli.Main", "analyze", log.toString(), "-f", "json", "-o", tmp.resolve("r.json").toString()));
        Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("err.txt").toFile()).redirectOutput(tmp.resolve("out.txt").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        String err = Files.readString(tmp.resolve("err.txt"));
        assertTrue(err.matches("techopt: analyze-logs: reading \\S*100k\\.jsonl [\\d.,]+ MB in [\\d.]+ s \\([\\d.,]+ MB/s\\)\ntechopt: wrote .*\n"), err);
    }

    /** What the program wrote to the terminal (between two markers), every screen seen while it ran, the last one. */
    private record Session(String output, List<String> screens, String last) {
    }

    private Session run(String term, String env, String command) throws Exception {
        tmux("kill-server"); // a server of its own each time, on a socket of its own
        socket = terminal.resolve("tmux-" + (++servers) + ".sock");
        Path raw = terminal.resolve("raw-" + System.nanoTime());
        List<String> start = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "30",
                "env -i HOME=" + quote(tmp.toString()) + " PATH=/usr/bin:/bin:" + quote(Path.of(System.getProperty("java.home"), "bin").toString())
                        + " TERM=" + term + " LANG=C.UTF-8 PS1='$ ' bash --norc --noprofile"));
        exec(start);
        waitFor("$", 15);
        exec(List.of("tmux", "-S", socket.toString(), "pipe-pane", "-o", "cat > " + quote(raw.toString())));
        // the markers as typed ("BEG""IN") differ from the markers printed: only the program's output lies between them
        exec(List.of("tmux", "-S", socket.toString(), "send-keys", "-l", "clear; echo BEG\"\"IN; " + (env.isEmpty() ? "" : "env " + env + " ")
                + command + "; echo END\"\"OF=$?"));
        exec(List.of("tmux", "-S", socket.toString(), "send-keys", "Enter"));
        List<String> screens = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String screen = "";
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            screen = tmux("capture-pane", "-p");
            screens.add(screen);
            if (screen.contains("ENDOF=")) {
                break;
            }
        }
        assertTrue(screen.contains("ENDOF=0"), "the run ended with exit 0:\n" + screen);
        String bytes = "";
        for (int i = 0; i < 50 && !bytes.contains("ENDOF="); i++) {
            Thread.sleep(100);
            bytes = Files.exists(raw) ? Files.readString(raw, StandardCharsets.UTF_8) : "";
        }
        int from = bytes.indexOf("BEGIN\r\n"), to = bytes.lastIndexOf("ENDOF=");
        assertTrue(from >= 0 && to > from, bytes);
        // the terminal turns each line feed into \r\n: the program's own \r are the others
        String output = bytes.substring(from + "BEGIN\r\n".length(), to).replace("\r\n", "\n");
        return new Session(output, screens, screen);
    }

    private void waitFor(String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!tmux("capture-pane", "-p").contains(text)) {
            assertTrue(System.nanoTime() < deadline, "no " + text + " in tmux");
            Thread.sleep(100);
        }
    }

    private String tmux(String... args) throws Exception {
        List<String> c = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        c.addAll(List.of(args));
        Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private static void exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
