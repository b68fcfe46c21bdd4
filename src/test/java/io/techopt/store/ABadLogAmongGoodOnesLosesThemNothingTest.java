package io.techopt.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `ingest good1 bad good2 --store S`, bad.jsonl every line malformed, stopped at bad.jsonl with exit 3: good2 was never
 * stored and no report was written, while analyze on the same three logs reads both good ones. And review r27n LOW-4:
 * ingest of only a bad log exited 3 but left a new, empty store behind.
 */
class ABadLogAmongGoodOnesLosesThemNothingTest {
    @TempDir
    Path tmp;

    @Test
    void theGoodLogsAfterABadOneAreStoredAndTheBadOneIsNamed() throws Exception {
        Path good1 = TestSupport.write(tmp, "good1.jsonl", StoreLogs.log(0, 40, 0));
        Path bad = TestSupport.write(tmp, "bad.jsonl", "not json\n{bad\n");
        Path good2 = TestSupport.write(tmp, "good2.jsonl", StoreLogs.log(40, 100, 1000));
        Path store = tmp.resolve("store");
        TestSupport.Run run = StoreIngestTest.ingest(good1.toString(), bad.toString(), good2.toString(), "--store", store.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode r = run.json();
        assertEquals(2, r.get("ingested").asInt(), run.out());
        JsonNode line = r.get("sources").get(1);
        assertEquals("nothing_read", line.get("status").asText(), run.out());
        assertTrue(line.get("seq").isNull(), run.out());
        assertEquals(2, line.get("bad_lines").asLong(), run.out());
        assertTrue(run.err().contains("bad.jsonl: no request could be read (2 bad lines"), run.err());
        assertTrue(r.get("notes").toString().contains("bad.jsonl: no request could be read"), run.out());
        StoreIngestTest.assertSameAsAnalyze(StoreIngestTest.totals(store), good1.toString(), good2.toString());
        JsonNode analyze = TestSupport.cli("analyze", "-f", "json", "-q", good1.toString(), bad.toString(), good2.toString()).json();
        assertEquals(analyze.get("requests").asLong(), r.get("store_totals").get("requests").asLong(), "as analyze reads them");
    }

    @Test
    void everyFormatShowsTheLogThatGaveNothing() throws Exception {
        Path good = TestSupport.write(tmp, "good.jsonl", StoreLogs.log(0, 40, 0));
        Path bad = TestSupport.write(tmp, "bad.jsonl", "not json\n");
        for (String format : List.of("table", "csv", "markdown", "html")) { // table failed: its seq cell was read as an int
            TestSupport.Run run = TestSupport.cli("ingest", "-q", "-f", format, good.toString(), bad.toString(), "--store",
                    tmp.resolve("store-" + format).toString());
            assertEquals(0, run.code(), format + ": " + run.err());
            assertTrue(run.out().contains("nothing_read"), format + ": " + run.out());
        }
    }

    @Test
    void onlyBadLogsIntoANewStoreExit3AndLeaveNoStore() throws Exception {
        Path bad = TestSupport.write(tmp, "bad.jsonl", "not json\n{bad\n");
        Path bad2 = TestSupport.write(tmp, "bad2.jsonl", "[\n");
        Path store = tmp.resolve("new-store");
        TestSupport.Run run = StoreIngestTest.ingest(bad.toString(), bad2.toString(), "--store", store.toString());
        assertEquals(3, run.code(), run.err());
        assertTrue(run.err().contains("no request could be read from non-empty input: 3 bad lines"), run.err());
        assertFalse(Files.exists(store), "no store is left behind");
    }

    /** Review rev21b LOW-4: a new store at new/a/b removed on exit 3 left new/ and new/a/, made by the run. */
    @Test
    void theDirectoriesANewStoreMadeGoWithItButNotTheOnesThatWereThere() throws Exception {
        Path bad = TestSupport.write(tmp, "bad.jsonl", "not json\n");
        Path there = Files.createDirectories(tmp.resolve("there"));
        Files.writeString(there.resolve("keep.txt"), "someone's file");
        TestSupport.Run run = StoreIngestTest.ingest(bad.toString(), "--store", there.resolve("new/a/b").toString());
        assertEquals(3, run.code(), run.err());
        assertFalse(Files.exists(there.resolve("new")), "the run made new/ and new/a/");
        assertTrue(Files.exists(there.resolve("keep.txt")), "what was there stays");
        Path empty = Files.createDirectories(tmp.resolve("empty-dir"));
        assertEquals(3, StoreIngestTest.ingest(bad.toString(), "--store", empty.resolve("x").toString()).code());
        assertTrue(Files.isDirectory(empty), "a directory that was there, empty, stays");
        assertEquals(List.of(), Files.list(empty).toList());
    }

    /** Review rev21b LOW-3: an empty log beside only bad ones exited 0 and left a new store (analyze on them exits 3). */
    @Test
    void anEmptyLogBesideOnlyBadOnesExits3AndLeavesNoStore() throws Exception {
        Path empty = TestSupport.write(tmp, "empty.jsonl", "");
        Path bad = TestSupport.write(tmp, "bad.jsonl", "not json\n{bad\n");
        Path store = tmp.resolve("new-store");
        TestSupport.Run run = StoreIngestTest.ingest(empty.toString(), bad.toString(), "--store", store.toString());
        assertEquals(3, run.code(), run.err());
        assertEquals(3, TestSupport.cli("analyze", "-q", empty.toString(), bad.toString()).code(), "as analyze");
        assertFalse(Files.exists(store), "no store is left behind");
    }

    @Test
    void onlyABadLogIntoAnExistingStoreExit3AndLeaveItAsItWas() throws Exception {
        Path good = TestSupport.write(tmp, "good.jsonl", StoreLogs.log(0, 40, 0));
        Path bad = TestSupport.write(tmp, "bad.jsonl", "not json\n");
        Path store = tmp.resolve("store");
        assertEquals(0, StoreIngestTest.ingest(good.toString(), "--store", store.toString()).code());
        String manifest = Files.readString(store.resolve("manifest.json"));
        TestSupport.Run run = StoreIngestTest.ingest(bad.toString(), "--store", store.toString());
        assertEquals(3, run.code(), run.err());
        assertEquals(manifest, Files.readString(store.resolve("manifest.json")));
        Path emptyLog = TestSupport.write(tmp, "empty.jsonl", "");
        Path emptyStore = tmp.resolve("empty-store");
        assertEquals(0, StoreIngestTest.ingest(emptyLog.toString(), "--store", emptyStore.toString()).code());
        assertEquals(3, StoreIngestTest.ingest(bad.toString(), "--store", emptyStore.toString()).code());
        assertTrue(Files.exists(emptyStore.resolve("manifest.json")), "an empty store made by an earlier run stays");
    }
}
