package io.techopt.cache;

import io.techopt.embed.Embedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LuceneVectorIndexTest {
    @TempDir
    Path dir;

    static float[] unit(SplittableRandom r, int dim) {
        float[] v = new float[dim];
        double n = 0;
        for (int i = 0; i < dim; i++) {
            v[i] = (float) r.nextGaussian();
            n += v[i] * v[i];
        }
        for (int i = 0; i < dim; i++) {
            v[i] /= (float) Math.sqrt(n);
        }
        return v;
    }

    @Test
    void upsertReplacesByIdAndTheIndexPersists() throws IOException {
        SplittableRandom r = new SplittableRandom(1);
        float[] a = unit(r, 32), b = unit(r, 32);
        try (LuceneVectorIndex idx = new LuceneVectorIndex(dir)) {
            idx.upsert("q1", a, "first answer");
            idx.upsert("q2", b, "other");
            idx.upsert("q1", a, "refreshed answer"); // a re-run writes no duplicate
            idx.commit();
            assertEquals(2, idx.size());
            List<VectorIndex.Hit> hits = idx.search(a, 1);
            assertEquals("q1", hits.get(0).id());
            assertEquals("refreshed answer", hits.get(0).payload());
            assertEquals(1.0, hits.get(0).score(), 1e-5, "cosine of a vector with itself");
        }
        assertEquals(2, LuceneVectorIndex.countOnDisk(dir), "persisted");
        try (LuceneVectorIndex again = new LuceneVectorIndex(dir)) {
            assertEquals("q2", again.search(b, 1).get(0).id());
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
