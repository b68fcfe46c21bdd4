package io.techopt.cli;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * #17: --color auto|always|never on every command and NO_COLOR (no-color.org): colour where it helps (the table's
 * headings bold, a warning's label yellow, an error red), never in a file, JSON or CSV.
 */
class ColorOptionTest {
    private static final String ESC = "\u001b";

    @TempDir
    Path tmp;

    @Test
    void alwaysColoursTheTableOnStdoutAndTheWarningLabelOnStderr() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.jsonl"), "");
        TestSupport.Run run = TestSupport.cli("analyze", "--color", "always", "-f", "table", "samples/requests.jsonl.gz", empty.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith(ESC + "[1m"), "the title bold:\n" + run.out());
        assertTrue(run.err().contains("techopt: " + ESC + "[33mwarning:" + ESC + "[0m"), "the warning label yellow:\n" + run.err());

        TestSupport.Run never = TestSupport.cli("analyze", "--color", "never", "-f", "table", "samples/requests.jsonl.gz", empty.toString());
        assertFalse(never.out().contains(ESC) || never.err().contains(ESC), never.err());
        assertEquals(run.out().replaceAll(ESC + "\\[[01]m", ""), never.out(), "colour changes nothing but the escapes");
    }

    @Test
    void anErrorIsRedWithAlwaysAndPlainWithout() {
        TestSupport.Run red = TestSupport.cli("budget", "--color", "always", tmp.resolve("missing.jsonl").toString());
        assertEquals(1, red.code(), red.err());
        assertTrue(red.err().startsWith(ESC + "[31mtechopt: no such file or directory: "), red.err());
        assertTrue(red.err().contains(ESC + "[0m\n"), red.err());
        TestSupport.Run usage = TestSupport.cli("budget", "--color", "always", "--no-such-option", "samples/requests.jsonl.gz");
        assertEquals(2, usage.code(), usage.err());
        assertTrue(usage.err().startsWith(ESC + "[31mtechopt: "), "a usage error is red too:\n" + usage.err());
        TestSupport.Run plain = TestSupport.cli("budget", tmp.resolve("missing.jsonl").toString());
        assertFalse(plain.err().contains(ESC), "auto, stderr not a terminal: no colour\n" + plain.err());
    }

    @Test
    void neverInJsonCsvOrAFileEvenWithAlways() throws Exception {
        for (String f : new String[]{"json", "csv", "markdown", "html"}) {
            TestSupport.Run run = TestSupport.cli("budget", "--color", "always", "-f", f, "samples/requests.jsonl.gz");
            assertEquals(0, run.code(), run.err());
            assertFalse(run.out().contains(ESC), f + " has an escape");
        }
        Path out = tmp.resolve("report.txt");
        TestSupport.Run toFile = TestSupport.cli("budget", "--color", "always", "-f", "table", "-o", out.toString(), "samples/requests.jsonl.gz");
        assertEquals(0, toFile.code(), toFile.err());
        assertFalse(Files.readString(out).contains(ESC), "a file never gets colour");
    }

    @Test
    void autoFollowsTheTerminalNoColorAndTerm() {
        assertTrue(ColorOption.autoColor(true, null, "xterm-256color"));
        assertTrue(ColorOption.autoColor(true, "", "xterm"), "NO_COLOR set but empty does not disable");
        assertFalse(ColorOption.autoColor(true, "1", "xterm"), "NO_COLOR=1 disables");
        assertFalse(ColorOption.autoColor(true, "0", "xterm"), "any non-empty NO_COLOR disables, even 0");
        assertFalse(ColorOption.autoColor(true, null, "dumb"));
        assertFalse(ColorOption.autoColor(false, null, "xterm"), "a pipe or a file");
    }

    @Test
    void everyCommandTakesColor() {
        for (String[] cmd : new String[][]{{"analyze"}, {"ab-report"}, {"budget"}, {"compress"}, {"cost-forecast"},
                {"route-sim"}, {"cache-warm"}, {"cache-warm", "calibrate"}, {"cache-warm", "simulate"}, {"ingest"},
                {"samples", "generate"}}) {
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            TestSupport.Run help = TestSupport.cli(args);
            assertTrue(help.out().contains("--color=WHEN"), String.join(" ", cmd) + " --help lacks --color:\n" + help.out());
        }
    }
}
