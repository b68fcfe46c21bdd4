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
}
