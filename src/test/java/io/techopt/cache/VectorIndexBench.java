package io.techopt.cache;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.techopt.cache.lucene.LuceneVectorIndex;
import io.techopt.embed.Embedder;
import io.techopt.embed.MiniLmEmbedder;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The semantic cache's embedded lookup on real data: N distinct QQP questions embedded with all-MiniLM-L6-v2 in the
 * Lucene HNSW index, queried with the other question of duplicate pairs (what a semantic cache is asked). Prints
 * the embedding speed, then per search beam: lookup p50/p99 (embedding excluded) and how often HNSW returns the
 * same top-1 as an exact scan. Vectors are cached under bench/work. Run by bench/vector-index.sh.
 */
public final class VectorIndexBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path pairs = Path.of(args.length > 1 ? args[1] : "../shared/data/gptcache-qqp/similiar_qqp_full.json");
        Path work = Path.of(args.length > 2 ? args[2] : "bench/work");
        Files.createDirectories(work);
        Map<String, Integer> stored = new LinkedHashMap<>();
        List<String> queries = new ArrayList<>();
        List<Integer> partner = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = Files.newInputStream(pairs); JsonParser p = json.getFactory().createParser(in)) {
            p.nextToken();
            List<JsonNode> dups = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                JsonNode o = json.readTree(p);
                for (String t : List.of(o.path("text_b").asText(), o.path("text_a").asText())) {
                    if (stored.size() < n) {
                        stored.putIfAbsent(t, stored.size());
                    }
                }
                if (o.path("label").asInt() == 1) {
                    dups.add(o);
                }
            }
            for (JsonNode o : dups) {
                Integer id = stored.get(o.path("text_b").asText());
                if (id != null && !stored.containsKey(o.path("text_a").asText()) && queries.size() < 3000) {
                    queries.add(o.path("text_a").asText());
                    partner.add(id);
                }
            }
        }
        List<String> texts = new ArrayList<>(stored.keySet());
        n = texts.size();
        Path cache = work.resolve("qqp-minilm-" + n + ".f32");
        float[][] vs;
        MiniLmEmbedder e = new MiniLmEmbedder();
        if (Files.exists(cache)) {
            vs = read(cache, n, e.dimension());
        } else {
            long t0 = System.nanoTime();
            vs = e.embedAll(texts).toArray(float[][]::new);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("embedding: %,d texts in %.1f s = %.0f texts/s (all-MiniLM-L6-v2 quantized, %d cores)%n", n, s, n / s,
                    Runtime.getRuntime().availableProcessors());
            write(cache, vs);
        }
        float[][] qv = e.embedAll(queries).toArray(float[][]::new);
        Path dir = Files.createTempDirectory("techopt-hnsw");
        try (LuceneVectorIndex idx = new LuceneVectorIndex(dir)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                idx.upsert("e" + i, vs[i], "answer " + i);
            }
            idx.optimize();
            double build = (System.nanoTime() - t0) / 1e9;
            System.out.printf("index: %,d questions x %d dims, built and merged in %.1f s (%.0f upserts/s); %,d queries%n",
                    n, e.dimension(), build, n / build, queries.size());
            int[] exact = new int[qv.length];
            for (int q = 0; q < qv.length; q++) {
                int best = 0;
                for (int i = 1; i < n; i++) {
                    if (Embedder.cosine(qv[q], vs[i]) > Embedder.cosine(qv[q], vs[best])) {
                        best = i;
                    }
                }
                exact[q] = best;
            }
            for (int cand : new int[]{10, 20, 40, 100}) {
                idx.searchCandidates(cand);
                long[] lat = new long[qv.length];
                int same = 0, partnerFound = 0;
                for (int round = 0; round < 2; round++) { // the first round warms the JIT
                    for (int q = 0; q < qv.length; q++) {
                        long s = System.nanoTime();
                        String id = idx.search(qv[q], 1).get(0).id();
                        lat[q] = System.nanoTime() - s;
                        if (round == 1) {
                            same += id.equals("e" + exact[q]) ? 1 : 0;
                            partnerFound += id.equals("e" + partner.get(q)) ? 1 : 0;
                        }
                    }
                }
                Arrays.sort(lat);
                System.out.printf("beam %3d: lookup p50 %.3f ms, p99 %.3f ms (target p99 <= 1 ms); top-1 equals the exact scan's %.1f%%, "
                                + "is the duplicate's partner %.1f%%%n", cand, lat[lat.length / 2] / 1e6, lat[(int) (lat.length * 0.99)] / 1e6,
                        100.0 * same / qv.length, 100.0 * partnerFound / qv.length);
            }
        }
    }

    private static void write(Path f, float[][] vs) throws Exception {
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(f)))) {
            for (float[] v : vs) {
                for (float x : v) {
                    out.writeFloat(x);
                }
            }
        }
    }

    private static float[][] read(Path f, int n, int d) throws Exception {
        float[][] vs = new float[n][d];
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(f)))) {
            for (float[] v : vs) {
                for (int i = 0; i < d; i++) {
                    v[i] = in.readFloat();
                }
            }
        }
        return vs;
    }
}
