package io.techopt.route;

import io.techopt.core.Progress;
import io.techopt.embed.Embedder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
     * Several scores stacked: a weighted sum of their ranks, the weights (steps of 0.1 summing to 1) chosen for each
     * fold by the APGR they give on the other folds, so a score that does not help is weighted out. Folds are those
     * of {@link #crossFittedScores} with the same seed; the first score wins ties.
     */
    public static double[] stacked(double[][] scores, double[] weakQ, double[] strongQ, int folds, long seed) {
        int n = weakQ.length, k = scores.length;
        int[] fold = folds(n, folds, seed);
        double[][] rk = new double[k][];
        for (int j = 0; j < k; j++) {
            rk[j] = ranks(scores[j]);
        }
        List<double[]> grid = new ArrayList<>();
        compositions(new int[k], 0, 10, grid);
        double[] out = new double[n];
        for (int f = 0; f < folds; f++) {
            double best = Double.NEGATIVE_INFINITY;
            double[] bestW = grid.get(0);
            for (double[] w : grid) {
                double ap = apgrOutside(fold, f, w, rk, weakQ, strongQ);
                if (ap > best + 1e-12) {
                    best = ap;
                    bestW = w;
                }
            }
            for (int i = 0; i < n; i++) {
                if (fold[i] == f) {
                    out[i] = combine(bestW, rk, i);
                }
            }
        }
        return out;
    }

    /** Every way to split {@code left} tenths over the remaining parts, the first part's largest shares first. */
    private static void compositions(int[] parts, int at, int left, List<double[]> out) {
        if (at == parts.length - 1) {
            parts[at] = left;
            double[] w = new double[parts.length];
            for (int j = 0; j < parts.length; j++) {
                w[j] = parts[j] / 10.0;
            }
            out.add(w);
            return;
        }
        for (int p = left; p >= 0; p--) {
            parts[at] = p;
            compositions(parts, at + 1, left - p, out);
        }
    }

    private static double combine(double[] w, double[][] rk, int i) {
        double s = 0;
        for (int j = 0; j < w.length; j++) {
            s += w[j] * rk[j][i];
        }
        return s;
    }

    private static double apgrOutside(int[] fold, int f, double[] weights, double[][] rk, double[] weakQ, double[] strongQ) {
        int m = 0;
        for (int v : fold) {
            if (v != f) {
                m++;
            }
        }
        double[] sc = new double[m], w = new double[m], s = new double[m], zero = new double[m];
        for (int i = 0, k = 0; i < fold.length; i++) {
            if (fold[i] != f) {
                sc[k] = combine(weights, rk, i);
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
        return crossFittedScores(emb, weakQ, strongQ, k, folds, seed, Progress.NONE, "kNN");
    }

    /** Rows scored a block at a time: each block reuses its buffers and reports its progress. */
    private static final int BLOCK = 64;

    /**
     * n x n similarities are the cost (14,042 MMLU prompts: 197M dot products), so each row's k-th largest similarity
     * is selected in linear time (not by sorting every row) in buffers reused across a block of rows, and the dot
     * product keeps four sums so the CPU can overlap them.
     */
    public static double[] crossFittedScores(float[][] emb, double[] weakQ, double[] strongQ, int k, int folds, long seed,
                                             Progress progress, String stage) {
        int n = emb.length;
        int[] fold = folds(n, folds, seed);
        double[] gain = new double[n];
        for (int i = 0; i < n; i++) {
            gain[i] = strongQ[i] - weakQ[i];
        }
        // the rows outside each fold, in row order
        int[][] outside = new int[folds][];
        for (int f = 0; f < folds; f++) {
            int c = 0;
            for (int j = 0; j < n; j++) {
                if (fold[j] != f) {
                    c++;
                }
            }
            outside[f] = new int[c];
            for (int j = 0, x = 0; j < n; j++) {
                if (fold[j] != f) {
                    outside[f][x++] = j;
                }
            }
        }
        double[] score = new double[n];
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        int blocks = (n + BLOCK - 1) / BLOCK;
        progress.at(stage, 0, n);
        java.util.stream.IntStream.range(0, blocks).parallel().forEach(b -> {
            double[] sims = new double[n], scratch = new double[n];
            int end = Math.min(n, (b + 1) * BLOCK);
            for (int i = b * BLOCK; i < end; i++) {
                int[] others = outside[fold[i]];
                int m = others.length;
                float[] ei = emb[i];
                for (int x = 0; x < m; x++) {
                    sims[x] = dot(ei, emb[others[x]]);
                }
                // the k-th largest similarity, then a similarity-weighted mean gain of those neighbours
                System.arraycopy(sims, 0, scratch, 0, m);
                double cutoff = select(scratch, m, Math.max(0, m - k));
                double s = 0, w = 0;
                for (int x = 0; x < m; x++) {
                    double sim = sims[x];
                    if (sim >= cutoff) {
                        double weight = Math.max(1e-6, sim);
                        s += weight * gain[others[x]];
                        w += weight;
                    }
                }
                score[i] = w == 0 ? 0 : s / w;
            }
            progress.at(stage, done.addAndGet(end - b * BLOCK), n);
        });
        return score;
    }

    /** The dot product of two unit vectors (their cosine), in four interleaved sums. */
    static double dot(float[] a, float[] b) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0, len = a.length;
        for (; i + 3 < len; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < len; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The value that would be at index {@code at} of a[0..m) sorted ascending (Hoare's quickselect; a is reordered). */
    static double select(double[] a, int m, int at) {
        int lo = 0, hi = m - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            // median of three as the pivot
            double x = a[lo], y = a[mid], z = a[hi];
            double pivot = x < y ? (y < z ? y : Math.max(x, z)) : (x < z ? x : Math.max(y, z));
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (at <= j) {
                hi = j;
            } else if (at >= i) {
                lo = i;
            } else {
                return a[at];
            }
        }
        return a[lo];
    }
}
