package io.techopt.batch;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 (review of session 5): a --batch-export that fails (a full disk, --strict stopping at a bad line) removes the
 * directory it created, with everything in it, and says which file it could not write; a directory that existed
 * before is left exactly as it was. Signals: TempFilesNeverLeftBehindTest.
 */
class FailedBatchExportLeavesNoDirectoryTest {
    @TempDir
    Path tmp;

    /** A disk that fills after {@code room} bytes per file: writes and the flush on close fail like ENOSPC. */
    static OutputStream fullDiskAfter(OutputStream os, long room) {
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

    /** Two models (two files); the second fills the disk. */
    private static IOException exportOntoAFullDisk(Path dir) throws IOException {
        BatchExporter x = new BatchExporter(dir, BatchExportTest.BATCHABLE, Map.of(), Map.of(), os -> fullDiskAfter(os, 4000));
        IOException failure = null;
        try (x) {
            for (int i = 0; i < 3; i++) {
                BatchExportTest.feed(x, BatchExportTest.record("openai", "gpt-4o-mini", "small-" + i, "Summarize item " + i));
            }
            for (int i = 0; i < 40; i++) {
                BatchExportTest.feed(x, BatchExportTest.record("anthropic", "claude-haiku-4-5", "big-" + i, "Summarize " + "x".repeat(200)));
            }
            x.commit();
            x.writeManifest();
        } catch (IOException e) {
            failure = e;
        }
        return failure;
    }

    @Test
    void aFullDiskRemovesTheExportDirectoryAndTheParentsItCreated() throws IOException {
        Path dir = tmp.resolve("new/nested/export");
        IOException failure = exportOntoAFullDisk(dir);
        assertTrue(failure != null, "the full disk went unnoticed");
        assertFalse(Files.exists(tmp.resolve("new")), "the directories the export created are still there: " + listing(tmp));
        assertEquals(Map.of(), listing(tmp));
    }

    @Test
    void aFullDiskMessageNamesTheFileItCouldNotWriteAndSaysTheDiskIsFull() throws IOException {
        Path dir = tmp.resolve("export");
        IOException failure = exportOntoAFullDisk(dir);
        assertTrue(failure != null, "the full disk went unnoticed");
        String msg = failure.getMessage();
        assertTrue(msg.contains(dir.toAbsolutePath().resolve("anthropic-claude-haiku-4-5-001.jsonl").toString()), msg);
        assertTrue(msg.contains("disk is full") && msg.contains("no space left on device"), msg);
        assertFalse(msg.contains(".tmp"), "names the output, not its hidden temporary file: " + msg);
    }

    @Test
    void aFullDiskLeavesADirectoryThatExistedBeforeAsItWas() throws IOException {
        Path dir = tmp.resolve("export");
        // yesterday's export, whole (an export writes only into a new or empty directory or an earlier export's)
        BatchExporter yesterday = new BatchExporter(dir, BatchExportTest.BATCHABLE, Map.of(), Map.of(), os -> fullDiskAfter(os, Long.MAX_VALUE));
        try (yesterday) {
            BatchExportTest.feed(yesterday, BatchExportTest.record("openai", "gpt-4o-mini", "yesterday", "Summarize yesterday"));
            yesterday.commit();
            yesterday.writeManifest();
        }
        Map<String, String> before = listing(tmp);
        assertTrue(before.size() >= 2, "yesterday's export: " + before);
        assertTrue(exportOntoAFullDisk(dir) != null, "the full disk went unnoticed");
        assertEquals(before, listing(tmp), "the files of the earlier export were replaced although this one failed");
    }

    @Test
    void aStrictStopRemovesTheExportDirectoryTheCommandCreatedAndKeepsOneThatExisted() throws IOException {
        Path log = tmp.resolve("in.jsonl");
        String good = "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"request_id\":\"r%d\",\"task_type\":\"summarization\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Summarize item %d\"}],\"usage\":{\"input_tokens\":40,\"output_tokens\":5}}\n";
        Files.writeString(log, String.format(good, 1, 1) + String.format(good, 2, 2) + "{\"timestamp\": cut\n" + String.format(good, 3, 3));
        Path created = tmp.resolve("out/export");
        TestSupport.Run run = TestSupport.cli("analyze", "-q", "-f", "json", "--strict", "--batch-export", created.toString(), log.toString());
        assertEquals(3, run.code(), run.err());
        assertFalse(Files.exists(tmp.resolve("out")), "--strict stopped but left " + listing(tmp.resolve("out")));
        Path existing = Files.createDirectories(tmp.resolve("kept"));
        run = TestSupport.cli("analyze", "-q", "-f", "json", "--strict", "--batch-export", existing.toString(), log.toString());
        assertEquals(3, run.code(), run.err());
        assertTrue(Files.isDirectory(existing));
        assertEquals(Map.of(), listing(existing));
    }

    /** Every file and directory under {@code root} (relative path -> content, or "/" for a directory). */
    static Map<String, String> listing(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> !p.equals(root)).toList()) {
                out.put(root.relativize(p).toString(), Files.isDirectory(p) ? "/" : Files.readString(p));
            }
        }
        return out;
    }
}
