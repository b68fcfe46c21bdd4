package io.techopt.cache.lucene;

import io.techopt.embed.Embedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static io.techopt.cache.VectorIndexContract.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only the Lucene adapter does; the {@code VectorIndex} contract is LuceneVectorIndexContractTest. */
class LuceneVectorIndexTest {
    @TempDir
    Path dir;

    /** Lucene-only: the index is a directory that a later run opens again (the contract covers the rest). */
    @Test
    void theIndexPersistsAcrossRuns() throws IOException {
        SplittableRandom r = new SplittableRandom(1);
        float[] a = unit(r, 32), b = unit(r, 32);
        try (LuceneVectorIndex idx = new LuceneVectorIndex(dir)) {
            idx.upsert("q1", a, "first answer");
            idx.upsert("q2", b, "other");
            idx.upsert("q1", a, "refreshed answer");
            idx.commit();
        }
        assertEquals(2, LuceneVectorIndex.countOnDisk(dir), "persisted");
        try (LuceneVectorIndex again = new LuceneVectorIndex(dir)) {
            assertEquals("q2", again.search(b, 1).get(0).id());
            assertEquals("refreshed answer", again.search(a, 1).get(0).payload());
        }
    }

    /**
     * Issue #16: the adaptive policy's state persists with the index, in the same commit as the entries, so a later
     * run reads it back; a state kept but not committed (a run killed before its commit) leaves the old one on disk.
     */
    @Test
    void theLearnedStateIsCommittedWithTheEntriesAndOnlyThen() throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        try (LuceneVectorIndex idx = new LuceneVectorIndex(dir)) {
            assertNull(idx.learnedState(), "a new index has learned nothing");
            idx.upsert("q1", unit(r, 16), "a");
            idx.keepLearnedState("{\"state\":1}");
            idx.commit();
        }
        assertEquals("{\"state\":1}", LuceneVectorIndex.learnedStateOnDisk(dir));
        try (LuceneVectorIndex again = new LuceneVectorIndex(dir)) {
            assertEquals("{\"state\":1}", again.learnedState(), "a later run starts from it");
            again.upsert("q2", unit(r, 16), "b");
            again.keepLearnedState("{\"state\":2}");
            // not committed: on disk, the last commit's state and its entries, together
            assertEquals("{\"state\":1}", LuceneVectorIndex.learnedStateOnDisk(dir));
            assertEquals(1, LuceneVectorIndex.countOnDisk(dir));
            again.commit();
            assertEquals("{\"state\":2}", LuceneVectorIndex.learnedStateOnDisk(dir));
            assertEquals(2, LuceneVectorIndex.countOnDisk(dir));
        }
    }

    @Test
    void hnswFindsTheTrueNearestNeighbourAlmostAlways() throws IOException {
        SplittableRandom r = new SplittableRandom(2);
        int n = 5000, dim = 64;
        float[][] data = new float[n][];
        try (LuceneVectorIndex idx = new LuceneVectorIndex(dir)) {
            for (int i = 0; i < n; i++) {
                data[i] = unit(r, dim);
                idx.upsert("d" + i, data[i], "");
            }
            idx.commit();
            int found = 0, queries = 200;
            for (int q = 0; q < queries; q++) {
                float[] query = unit(r, dim);
                int best = 0;
                for (int i = 1; i < n; i++) {
                    if (Embedder.cosine(query, data[i]) > Embedder.cosine(query, data[best])) {
                        best = i;
                    }
                }
                found += idx.search(query, 1).get(0).id().equals("d" + best) ? 1 : 0;
            }
            assertTrue(found >= queries * 0.95, "top-1 recall " + found + "/" + queries);
        }
    }
}
