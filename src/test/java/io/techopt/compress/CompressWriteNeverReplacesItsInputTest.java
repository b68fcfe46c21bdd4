package io.techopt.compress;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Found trying compress as an adversary would (session 5): `compress log.jsonl --write log.jsonl` exited 0 and replaced
 * the log with its compressed copy, the original lost; `--write DIR` read the whole log, then failed naming a temp
 * file. Both are usage errors (exit 2) before anything is read, and the input stays as it was.
 */
class CompressWriteNeverReplacesItsInputTest {
    @TempDir
    Path tmp;

    @Test
    void writingOverTheInputLogIsAUsageErrorAndTheLogIsUnchanged() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            log.append(CompressWriteCountsWhatItWritesTest.record(i));
        }
        Path in = TestSupport.write(tmp, "log.jsonl", log.toString());
        byte[] before = Files.readAllBytes(in);
        Path sameByAnotherName = tmp.resolve("sub/../log.jsonl");
        Files.createDirectories(tmp.resolve("sub"));
        for (Path target : new Path[]{in, sameByAnotherName}) {
            TestSupport.Run run = TestSupport.cli("compress", "-q", "--embedder", "hash", "--rate", "0.5", "--write", target.toString(), in.toString());
            assertEquals(2, run.code(), run.out() + run.err());
            assertTrue(run.err().contains("is the log being read"), run.err());
            assertArrayEquals(before, Files.readAllBytes(in), "the input log is unchanged");
        }
    }

    @Test
    void writingToADirectoryIsAUsageErrorNamingIt() throws IOException {
        Path in = TestSupport.write(tmp, "log.jsonl", CompressWriteCountsWhatItWritesTest.record(0));
        TestSupport.Run run = TestSupport.cli("compress", "-q", "--embedder", "hash", "--write", tmp.toString(), in.toString());
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("is a directory") && run.err().contains(tmp.toString()), run.err());
        assertEquals(1, Files.list(tmp).filter(p -> !Files.isDirectory(p)).count(), "nothing written beside the log");
    }
}
