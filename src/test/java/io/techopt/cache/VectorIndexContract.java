package io.techopt.cache;

import io.techopt.embed.Embedder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link VectorIndex} adapter must do, run once per adapter: a subclass gives a fresh, empty index of
 * the given dimension for each test (the test closes it).
 */
public abstract class VectorIndexContract {
    /** A new empty index for one test. */
    protected abstract VectorIndex index(int dimension) throws Exception;

    /** A random unit vector. */
    public static float[] unit(SplittableRandom r, int dimension) {
        float[] v = new float[dimension];
        double n = 0;
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) r.nextGaussian();
            n += v[i] * v[i];
        }
        for (int i = 0; i < dimension; i++) {
            v[i] /= (float) Math.sqrt(n);
        }
        return v;
    }

    @Test
    void upsertingAnIdAgainReplacesItsEntry() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        float[] a = unit(r, 32), b = unit(r, 32);
        try (VectorIndex idx = index(32)) {
            idx.upsert("q1", a, "first answer");
            idx.upsert("q2", b, "other");
            idx.upsert("q1", a, "refreshed answer"); // a re-run writes no duplicate
            idx.commit();
            assertEquals(2, idx.size());
            List<VectorIndex.Hit> hits = idx.search(a, 1);
            assertEquals("q1", hits.get(0).id());
            assertEquals("refreshed answer", hits.get(0).payload());
            assertEquals(1.0, hits.get(0).score(), 1e-4, "cosine of a vector with itself");
        }
    }

    @Test
    void searchGivesTheKNearestBestFirstWithTheirCosines() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        float[][] vs = new float[200][];
        try (VectorIndex idx = index(32)) {
            for (int i = 0; i < vs.length; i++) {
                vs[i] = unit(r, 32);
                idx.upsert("entry-" + i, vs[i], "{\"i\":" + i + "}");
            }
            idx.commit();
            assertEquals(200, idx.size());
            for (int q = 0; q < 20; q++) {
                float[] query = unit(r, 32);
                List<VectorIndex.Hit> hits = idx.search(query, 3);
                assertEquals(3, hits.size(), "k results");
                int best = 0;
                for (int i = 1; i < vs.length; i++) {
                    if (Embedder.cosine(query, vs[i]) > Embedder.cosine(query, vs[best])) {
                        best = i;
                    }
                }
                assertEquals("entry-" + best, hits.get(0).id(), "the true nearest of 200 first");
                assertEquals(Embedder.cosine(query, vs[best]), hits.get(0).score(), 1e-4);
                assertEquals("{\"i\":" + best + "}", hits.get(0).payload());
                for (int k = 1; k < hits.size(); k++) {
                    assertTrue(hits.get(k - 1).score() >= hits.get(k).score(), "best first");
                }
            }
        }
    }
}
