package io.techopt.cache.memory;

import io.techopt.cache.Cache;
import io.techopt.cache.CacheContract;

class MemoryCacheContractTest extends CacheContract {
    @Override
    protected Cache cache() {
        return new MemoryCache(1000, 1 << 20);
    }
}
