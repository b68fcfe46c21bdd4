package io.techopt.route;

import io.techopt.TestSupport;
import io.techopt.embed.HashEmbedder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routing on RouteLLM's own evaluation matrices (../shared/data/routellm). */
class RouteLlmMatricesTest {
    static final String WEAK = "mistralai/Mixtral-8x7B-Instruct-v0.1", STRONG = "gpt-4-1106-preview";

    static MatrixData gsm8k() throws IOException {
        return MatrixData.load(List.of(TestSupport.shared("data/routellm/gsm8k/gsm8k_responses.csv")));
    }

    @Test
    void alwaysStrongAndAlwaysWeakMatchTheMatrices() throws IOException {
        MatrixData m = gsm8k();
        assertEquals(1319, m.prompts().size());
        assertEquals(0.8567, m.mean(STRONG), 5e-5);
        assertEquals(0.6384, m.mean(WEAK), 5e-5);
        MatrixData mmlu = MatrixData.load(List.of(TestSupport.shared("data/routellm/mmlu_responses")));
        assertEquals(14042, mmlu.prompts().size());
    }

    @Test
    void aRandomRouterRecoversHalfTheGapAndTheLearnedOneMore() throws IOException {
        MatrixData m = gsm8k();
        int n = m.prompts().size();
        double[] zero = new double[n];
        double[] random = new SplittableRandom(1).doubles(n).toArray();
        RoutingCurve r = RoutingCurve.of(random, m.quality().get(WEAK), m.quality().get(STRONG), zero, zero);
        assertEquals(0.5, r.apgr(), 0.03, "random APGR");
        assertEquals(m.mean(STRONG), r.points.get(r.points.size() - 1).quality(), 1e-12);

        HashEmbedder e = new HashEmbedder(256);
        float[][] emb = m.prompts().stream().map(e::embed).toArray(float[][]::new);
        double[] score = KnnRouter.crossFittedScores(emb, m.quality().get(WEAK), m.quality().get(STRONG), 100, 5, 42);
        RoutingCurve knn = RoutingCurve.of(score, m.quality().get(WEAK), m.quality().get(STRONG), zero, zero);
        System.out.printf("GSM8K kNN(hash) APGR %.4f CPT50 %.4f CPT80 %.4f%n", knn.apgr(), knn.cpt(0.5), knn.cpt(0.8));
        // measured 0.6108 (5-fold cross-fitted, hashed n-grams, k = 100); route-sim stacks it with MiniLM kNN and length for 0.654
        assertTrue(knn.apgr() > 0.6, "learned beats random: " + knn.apgr());
        assertTrue(knn.cpt(0.5) < 0.4, "half the gap for under 40% strong calls: " + knn.cpt(0.5));
    }
}
