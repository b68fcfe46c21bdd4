package io.techopt.route;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The kNN router's scores on all of MMLU were slow because each of n rows sorted its n similarities; it now selects the
 * k-th largest in linear time. Its scores must be those of the sort-based rule it replaces, ties and duplicates included.
 */
class KnnRouterSelectionTest {
    @Property(tries = 200)
    void selectFindsTheValueASortWouldPutAtThatIndex(@ForAll @IntRange(min = 1, max = 300) int m, @ForAll long seed,
                                                      @ForAll @IntRange(min = 0, max = 299) int at, @ForAll @IntRange(min = 1, max = 6) int distinct) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[m];
        for (int i = 0; i < m; i++) {
            a[i] = r.nextInt(distinct * 5) / 7.0 - 1; // many ties
        }
        double[] sorted = a.clone();
        Arrays.sort(sorted);
        int idx = at % m;
        assertEquals(sorted[idx], KnnRouter.select(a.clone(), m, idx));
    }

    @Property(tries = 30)
    void scoresEqualTheSortBasedRuleOnRandomEmbeddingsWithDuplicates(@ForAll @IntRange(min = 6, max = 150) int n,
                                                                      @ForAll @IntRange(min = 1, max = 40) int k, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] emb = new float[n][];
        double[] weak = new double[n], strong = new double[n];
        for (int i = 0; i < n; i++) {
            if (i > 0 && r.nextInt(4) == 0) {
                emb[i] = emb[r.nextInt(i)]; // a repeated prompt
            } else {
                float[] v = new float[7]; // not a multiple of 4: the dot product's tail runs too
                double norm = 0;
                for (int d = 0; d < v.length; d++) {
                    v[d] = (float) r.nextGaussian();
                    norm += v[d] * v[d];
                }
                for (int d = 0; d < v.length; d++) {
                    v[d] /= (float) Math.sqrt(norm);
                }
                emb[i] = v;
            }
            weak[i] = r.nextInt(2);
            strong[i] = r.nextInt(2);
        }
        double[] got = KnnRouter.crossFittedScores(emb, weak, strong, k, 5, seed);
        double[] want = sortBased(emb, weak, strong, k, 5, seed);
        for (int i = 0; i < n; i++) {
            assertEquals(want[i], got[i], 1e-9, "row " + i);
        }
    }

    /** The rule as it was: every row sorts its similarities to the rows of the other folds. */
    static double[] sortBased(float[][] emb, double[] weakQ, double[] strongQ, int k, int folds, long seed) {
        int n = emb.length;
        int[] fold = KnnRouter.folds(n, folds, seed);
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            double[] sims = new double[n];
            int m = 0;
            for (int j = 0; j < n; j++) {
                if (fold[j] != fold[i]) {
                    sims[m++] = io.techopt.embed.Embedder.cosine(emb[i], emb[j]);
                }
            }
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
                    s += weight * (strongQ[j] - weakQ[j]);
                    w += weight;
                }
            }
            score[i] = w == 0 ? 0 : s / w;
        }
        return score;
    }
}
