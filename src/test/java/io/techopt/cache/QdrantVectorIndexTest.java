package io.techopt.cache;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Qdrant adapter against a real server: set QDRANT_URL (gRPC, e.g. http://localhost:6334) and, if the server
 * wants one, QDRANT_API_KEY. No Qdrant server can be installed in CI here, so without QDRANT_URL this is skipped.
 */
class QdrantVectorIndexTest {
    static String url;

    @BeforeEach
    void needsQdrant() {
        url = System.getenv("QDRANT_URL");
        if (url == null || url.isBlank()) {
            System.out.println("SKIPPED: Qdrant adapter test: QDRANT_URL is not set, so the adapter was NOT tested against a "
                    + "real Qdrant server in this run");
        }
        assumeTrue(url != null && !url.isBlank(), "QDRANT_URL not set: Qdrant adapter not tested");
    }

    static float[] unit(SplittableRandom r, int d) {
        float[] v = new float[d];
        double n = 0;
        for (int i = 0; i < d; i++) {
            v[i] = (float) r.nextGaussian();
            n += v[i] * v[i];
        }
        for (int i = 0; i < d; i++) {
            v[i] /= (float) Math.sqrt(n);
        }
        return v;
    }

    @Test
    void upsertsAreIdempotentAndSearchFindsTheNearest() throws Exception {
        String collection = "techopt-test-" + System.nanoTime();
        SplittableRandom r = new SplittableRandom(5);
        float[][] vs = new float[200][];
        try (QdrantVectorIndex q = new QdrantVectorIndex(url, collection, 32, 64)) {
            for (int i = 0; i < vs.length; i++) {
                vs[i] = unit(r, 32);
                q.upsert("entry-" + i, vs[i], "{\"i\":" + i + "}");
            }
            q.commit();
            for (int i = 0; i < 50; i++) {
                q.upsert("entry-" + i, vs[i], "{\"i\":" + i + "}"); // a re-run
            }
            q.commit();
            assertEquals(200, q.size(), "re-upserting the same ids keeps one point each");
            List<VectorIndex.Hit> hits = q.search(vs[17], 3);
            assertEquals("entry-17", hits.get(0).id());
            assertEquals(1.0, hits.get(0).score(), 1e-4);
        }
        // the collection now exists with another dimension: refused with a clear message
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> new QdrantVectorIndex(url, collection, 16, 64).close());
    }
}
