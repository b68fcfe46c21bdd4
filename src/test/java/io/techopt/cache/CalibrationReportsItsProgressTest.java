package io.techopt.cache;

import io.techopt.embed.HashEmbedder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * #17: cache-warm calibrate was silent for minutes (80k QQP pairs through MiniLM). It tells the progress port where
 * it is, pairs embedded a chunk at a time, and the figures are the same as embedding them all at once.
 */
class CalibrationReportsItsProgressTest {
    @Test
    void embeddingAndTheGuardsReportTheirProgressToTheEndAndTheFiguresDoNotChange() {
        List<LabelledPairs.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            pairs.add(new LabelledPairs.Pair("how do I reset my password " + i, "how can I reset my password " + (i % 7 == 0 ? i + 1 : i), i % 3 != 0));
        }
        LabelledPairs.Sample sample = new LabelledPairs.Sample(pairs, false, pairs.size());
        Map<String, long[]> last = new LinkedHashMap<>();
        List<Long> embedded = new ArrayList<>();
        CalibrationResult withProgress = Calibration.run(sample, new HashEmbedder(256), true, 0.9, (stage, done, total) -> {
            last.put(stage, new long[]{done, total});
            if (stage.startsWith("embedding")) {
                embedded.add(done);
            }
        });
        assertEquals(List.of("embedding pairs (hash-ngram-256)", "checking the false-hit guards"), List.copyOf(last.keySet()));
        for (long[] dt : last.values()) {
            assertEquals(1000, dt[0], "each stage reports its end");
            assertEquals(1000, dt[1]);
        }
        assertTrue(embedded.size() >= 4, "a chunk at a time, not once at the end: " + embedded);
        assertEquals(io.techopt.TestSupport.JSON.valueToTree(Calibration.run(sample, new HashEmbedder(256), true, 0.9)),
                io.techopt.TestSupport.JSON.valueToTree(withProgress), "progress changes no figure");
        double[] all = new double[pairs.size()];
        List<String> texts = new ArrayList<>();
        pairs.forEach(p -> {
            texts.add(p.a());
            texts.add(p.b());
        });
        List<float[]> v = new HashEmbedder(256).embedAll(texts);
        for (int i = 0; i < all.length; i++) {
            all[i] = io.techopt.embed.Embedder.cosine(v.get(2 * i), v.get(2 * i + 1));
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(all, Calibration.cosines(pairs, new HashEmbedder(256)));
    }
}
