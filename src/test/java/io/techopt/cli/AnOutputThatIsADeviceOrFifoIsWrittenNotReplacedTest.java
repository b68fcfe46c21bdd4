package io.techopt.cli;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r18 F12: every file option renamed its temporary file over the target whatever it was: `--out /dev/stdout` (as
 * root) replaced the device link with a file, a FIFO became a plain file and its reader got nothing, `--out -` made a
 * file named '-'. A target that is a stream is written straight through and stays what it was; '-' is stdout.
 */
class AnOutputThatIsADeviceOrFifoIsWrittenNotReplacedTest {
    @TempDir
    Path tmp;

    @Test
    void everyOptionThatWritesAFileWritesIntoAFifoAndLeavesItAFifo() throws Exception {
        Path log = TestSupport.write(tmp, "a.jsonl", TestSupport.GOOD_LINE + "\n" + TestSupport.GOOD_LINE + "\n");
        List<List<String>> runs = List.of(
                List.of("analyze", "-q", log.toString(), "--format", "json", "--out"),
                List.of("cost-forecast", "-q", log.toString(), "--focus-csv"),
                List.of("cost-forecast", "-q", log.toString(), "--forecast-csv"),
                List.of("compress", "-q", log.toString(), "--write"),
                List.of("cache-warm", "-q", log.toString(), "--min-count", "1", "--l1-snapshot"));
        int i = 0;
        for (List<String> base : runs) {
            Path fifo = tmp.resolve("fifo" + i++);
            TestSupport.needs(mkfifo(fifo), "FIFO outputs: mkfifo not available (coreutils)");
            CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    return Files.readAllBytes(fifo);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            List<String> args = new java.util.ArrayList<>(base);
            args.add(fifo.toString());
            TestSupport.Run run = TestSupport.cli(args.toArray(new String[0]));
            assertEquals(0, run.code(), args + ": " + run.err());
            assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS),
                    args + ": the FIFO is still a FIFO, not replaced by a file");
            byte[] got = reader.get(20, TimeUnit.SECONDS); // the reader saw the writer open and close the FIFO
            // this log's request has no prompt: cache-warm's snapshot is empty
            assertTrue(got.length > 0 || base.get(0).equals("cache-warm"), args + ": the FIFO's reader got the output");
        }
    }

    @Test
    void outDashIsStdoutAndMakesNoFileNamedDash() throws IOException {
        Path log = TestSupport.write(tmp, "a.jsonl", TestSupport.GOOD_LINE + "\n");
        boolean dashBefore = Files.exists(Path.of("-"));
        TestSupport.Run run = TestSupport.cli("analyze", "-q", log.toString(), "--format", "json", "--out", "-");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("\"total_requests\"") || run.out().trim().startsWith("{"), run.out());
        assertFalse(!dashBefore && Files.exists(Path.of("-")), "no file named '-'");
        assertFalse(run.err().contains("wrote -"), run.err());
    }

    private static boolean mkfifo(Path p) {
        try {
            return new ProcessBuilder("mkfifo", p.toString()).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
