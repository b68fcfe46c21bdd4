package io.techopt.cache.memory;

import io.techopt.cache.VectorIndex;
import io.techopt.cache.VectorIndexContract;

class MemoryVectorIndexContractTest extends VectorIndexContract {
    @Override
    protected VectorIndex index(int dimension) {
        return new MemoryVectorIndex(10_000);
    }
}
