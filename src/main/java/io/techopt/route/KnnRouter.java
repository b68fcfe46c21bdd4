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

    /** A random, balanced fold for each of n rows. */
    static int[] folds(int n, int folds, long seed) {
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
        return fold;
    }

    /**
     * The kNN scores stacked with a second feature (e.g. prompt length): a weighted sum of the two as ranks, the
     * weight chosen for each fold by the APGR it gives on the other folds (0, 0.1, ..., 1), so a feature that does
     * not help is weighted out. Folds are those of {@link #crossFittedScores} with the same seed.
     */
    public static double[] stacked(double[] knn, double[] feature, double[] weakQ, double[] strongQ, int folds, long seed) {
        int n = knn.length;
        int[] fold = folds(n, folds, seed);
        double[] rk = ranks(knn), rf = ranks(feature), out = new double[n];
        for (int f = 0; f < folds; f++) {
            double best = Double.NEGATIVE_INFINITY, bestAlpha = 1;
            for (int a = 10; a >= 0; a--) {
                double alpha = a / 10.0;
                double ap = apgrOutside(fold, f, alpha, rk, rf, weakQ, strongQ);
                if (ap > best + 1e-12) {
                    best = ap;
                    bestAlpha = alpha;
                }
            }
            for (int i = 0; i < n; i++) {
                if (fold[i] == f) {
                    out[i] = bestAlpha * rk[i] + (1 - bestAlpha) * rf[i];
                }
            }
        }
        return out;
    }

    private static double apgrOutside(int[] fold, int f, double alpha, double[] rk, double[] rf, double[] weakQ, double[] strongQ) {
        int m = 0;
        for (int v : fold) {
            if (v != f) {
                m++;
            }
        }
        double[] sc = new double[m], w = new double[m], s = new double[m], zero = new double[m];
        for (int i = 0, k = 0; i < fold.length; i++) {
            if (fold[i] != f) {
                sc[k] = alpha * rk[i] + (1 - alpha) * rf[i];
                w[k] = weakQ[i];
                s[k++] = strongQ[i];
            }
        }
        return RoutingCurve.of(sc, w, s, zero, zero).apgr();
    }

    /** Ranks scaled to 0..1 (ties share the lowest rank). */
    static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            int j = order[i];
            r[j] = i > 0 && v[j] == v[order[i - 1]] ? r[order[i - 1]] : (double) i / n;
        }
        return r;
    }

    public static double[] crossFittedScores(float[][] emb, double[] weakQ, double[] strongQ, int k, int folds, long seed) {
        int n = emb.length;
        int[] fold = folds(n, folds, seed);
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
