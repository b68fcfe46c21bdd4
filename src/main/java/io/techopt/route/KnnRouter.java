package io.techopt.route;

import io.techopt.embed.Embedder;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A learned router: k nearest neighbours over prompt embeddings. A prompt's score is how often, among its k most
 * similar labelled prompts, the strong model was right where the weak one was wrong, minus the reverse. Scores of
 * the evaluation prompts are cross-fitted: each fold is scored by neighbours from the other folds only.
 */
public final class KnnRouter {
    private KnnRouter() {
    }

    public static double[] crossFittedScores(float[][] emb, double[] weakQ, double[] strongQ, int k, int folds, long seed) {
        int n = emb.length;
        int[] fold = new int[n];
        SplittableRandom r = new SplittableRandom(seed);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        for (int i = 0; i < n; i++) {
            fold[perm[i]] = i % folds;
        }
        double[] gain = new double[n];
        for (int i = 0; i < n; i++) {
            gain[i] = strongQ[i] - weakQ[i];
        }
        double[] score = new double[n];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            double[] sims = new double[n];
            int m = 0;
            for (int j = 0; j < n; j++) {
                if (fold[j] != fold[i]) {
                    sims[m++] = Embedder.cosine(emb[i], emb[j]);
                }
            }
            // the k-th largest similarity, then a similarity-weighted mean gain of those neighbours
            double[] top = Arrays.copyOf(sims, m);
            Arrays.sort(top);
            double cutoff = top[Math.max(0, m - k)];
            double s = 0, w = 0;
            for (int j = 0, idx = 0; j < n; j++) {
                if (fold[j] == fold[i]) {
                    continue;
                }
                double sim = sims[idx++];
                if (sim >= cutoff) {
                    double weight = Math.max(1e-6, sim);
                    s += weight * gain[j];
                    w += weight;
                }
            }
            score[i] = w == 0 ? 0 : s / w;
        });
        return score;
    }
}
