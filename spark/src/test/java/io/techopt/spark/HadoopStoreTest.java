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
}
