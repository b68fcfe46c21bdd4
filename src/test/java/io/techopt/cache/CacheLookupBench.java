package io.techopt.cache;

import io.techopt.cache.lucene.LuceneVectorIndex;
import io.techopt.embed.CachedEmbedder;
import io.techopt.embed.Embedder;
import io.techopt.embed.MiniLmEmbedder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue #16: the semantic layer's lookup cost at N entries, the adaptive policy beside the static threshold, on the
 * same Lucene HNSW index of real QQP questions (all-MiniLM-L6-v2). The stream is the labelled replay's (seed 1): its
 * first N - Q questions are stored (their class standing in for the answer, so the warm's learning sees real
 * outcomes), the last Q are looked up with each policy, alternately, twice (the first round warms the JIT). Embedding
 * is excluded from the lookup times. Vectors are kept in the work directory between runs. Run by bench/cache-lookup.sh.
 */
public final class CacheLookupBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path pairs = Path.of(args.length > 1 ? args[1] : "../shared/data/gptcache-qqp/similiar_qqp_full.json");
        Path work = Path.of(args.length > 2 ? args[2] : "bench/work");
        double maxError = args.length > 3 ? Double.parseDouble(args[3]) : 0.05;
        int queries = 3000;
        Files.createDirectories(work);
        Replay.Stream s = Replay.stream(Replay.pairs(pairs, 4), n, 1, "json");
        n = s.texts().size();
        Embedder e = new CachedEmbedder(new MiniLmEmbedder(), work.resolve("replay-minilm.vec"));
        List<float[]> v = new ArrayList<>(n);
        long t0 = System.nanoTime();
        for (int from = 0; from < n; from += 2048) {
            v.addAll(e.embedAll(s.texts().subList(from, Math.min(n, from + 2048))));
            System.err.printf("\rembedded %,d of %,d", v.size(), n);
        }
        System.err.println();
        int stored = n - queries;
        List<CacheRequest> qs = new ArrayList<>(n);
        List<String> answers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            qs.add(new CacheRequest("e" + i, "s", s.texts().get(i)));
            answers.add("answer of class " + s.cls()[i]);
        }
        Path dir = Files.createTempDirectory("techopt-lookup");
        try (LuceneVectorIndex idx = new LuceneVectorIndex(dir)) {
            SemanticCache adaptive = new SemanticCache(e, idx, 1.0, true, null, System::currentTimeMillis, new AdaptiveState(maxError));
            SemanticCache fixed = new SemanticCache(e, idx, 0.95, true);
            t0 = System.nanoTime();
            long learned = 0;
            for (int from = 0; from < stored; from += 256) {
                int to = Math.min(stored, from + 256);
                learned += adaptive.storeAll(qs.subList(from, to), answers.subList(from, to)); // embeddings come from the cache
                adaptive.commit();
            }
            idx.optimize();
            System.out.printf(Locale.ROOT, "index: %,d entries (MiniLM, %d dims), written with the warm's learning in %.1f s; "
                            + "%,d verified outcomes, shared fit %s; %,d lookups a policy%n", idx.size(), e.dimension(),
                    (System.nanoTime() - t0) / 1e9, learned, adaptive.adaptive().fitted() ? "fitted" : "not fitted", queries);
            long[] st = new long[queries], ad = new long[queries];
            long[] decisions = new long[4];
            for (int round = 0; round < 2; round++) {
                for (int k = 0; k < queries; k++) {
                    int i = stored + k;
                    CacheRequest q = qs.get(i);
                    float[] qv = v.get(i);
                    long a = System.nanoTime();
                    fixed.lookup(q, qv);
                    long b = System.nanoTime();
                    var c = adaptive.adaptiveLookup(q, qv);
                    long d = System.nanoTime();
                    st[k] = b - a;
                    ad[k] = d - b;
                    if (round == 1) {
                        decisions[c.map(x -> x.decision().ordinal() + 1).orElse(0)]++;
                    }
                }
            }
            print("static (cosine >= 0.95, guards)", st);
            print(String.format(Locale.ROOT, "adaptive (max error %.2f, guards)", maxError), ad);
            System.out.printf(Locale.ROOT, "adaptive decisions: serve %,d, explore %,d, miss %,d, no candidate %,d%n",
                    decisions[1], decisions[2], decisions[3], decisions[0]);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void print(String policy, long[] ns) {
        long[] x = ns.clone();
        Arrays.sort(x);
        System.out.printf(Locale.ROOT, "%-34s lookup p50 %.3f ms, p99 %.3f ms (embedding excluded)%n", policy,
                x[x.length / 2] / 1e6, x[(int) (x.length * 0.99)] / 1e6);
    }
}
