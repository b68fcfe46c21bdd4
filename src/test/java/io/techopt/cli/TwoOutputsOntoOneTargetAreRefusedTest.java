package io.techopt.cli;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r19 N13: `cost-forecast --focus-csv - --forecast-csv - --out -` put three formats one after the other on
 * stdout, and one file name for the three kept only the last (the FOCUS file silently lost), exit 0 with a "wrote"
 * line each. Two outputs onto one target (stdout, or one file however spelled) are a usage error, exit 2, naming both
 * options, before anything is read or written.
 */
class TwoOutputsOntoOneTargetAreRefusedTest {
    @TempDir
    Path tmp;

    @Test
    void twoOutputsOnStdoutOrOneFileAreAUsageErrorNamingBothOptions() throws IOException {
        Path log = TestSupport.write(tmp, "a.jsonl", TestSupport.GOOD_LINE + "\n");
        String same = tmp.resolve("same.csv").toString();
        String spelledOtherwise = tmp.resolve("sub/../same.csv").toString();
        Files.createDirectories(tmp.resolve("sub"));
        Path existing = TestSupport.write(tmp, "old.csv", "old\n");
        Path link = Files.createSymbolicLink(tmp.resolve("link.csv"), existing);
        String l = log.toString();
        Path stdoutLink = Files.createSymbolicLink(tmp.resolve("so.lnk"), Path.of("/dev/stdout"));
        Path pairs = TestSupport.write(tmp, "pairs.json", "[{\"origin\":\"How do I learn Java?\",\"similar\":\"How can I learn Java?\"},"
                + "{\"origin\":\"What is rain?\",\"similar\":\"What causes rain?\"}]");
        record Case(List<String> args, String first, String second) {
        }
        List<Case> cases = List.of(
                new Case(List.of("cost-forecast", l, "--focus-csv", "-", "--forecast-csv", "-", "--format", "json", "--out", "-"),
                        "--out", "--focus-csv"),
                new Case(List.of("cost-forecast", l, "--focus-csv", "-", "--format", "json"), "--out", "--focus-csv"),
                new Case(List.of("cost-forecast", l, "--out", tmp.resolve("r.json").toString(), "--focus-csv", "-", "--forecast-csv", "/dev/stdout"),
                        "--focus-csv", "--forecast-csv"),
                new Case(List.of("cost-forecast", l, "--focus-csv", same, "--forecast-csv", same, "--out", same), "--out", "--focus-csv"),
                new Case(List.of("cost-forecast", l, "--focus-csv", same, "--out", spelledOtherwise), "--out", "--focus-csv"),
                new Case(List.of("cost-forecast", l, "--forecast-csv", existing.toString(), "--out", link.toString()), "--out", "--forecast-csv"),
                new Case(List.of("cache-warm", l, "--min-count", "1", "--l1-snapshot", same, "--out", same), "--out", "--l1-snapshot"),
                new Case(List.of("compress", l, "--write", same, "--out", same), "--out", "--write"),
                // stdout reached through a link, or under the thread's name (review r20g M4: exit 0, one output lost)
                new Case(List.of("cost-forecast", l, "--out", stdoutLink.toString(), "--focus-csv", "-"), "--out", "--focus-csv"),
                new Case(List.of("cost-forecast", l, "--focus-csv", "/proc/thread-self/fd/1", "--format", "json"), "--out", "--focus-csv"),
                // the labelled replay reads no log: its --decisions lines went onto stdout inside the report (exit 0)
                new Case(List.of("cache-warm", "simulate", "--pairs", pairs.toString(), "--embedder", "hash", "--decisions", "-"),
                        "--out", "--decisions"),
                new Case(List.of("cache-warm", "simulate", "--pairs", pairs.toString(), "--embedder", "hash", "--decisions", same,
                        "--out", same), "--out", "--decisions"));
        for (Case c : cases) {
            TestSupport.Run run = TestSupport.cli(c.args().toArray(new String[0]));
            assertEquals(2, run.code(), c.args() + ": " + run.err());
            assertTrue(run.err().contains(c.first()) && run.err().contains(c.second()) && run.err().contains("give each its own file"),
                    c.args() + ": " + run.err());
            assertFalse(run.err().contains("wrote"), c.args() + ": nothing written: " + run.err());
            assertFalse(Files.exists(tmp.resolve("same.csv")), c.args() + ": no file made");
            assertEquals("old\n", Files.readString(existing), c.args() + ": the existing file kept");
        }
    }

    @Test
    void outputsOntoDifferentTargetsStillWorkAndStdoutGetsNoWroteLine() throws IOException {
        Path log = TestSupport.write(tmp, "a.jsonl", TestSupport.GOOD_LINE + "\n");
        Path report = tmp.resolve("report.json");
        Path forecast = tmp.resolve("forecast.csv");
        TestSupport.Run run = TestSupport.cli("cost-forecast", log.toString(), "--out", report.toString(),
                "--forecast-csv", forecast.toString(), "--focus-csv", tmp.resolve("focus.csv").toString(), "--billing-account-id", "a");
        assertEquals(0, run.code(), run.err());
        assertTrue(Files.exists(report) && Files.exists(forecast) && Files.exists(tmp.resolve("focus.csv")));
        assertEquals(3, run.err().lines().filter(s -> s.startsWith("techopt: wrote ")).count(), run.err());

        // the report to a file, the forecast to stdout: fine, and stdout is no file a "wrote" line should name
        TestSupport.Run toStdout = TestSupport.cli("cost-forecast", log.toString(), "--out", report.toString(), "--forecast-csv", "-");
        assertEquals(0, toStdout.code(), toStdout.err());
        assertFalse(toStdout.err().contains("wrote -"), toStdout.err());
        assertTrue(toStdout.err().contains("wrote " + report), toStdout.err());
    }
}
