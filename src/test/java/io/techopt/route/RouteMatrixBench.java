package io.techopt.route;

import io.techopt.embed.Embedder;
import io.techopt.embed.HashEmbedder;
import io.techopt.embed.MiniLmEmbedder;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Routers on RouteLLM's GSM8K and MMLU matrices (weak Mixtral-8x7B, strong GPT-4): APGR, CPT(50%) and CPT(80%) for
 * a random router, prompt length, and the cross-fitted kNN router (5 folds, k = 100) over hashed n-grams and over
 * all-MiniLM-L6-v2, each alone and stacked with prompt length, and all three stacked (route-sim's learned router).
 * Run by bench/route.sh.
 */
public final class RouteMatrixBench {
    static final String WEAK = "mistralai/Mixtral-8x7B-Instruct-v0.1", STRONG = "gpt-4-1106-preview";

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data/routellm");
        System.out.printf("%-8s %-30s %7s %7s %7s%n", "matrix", "router", "APGR", "CPT50", "CPT80");
        for (String set : List.of("gsm8k/gsm8k_responses.csv", "mmlu_responses")) {
            MatrixData m = MatrixData.load(List.of(data.resolve(set)));
            int n = m.prompts().size();
            double[] w = m.quality().get(WEAK), s = m.quality().get(STRONG), zero = new double[n];
            String name = set.startsWith("gsm8k") ? "GSM8K" : "MMLU";
            print(name, "random", RoutingCurve.of(new SplittableRandom(1).doubles(n).toArray(), w, s, zero, zero));
            double[] length = m.prompts().stream().mapToDouble(String::length).toArray();
            print(name, "prompt length", RoutingCurve.of(length, w, s, zero, zero));
            List<double[]> knn = new java.util.ArrayList<>();
            for (Embedder e : List.<Embedder>of(new MiniLmEmbedder(), new HashEmbedder(256))) {
                long t0 = System.nanoTime();
                float[][] emb = e.embedAll(m.prompts()).toArray(float[][]::new);
                double[] score = KnnRouter.crossFittedScores(emb, w, s, 100, 5, 42);
                knn.add(score);
                print(name, "kNN " + e.name(), RoutingCurve.of(score, w, s, zero, zero));
                print(name, "kNN+length " + e.name(), RoutingCurve.of(KnnRouter.stacked(new double[][]{score, length}, w, s, 5, 42), w, s, zero, zero));
                System.out.printf("         (%.0f s for %d prompts)%n", (System.nanoTime() - t0) / 1e9, n);
            }
            print(name, "stacked: both kNN, length", RoutingCurve.of(KnnRouter.stacked(new double[][]{knn.get(0), knn.get(1), length},
                    w, s, 5, 42), w, s, zero, zero));
        }
    }

    private static void print(String set, String router, RoutingCurve c) {
        System.out.printf("%-8s %-30s %7.4f %7.4f %7.4f%n", set, router, c.apgr(), c.cpt(0.5), c.cpt(0.8));
    }
}
