package io.techopt.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** analyze chooses its engine from this estimate (#14): counted exactly on a small log, within a few percent on a large one. */
class LogSizeEstimateTest {
    @TempDir
    Path tmp;

    /** {@code n} lines of varied length and little redundancy (gzip shrinks them about 2x, as it does real prompts 4-10x). */
    private Path log(String name, int n, boolean gzip) throws IOException {
        Path f = tmp.resolve(name);
        Random r = new Random(7);
        try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(f)) : Files.newOutputStream(f);
             Writer w = new java.io.OutputStreamWriter(o, StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                StringBuilder text = new StringBuilder();
                for (int k = 40 + r.nextInt(400); k > 0; k--) {
                    text.append(Integer.toHexString(r.nextInt(16)));
                }
                w.write("{\"request_id\": \"r" + i + "\", \"model\": \"gpt-4o\", \"prompt\": \"" + text + "\"}\n");
            }
        }
        return f;
    }

    @Test
    void aLogSmallerThanTheSampleIsCountedLineByLine() throws IOException {
        Path plain = log("small.jsonl", 3_000, false);
        Files.writeString(plain, "{\"request_id\": \"last\"}", java.nio.file.StandardOpenOption.APPEND); // no final newline
        assertEquals(3_001, LogSizeEstimate.lines(List.of(new LogSource("small.jsonl", plain)), Long.MAX_VALUE));
        assertEquals(3_000, LogSizeEstimate.lines(List.of(new LogSource("small.jsonl.gz", log("small.jsonl.gz", 3_000, true))),
                Long.MAX_VALUE));
    }

    @Test
    void aLargeLogPlainOrGzipIsEstimatedWithinFivePercent() throws IOException {
        for (boolean gzip : new boolean[]{false, true}) {
            String name = gzip ? "large.jsonl.gz" : "large.jsonl";
            Path f = log(name, 60_000, gzip);
            assertTrue(Files.size(f) > 2 * LogSizeEstimate.SAMPLE_BYTES, name + " is sampled, not read whole: " + Files.size(f));
            long estimate = LogSizeEstimate.lines(List.of(new LogSource(name, f)), Long.MAX_VALUE);
            assertTrue(Math.abs(estimate - 60_000) < 3_000, name + ": " + estimate);
        }
    }

    @Test
    void standardInputHasNoSizeAndTheCountStopsOnceItPassesEnough() throws IOException {
        Path a = log("a.jsonl", 3_000, false), b = log("b.jsonl", 3_000, false);
        assertEquals(-1, LogSizeEstimate.lines(List.of(new LogSource("a.jsonl", a), LogSource.stdin()), Long.MAX_VALUE));
        // once a passed 2,000, b is not opened: its size at a's lines per byte (two 5M-request logs were "about 4.8M")
        long both = LogSizeEstimate.lines(List.of(new LogSource("a.jsonl", a), new LogSource("b.jsonl", b)), 2_000);
        assertTrue(Math.abs(both - 6_000) < 150, "both logs' lines: " + both);
        assertTrue(LogSizeEstimate.lines(List.of(new LogSource("a.jsonl", a), LogSource.stdin()), 2_000) >= 3_000,
                "standard input after the choice is made leaves it made");
        // gzip and plain logs each at their own kind's lines per byte (review rev24b MED-4: 392,244 for 18,079 lines)
        Path c = log("c.jsonl.gz", 3_000, true), d = log("d.jsonl", 3_000, false), e = log("e.jsonl.gz", 3_000, true);
        long mixed = LogSizeEstimate.lines(List.of(new LogSource("c.jsonl.gz", c), new LogSource("d.jsonl", d),
                new LogSource("e.jsonl.gz", e), new LogSource("a.jsonl", a)), 2_000);
        assertTrue(Math.abs(mixed - 12_000) < 300, "gzip and plain logs' lines: " + mixed);
        assertEquals(6_000, LogSizeEstimate.lines(List.of(new LogSource("a.jsonl", a), new LogSource("b.jsonl", b)), 5_000));
    }
}
