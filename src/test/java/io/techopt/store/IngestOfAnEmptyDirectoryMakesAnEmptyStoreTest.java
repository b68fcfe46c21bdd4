package io.techopt.store;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r13 #8: `ingest EMPTYDIR --store NEW` failed with exit 1, "no such file ... NEW/manifest.json", leaving a store
 * directory holding only its lock. An empty directory is empty input (README, Inputs): a warning, and the command does
 * what it does with an empty file, which makes a store with its manifest.
 */
class IngestOfAnEmptyDirectoryMakesAnEmptyStoreTest {
    @TempDir
    Path tmp;

    @Test
    void anEmptyDirectoryIntoANewStoreIsAWarningAndAnEmptyStore() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("emptydir"));
        Path store = tmp.resolve("st");
        TestSupport.Run run = TestSupport.cli("ingest", empty.toString(), "--store", store.toString(), "-f", "json");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("is empty"), run.err());
        assertTrue(Files.exists(store.resolve("manifest.json")), "the new store has its manifest");
        assertEquals(0, run.json().get("store_totals").get("requests").asLong(), run.out());
        TestSupport.Run analyze = TestSupport.cli("analyze", "-f", "json", "--store", store.toString());
        assertEquals(0, analyze.code(), analyze.err());
        assertEquals(0, analyze.json().get("requests").asLong());
    }
}
