package io.techopt.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hidden temporary files go on every exit path: a full disk (the writer's close throws), an exception while writing,
 * and Ctrl-C / SIGTERM during --batch-export, compress --write and samples generate (the real CLI in a subprocess).
 */
class TempFilesNeverLeftBehindTest {
    @TempDir
    Path tmp;

    /** A disk that fills after {@code room} bytes: writes and the final flush-on-close fail like ENOSPC. */
    private static OutputStream fullDiskAfter(OutputStream os, long room) {
        return new FilterOutputStream(os) {
            long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > room) {
                    throw new IOException("No space left on device");
                }
                written += len;
                out.write(b, off, len);
            }
        };
    }

    @Test
    void fullDiskDuringCommitLeavesNoTempFile() throws IOException {
        Path target = tmp.resolve("export.jsonl");
        AtomicOutput.Pending p = new AtomicOutput.Pending(target, os -> fullDiskAfter(os, 500), false);
        Path temp = p.temporaryFile();
        p.write("x".repeat(900)); // fits the writer's buffer: the failure comes only when it is flushed on close
        assertThrows(IOException.class, p::commit);
        assertTrue(Files.exists(temp), "still pending after the failed commit");
        p.close();
        assertFalse(Files.exists(temp), "closing removed the temp file although the writer's close threw");
        assertFalse(Files.exists(target));
        assertFalse(AtomicOutput.pending().contains(temp));
    }

    @Test
    void fullDiskWithoutCommitLeavesNoTempFile() throws IOException {
        Path target = tmp.resolve("compressed.jsonl");
        Path temp;
        try (AtomicOutput.Pending p = new AtomicOutput.Pending(target, os -> fullDiskAfter(os, 10), false)) {
            temp = p.temporaryFile();
            p.write("y".repeat(100));
        } catch (IOException expected) {
            assertTrue(expected.getMessage().contains("cannot write " + target.toAbsolutePath() + ": the disk is full"), expected.getMessage());
            assertEquals(List.of(), temps(tmp));
            return;
        }
        throw new AssertionError("the full disk went unnoticed: " + temp);
    }

    @Test
    void failureWhileStreamingLeavesNoTempFileAndTheOldFileIntact() throws IOException {
        Path target = tmp.resolve("report.json");
        Files.writeString(target, "old");
        assertThrows(IOException.class, () -> AtomicOutput.write(target, w -> {
            w.write("half");
            throw new IOException("boom");
        }));
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(), temps(tmp));
        assertTrue(AtomicOutput.pending().isEmpty());
    }

    @Test
    void shutdownHookDeletesWhatIsStillPending() throws IOException {
        AtomicOutput.Pending p = AtomicOutput.open(tmp.resolve("a.jsonl"));
        p.write("partial");
        Path temp = p.temporaryFile();
        assertTrue(AtomicOutput.pending().contains(temp));
        AtomicOutput.deletePending();
        assertFalse(Files.exists(temp));
        p.close();
    }

    // --- the real CLI, interrupted ---

    @Test
    void sigintDuringBatchExportLeavesNoTempFile() throws Exception {
        interrupted("INT", List.of("analyze", "-q", "-f", "json", "--batch-export", tmp.resolve("out").toString(), "-"), true);
    }

    @Test
    void sigintDuringCompressWriteLeavesNoTempFile() throws Exception {
        interrupted("INT", List.of("compress", "-q", "-f", "json", "--write", tmp.resolve("out/compressed.jsonl").toString(), "-"), true);
    }

    @Test
    void sigintDuringSamplesGenerateLeavesNoTempFile() throws Exception {
        interrupted("INT", List.of("samples", "generate", "--requests", "5000000", "-o", tmp.resolve("out/big.jsonl").toString()), false);
    }

    @Test
    void sigtermDuringBatchExportLeavesNoTempFile() throws Exception {
        interrupted("TERM", List.of("analyze", "-q", "-f", "json", "--batch-export", tmp.resolve("out").toString(), "-"), true);
        assertTrue(Files.isDirectory(tmp.resolve("out")), "the export directory existed before: it stays");
    }

    /** Review of session 5: the temp files went, but the (then empty) directory --batch-export had created stayed. */
    @Test
    void sigintDuringBatchExportRemovesTheDirectoryItCreated() throws Exception {
        Path created = tmp.resolve("out/new/export");
        interrupted("INT", List.of("analyze", "-q", "-f", "json", "--batch-export", created.toString(), "-"), true, created);
        assertFalse(Files.exists(tmp.resolve("out/new")), "SIGINT left the directories --batch-export created");
    }

    @Test
    void sigtermDuringBatchExportRemovesTheDirectoryItCreated() throws Exception {
        Path created = tmp.resolve("out/export");
        interrupted("TERM", List.of("analyze", "-q", "-f", "json", "--batch-export", created.toString(), "-"), true, created);
        assertFalse(Files.exists(created), "SIGTERM left the directory --batch-export created");
        assertTrue(Files.isDirectory(tmp.resolve("out")), "its parent existed before: it stays");
    }

    private void interrupted(String signal, List<String> args, boolean feedStdin) throws Exception {
        interrupted(signal, args, feedStdin, tmp.resolve("out"));
    }

    /**
     * Runs the CLI in its own JVM, feeding stdin with an endless generated log when asked, waits until its temp file
     * in {@code watch} has data, sends the signal and checks no temp file is left once the JVM is gone.
     */
    private void interrupted(String signal, List<String> args, boolean feedStdin, Path watch) throws Exception {
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        List<String> cmd = new ArrayList<>();
        if (envResetsSignals()) {
            // a shell that starts the build in the background ignores SIGINT, and the child JVM would inherit that
            cmd.addAll(List.of("env", "--default-signal=INT,TERM"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "io.techopt.cli.Main"));
        cmd.addAll(args);
        Process proc = new ProcessBuilder(cmd).redirectError(tmp.resolve("stderr-" + signal + ".txt").toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread feeder = null;
        if (feedStdin) {
            feeder = new Thread(() -> feed(proc.getOutputStream()), "feeder");
            feeder.setDaemon(true);
            feeder.start();
        } else {
            proc.getOutputStream().close();
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.isDirectory(watch) || !hasTempWithData(watch)) {
                assertTrue(proc.isAlive(), "the CLI ended before writing: " + Files.readString(tmp.resolve("stderr-" + signal + ".txt")));
                assertTrue(System.nanoTime() < deadline, "no temp file appeared in " + watch);
                Thread.sleep(50);
            }
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(proc.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            assertTrue(proc.waitFor(60, TimeUnit.SECONDS), "the CLI did not stop on SIG" + signal);
            assertEquals(List.of(), Files.isDirectory(watch) ? temps(watch) : List.of(), "temp files left after SIG" + signal + " (exit " + proc.exitValue() + ")");
        } finally {
            proc.destroyForcibly();
            if (feeder != null) {
                feeder.interrupt();
            }
        }
    }

    private static boolean envResetsSignals() {
        try {
            return new ProcessBuilder("env", "--default-signal=INT", "true").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Batchable, compressible canonical lines without end (until the process goes away). */
    private static void feed(OutputStream stdin) {
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stdin, StandardCharsets.UTF_8), 1 << 16)) {
            for (long i = 0; ; i++) {
                w.write("{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"request_id\":\"r" + i
                        + "\",\"task_type\":\"summarization\",\"messages\":[{\"role\":\"user\",\"content\":\"Please could you summarize "
                        + "the following quarterly report in a few short sentences for the finance team number " + i
                        + ", basically it is really very long and actually quite repetitive\"}],\"response\":\"ok\","
                        + "\"usage\":{\"input_tokens\":40,\"output_tokens\":5}}\n");
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    private static boolean hasTempWithData(Path dir) throws IOException {
        for (Path p : temps(dir)) {
            if (Files.size(dir.resolve(p)) > 0) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> temps(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(Path::getFileName).filter(p -> p.toString().endsWith(".tmp")).toList();
        }
    }
}
