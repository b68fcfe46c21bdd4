package io.techopt.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * r25s L6: a SIGKILLed {@code analyze --engine duckdb} (no shutdown hook runs) left its techopt-analyze-* store in
 * java.io.tmpdir for good. A new temporary store deletes those whose run has ended, never a live run's.
 */
class TemporaryStoreSweepsStaleOnesTest {
    @TempDir
    Path tmp;
    private String tmpBefore;

    @BeforeEach
    void ownTmpDir() {
        tmpBefore = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
    }

    @AfterEach
    void restoreTmpDir() {
        System.setProperty("java.io.tmpdir", tmpBefore);
    }

    @Test
    void aKilledRunsStoreIsDeletedAndALiveRunsIsKept() throws Exception {
        Process run = new ProcessBuilder("sleep", "60").start();
        ProcessHandle killed = run.toHandle();
        long startedMs = killed.info().startInstant().orElseThrow().toEpochMilli();
        run.destroyForcibly().waitFor(); // SIGKILL
        Path stale = storeOf(TemporaryStore.PREFIX + killed.pid() + "-" + startedMs + "-1234");
        ProcessHandle self = ProcessHandle.current();
        Path live = storeOf(TemporaryStore.PREFIX + self.pid() + "-"
                + self.info().startInstant().orElseThrow().toEpochMilli() + "-5678");
        Path reusedPid = storeOf(TemporaryStore.PREFIX + self.pid() + "-" + startedMs + "-9012"); // another process's start
        Path notOurs = Files.createDirectories(tmp.resolve("techopt-analyze-by-hand"));

        try (TemporaryStore t = TemporaryStore.create()) {
            assertTrue(Files.isDirectory(t.dir()));
            assertTrue(t.dir().getFileName().toString().startsWith(TemporaryStore.PREFIX + self.pid() + "-"), t.dir().toString());
        }
        assertFalse(Files.exists(stale), "the killed run's store is left");
        assertFalse(Files.exists(reusedPid), "a store whose pid a later process took is left");
        assertTrue(Files.exists(live.resolve("store/manifest.json")), "a live run's store was deleted");
        assertTrue(Files.exists(notOurs), "a directory not named as a run names its store was deleted");
    }

    private Path storeOf(String name) throws IOException {
        Path store = Files.createDirectories(tmp.resolve(name).resolve("store"));
        Files.writeString(store.resolve("manifest.json"), "{}");
        return tmp.resolve(name);
    }
}
