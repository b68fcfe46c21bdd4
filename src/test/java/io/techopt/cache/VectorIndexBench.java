package io.techopt.cache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Embedded semantic lookup latency (embedding excluded): p50/p99 of k=1 searches at 100k 384-dim entries. */
public final class VectorIndexBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000, dim = 384, queries = 5000;
        Path dir = Files.createTempDirectory("techopt-hnsw");
        SplittableRandom r = new SplittableRandom(3);
        try (LuceneVectorIndex idx = new LuceneVectorIndex(dir)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                idx.upsert("e" + i, LuceneVectorIndexTest.unit(r, dim), "answer " + i);
            }
            idx.optimize();
            double build = (System.nanoTime() - t0) / 1e9;
            long[] lat = new long[queries];
            for (int q = 0; q < queries + 500; q++) { // the first 500 warm the JIT
                float[] query = LuceneVectorIndexTest.unit(r, dim);
                long s = System.nanoTime();
                idx.search(query, 1);
                if (q >= 500) {
                    lat[q - 500] = System.nanoTime() - s;
                }
            }
            Arrays.sort(lat);
            System.out.printf("Lucene HNSW, %d entries x %d dims: built in %.1f s (%.0f upserts/s); lookup p50 %.3f ms, p99 %.3f ms%n",
                    n, dim, build, n / build, lat[queries / 2] / 1e6, lat[(int) (queries * 0.99)] / 1e6);
        }
    }
}
