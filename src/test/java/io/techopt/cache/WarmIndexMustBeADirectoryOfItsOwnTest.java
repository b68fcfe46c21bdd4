package io.techopt.cache;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r15 #9: `cache-warm LOG --index FILE` (an existing file, the log itself included) exited 1 saying only the
 * path. An index is a directory: a usage error that says so; and never the directory of logs it reads, where the next
 * run would read the index's files as logs.
 */
class WarmIndexMustBeADirectoryOfItsOwnTest {
    @TempDir
    Path tmp;

    private static final String LINE = "{\"timestamp\":\"2026-10-01T00:01:00Z\",\"model\":\"gpt-4o-mini\",\"request_id\":\"b\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"What is a token?\"}],\"response\":\"A piece of text.\","
            + "\"usage\":{\"input_tokens\":10,\"output_tokens\":3}}\n";

    @Test
    void anIndexPathThatIsAFileIsAUsageErrorSayingSo() throws Exception {
        Path log = TestSupport.write(tmp, "log.jsonl", LINE);
        Path other = TestSupport.write(tmp, "other.txt", "notes\n");
        byte[] before = Files.readAllBytes(log);
        for (Path index : new Path[]{other, log}) {
            TestSupport.Run r = TestSupport.cli("cache-warm", log.toString(), "--index", index.toString(), "--embedder", "hash", "-q");
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("--index") && r.err().contains("not a directory"), r.err());
        }
        assertArrayEquals(before, Files.readAllBytes(log));
    }

    @Test
    void anIndexInTheDirectoryOfLogsItReadsIsRefused() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        TestSupport.write(logs, "log.jsonl", LINE);
        TestSupport.Run r = TestSupport.cli("cache-warm", logs.toString(), "--index", logs.toString(), "--embedder", "hash", "-q");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--index"), r.err());
        // review r16 #4: the same directory through a link
        Path link = Files.createSymbolicLink(tmp.resolve("lnk"), logs);
        TestSupport.Run viaLink = TestSupport.cli("cache-warm", logs.toString(), "--index", link.resolve("idx").toString(),
                "--embedder", "hash", "-q");
        assertEquals(2, viaLink.code(), viaLink.err());
        try (var files = Files.list(logs)) {
            assertEquals(1, files.count(), "nothing written into the directory of logs");
        }
    }

    /**
     * Review r22 L2: `--index DIR` wrote Lucene's files into a directory of the user's files and replaced their
     * warm-checkpoint.json (exit 0); the rule --batch-export follows (r21 M2) holds for the index too: a new or empty
     * directory, or an earlier warm's index (which a nightly re-run writes again), nothing else.
     */
    @Test
    void anIndexIntoADirectoryOfOtherFilesIsRefusedAndAnEarlierIndexIsWrittenAgain() throws Exception {
        Path log = TestSupport.write(tmp, "log.jsonl", LINE + LINE.replace("\"b\"", "\"c\""));
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        TestSupport.write(mine, "notes.txt", "notes\n");
        TestSupport.write(mine, "warm-checkpoint.json", "{\"mine\":1}\n");
        TestSupport.Run r = TestSupport.cli("cache-warm", log.toString(), "--index", mine.toString(), "--embedder", "hash", "-q");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--index") && r.err().contains("did not write"), r.err());
        try (var files = Files.list(mine)) {
            assertEquals(2, files.count(), "nothing written beside the user's files");
        }
        assertEquals("{\"mine\":1}\n", Files.readString(mine.resolve("warm-checkpoint.json")));

        Path idx = tmp.resolve("idx");
        for (int run = 1; run <= 2; run++) { // new, then the earlier warm's own index again
            TestSupport.Run w = TestSupport.cli("cache-warm", log.toString(), "--index", idx.toString(), "--embedder", "hash", "-q", "-f", "json");
            assertEquals(0, w.code(), "run " + run + ": " + w.err());
        }
        TestSupport.write(idx, "notes.txt", "notes\n");
        TestSupport.Run again = TestSupport.cli("cache-warm", log.toString(), "--index", idx.toString(), "--embedder", "hash", "-q");
        assertEquals(2, again.code(), "an index with a file of someone else's beside it: " + again.err());
        assertTrue(again.err().contains("notes.txt"), again.err());
    }
}
