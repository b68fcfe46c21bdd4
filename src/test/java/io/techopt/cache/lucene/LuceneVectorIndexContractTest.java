package io.techopt.cache.lucene;

import io.techopt.cache.VectorIndex;
import io.techopt.cache.VectorIndexContract;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

class LuceneVectorIndexContractTest extends VectorIndexContract {
    @TempDir
    Path dir;

    @Override
    protected VectorIndex index(int dimension) throws IOException {
        return new LuceneVectorIndex(dir);
    }
}
