package io.techopt.cache;

import io.techopt.TestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 0/0 is not a figure: the cache reports print null (its key present), never 0 or 1. */
class UnmeasurableCacheFiguresTest {
    @TempDir
    Path tmp;

    @Test
    void aThresholdAboveEveryPairHasNoPrecisionAndAnF1OfZero() {
        List<Calibration.Scored> pairs = List.of(new Calibration.Scored(0.91, true, true), new Calibration.Scored(0.85, false, true));
        List<Calibration.Row> rows = Calibration.sweep(pairs, false, 0.80, 0.99, 0.01);
        Calibration.Row at95 = rows.stream().filter(r -> r.threshold() == 0.95).findFirst().orElseThrow();
        assertTrue(Double.isNaN(at95.precision()), "no hit at 0.95: precision is 0/0, was " + at95.precision());
        assertEquals(0.0, at95.recall());
        assertEquals(0.0, at95.f1(), "no true positive of one duplicate: F1 = 2TP / (2TP + FP + FN) = 0");
        Calibration.Row at90 = rows.stream().filter(r -> r.threshold() == 0.90).findFirst().orElseThrow();
        assertEquals(1.0, at90.f1(), 1e-12);
    }

    @Test
    void calibrateReportsNullPrecisionWhereNoPairIsAHit() throws IOException {
        Path pairs = TestSupport.write(tmp, "pairs.json", """
                [{"text_a":"How do I reset my password?","text_b":"How can I reset my password?","label":1},
                 {"text_a":"What is the capital of France?","text_b":"How tall is Mount Everest?","label":0},
                 {"text_a":"Best way to learn Python?","text_b":"How should I learn Python?","label":1}]
                """);
        JsonNode j = TestSupport.cli("cache-warm", "calibrate", "--pairs", pairs.toString(), "--embedder", "hash", "-f", "json", "-q").json();
        JsonNode last = j.get("thresholds").get(j.get("thresholds").size() - 1);
        assertEquals(0.995, last.get("threshold").asDouble(), 1e-9);
        assertTrue(last.has("precision") && last.get("precision").isNull(), last.toString());
    }

    @Test
    void simulateOnAnEmptyLogHasNoHitRateSavedShareOrLookupTime() throws IOException {
        Path empty = TestSupport.write(tmp, "empty.jsonl", "");
        JsonNode j = TestSupport.cli("cache-warm", "simulate", empty.toString(), "--embedder", "hash", "-f", "json", "-q").json();
        assertEquals(0, j.get("lookups").asLong());
        for (String ptr : List.of("/hit_rate", "/saved_share", "/semantic/lookup_ms_mean")) {
            assertTrue(j.at(ptr).isNull() && !j.at(ptr).isMissingNode(), ptr + " = " + j.at(ptr));
        }
    }
}
