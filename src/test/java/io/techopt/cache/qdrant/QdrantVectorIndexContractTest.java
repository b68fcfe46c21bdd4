package io.techopt.cache.qdrant;

import io.techopt.cache.VectorIndex;
import io.techopt.cache.VectorIndexContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Qdrant adapter against a real server: set QDRANT_URL (gRPC, e.g. http://localhost:6334) and, if the server
 * wants one, QDRANT_API_KEY. No Qdrant server can be installed in CI here, so without QDRANT_URL this is skipped,
 * saying so.
 */
class QdrantVectorIndexContractTest extends VectorIndexContract {
    static String url;
    private String collection;

    @BeforeEach
    void needsQdrant() {
        url = System.getenv("QDRANT_URL");
        if (url == null || url.isBlank()) {
            System.out.println("SKIPPED: Qdrant adapter test: QDRANT_URL is not set, so the adapter was NOT tested against a "
                    + "real Qdrant server in this run");
        }
        assumeTrue(url != null && !url.isBlank(), "QDRANT_URL not set: Qdrant adapter not tested");
        collection = "techopt-test-" + System.nanoTime();
    }

    @Override
    protected VectorIndex index(int dimension) throws IOException {
        return new QdrantVectorIndex(url, collection, dimension, 64);
    }

    @Test
    void aCollectionOfAnotherDimensionIsRefusedWithAClearMessage() throws Exception {
        index(32).close();
        assertThrows(IOException.class, () -> new QdrantVectorIndex(url, collection, 16, 64).close());
    }
}
