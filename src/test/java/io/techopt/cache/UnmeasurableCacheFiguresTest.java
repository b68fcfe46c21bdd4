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

    /**
     * Review r16 #1: on a log without latencies, semantic hits "saved" 0 less the lookup's measured time: -8.66 ms, a
     * different figure each run, below the schema's minimum. Unknown is null with a note; with latencies, never below 0.
     */
    @Test
    void latencySavedIsNullWhenNoHitLogsALatencyAndNeverNegative() throws IOException {
        StringBuilder without = new StringBuilder(), with = new StringBuilder();
        String[] asks = {"How do I reset my password?", "How can I reset my password?", "how do i reset my password"};
        for (int i = 0; i < 30; i++) {
            String line = "{\"timestamp\":\"2026-10-01T10:%02d:00Z\",\"request_id\":\"r%d\",\"model\":\"gpt-4o-mini\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"" + asks[i % 3] + "\"}],\"response\":\"Use the link.\","
                    + "\"usage\":{\"input_tokens\":20,\"output_tokens\":5}%s}\n";
            without.append(String.format(java.util.Locale.ROOT, line, i, i, ""));
            with.append(String.format(java.util.Locale.ROOT, line, i, i, ",\"latency_ms\":" + (i == 29 ? 0 : 800)));
        }
        JsonNode j = TestSupport.cli("cache-warm", "simulate", TestSupport.write(tmp, "nolat.jsonl", without.toString()).toString(),
                "--embedder", "hash", "-f", "json", "-q").json();
        assertTrue(j.get("hits").get("l1").asLong() + j.get("hits").get("l3").asLong() > 0, j.toString());
        assertTrue(j.has("latency_saved_ms") && j.get("latency_saved_ms").isNull(), "unknown, not " + j.get("latency_saved_ms"));
        assertTrue(j.get("notes").toString().contains("latency_saved_ms is null"), j.get("notes").toString());
        JsonNode w = TestSupport.cli("cache-warm", "simulate", TestSupport.write(tmp, "lat.jsonl", with.toString()).toString(),
                "--embedder", "hash", "-f", "json", "-q").json();
        assertTrue(w.get("latency_saved_ms").asDouble() > 0, w.toString());
    }
}
