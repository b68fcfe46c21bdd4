package io.techopt.spark;

import io.techopt.store.StoreManifest;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store's commit protocol (docs/store.md): a directory is a store only with its manifest; nothing is lost. */
class HadoopStoreTest {
    @TempDir
    Path work;

    @Test
    void aDirectoryWithDayFilesAndOnlyATemporaryManifestIsRefusedAndKeepsItsFiles() throws IOException {
        // what an object-store commit killed between deleting manifest.json and renaming its copy used to leave
        Path store = work.resolve("store");
        Path parquet = Files.createDirectories(store.resolve("day=2026-01-01")).resolve("a1.parquet");
        Files.writeString(parquet, "rows");
        Files.writeString(store.resolve(StoreManifest.FILE + ".tmp"), "{}");
        IOException e = assertThrows(IOException.class, () -> HadoopStore.forIngest(store.toString(), new Configuration()));
        assertTrue(e.getMessage().contains("holds files but no store manifest"), e.getMessage());
        assertTrue(Files.exists(parquet), "the earlier rows are kept");
        assertTrue(Files.exists(store.resolve(StoreManifest.FILE + ".tmp")));
    }

    @Test
    void aNewStoreGetsItsEmptyManifestBeforeAnyDataFile() throws IOException {
        Path store = work.resolve("new");
        try (HadoopStore s = HadoopStore.forIngest(store.toString(), new Configuration())) {
            assertTrue(Files.isRegularFile(store.resolve(StoreManifest.FILE)), "manifest.json written at once");
            assertEquals(0, HadoopStore.read(s.fs, s.dir).sources().size());
        }
        assertFalse(Files.exists(store.resolve(StoreManifest.FILE + ".tmp")));
    }

    @Test
    void onlyTheLocalDiskAndHdfsCommitByRenameObjectStoresWriteTheManifestInOnePut() {
        assertTrue(HadoopStore.renamesAtomically("file"));
        assertTrue(HadoopStore.renamesAtomically("hdfs"));
        for (String objectStore : new String[] {"s3a", "gs", "abfs", "wasbs"}) {
            assertFalse(HadoopStore.renamesAtomically(objectStore), objectStore);
        }
    }

    /** As the CLI's recovery (r20g H3): a day=... link is never followed, and only files an ingest names as its own go. */
    @Test
    void recoveryDeletesOnlyWhatAnIngestWroteInsideTheStore() throws IOException {
        Path store = work.resolve("kept");
        try (HadoopStore s = HadoopStore.forIngest(store.toString(), new Configuration())) {
            assertEquals(0, s.manifest.sources().size());
        }
        Path victim = Files.createDirectories(work.resolve("victim"));
        Files.writeString(victim.resolve("s000009-abcdef12-0.parquet"), "not the store's");
        Files.createSymbolicLink(store.resolve("day=2031-01-01"), victim);
        Path day = Files.createDirectories(store.resolve("day=2026-01-01"));
        Files.writeString(day.resolve("notes.txt"), "mine");
        Files.writeString(day.resolve("s000002-abcdef12-0.parquet"), "a killed run's");
        try (HadoopStore s = HadoopStore.forIngest(store.toString(), new Configuration())) {
            assertEquals(0, s.manifest.sources().size());
        }
        assertTrue(Files.exists(victim.resolve("s000009-abcdef12-0.parquet")), "a file behind a link deleted");
        assertTrue(Files.exists(day.resolve("notes.txt")), "a user's file deleted");
        assertFalse(Files.exists(day.resolve("s000002-abcdef12-0.parquet")), "a killed run's file kept");
    }
}
