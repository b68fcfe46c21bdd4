package io.techopt.cache;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.cache.memory.MemoryVectorIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 (note6): a request logged twice under its id counts with its last copy, and the replay takes the earlier
 * copy back out, but the vector the earlier copy had stored in the semantic layer stayed. A retry asking the same
 * question then hit its own superseded copy in L3 and was counted as a saving of its whole cost.
 */
class RetryNeverHitsItsSupersededCopyTest {
    @TempDir
    Path dir;

    private static String record(String id, String ts, String question, String response, int in, int out) {
        return "{\"timestamp\":\"" + ts + "\",\"model\":\"gpt-4o\",\"request_id\":\"" + id + "\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + question + "\"}],\"response\":\"" + response + "\",\"usage\":{\"input_tokens\":" + in
                + ",\"output_tokens\":" + out + "}}\n";
    }

    /** r1, then 300 distinct prompts (more than a replay batch, so r1 is replayed and stored), then, optionally, r1's retry. */
    private Path log(String name, boolean earlierCopy) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (earlierCopy) {
            sb.append(record("r1", "2026-10-01T09:00:00Z", "What is the capital of France?", "Paris", 100, 10));
        }
        String[] topics = {"volcano", "glacier", "river", "desert", "forest", "island", "canyon", "prairie", "reef", "tundra"};
        for (int i = 0; i < 300; i++) {
            sb.append(record("f" + i, String.format("2026-10-01T%02d:%02d:00Z", 10 + i / 60, i % 60),
                    "Write a " + i + "-word poem about the " + topics[i % 10] + " number " + (i * 7919 % 1000) + ".", "ok", 50, 5));
        }
        sb.append(record("r1", "2026-10-01T16:00:00Z", "What is the capital of France?", "Paris.", 5000, 900));
        return TestSupport.write(dir, name, sb.toString());
    }

    private static JsonNode simulate(Path log) {
        TestSupport.Run run = TestSupport.cli("cache-warm", "simulate", log.toString(), "--embedder", "hash", "-q", "-f", "json");
        assertEquals(0, run.code(), run.err());
        return run.json();
    }

    @Test
    void aRetryOfAReplayedRequestIsNoSemanticHitOnItsOwnEarlierCopy() throws IOException {
        JsonNode retried = simulate(log("retried.jsonl", true));
        JsonNode lastOnly = simulate(log("last-only.jsonl", false));
        assertEquals(301, retried.get("requests").asLong());
        assertEquals(lastOnly.get("hits").toString(), retried.get("hits").toString(), "the same hits as the log without the earlier copy");
        assertEquals(0, retried.at("/hits/l3").asLong(), retried.toString());
        assertEquals(lastOnly.get("saved_usd").asDouble(), retried.get("saved_usd").asDouble(), 1e-12);
    }

    @Test
    void aDeletedVectorIsNeverFoundAndItsSlotIsReused() {
        MemoryVectorIndex index = new MemoryVectorIndex(3);
        index.upsert("a", new float[] {1, 0}, "A");
        index.upsert("b", new float[] {0, 1}, "B");
        index.delete("a");
        index.delete("missing");
        assertEquals(1, index.size());
        List<String> found = new ArrayList<>();
        index.search(new float[] {1, 0}, 5).forEach(h -> found.add(h.id()));
        assertEquals(List.of("b"), found, "a deleted entry is never a hit");
        // fill past the bound: the ring replaces the deleted slot first, then the oldest entries
        index.upsert("c", new float[] {1, 1}, "C");
        index.upsert("d", new float[] {1, 2}, "D");
        assertEquals(3, index.size());
        index.upsert("e", new float[] {2, 1}, "E");
        assertEquals(3, index.size());
        found.clear();
        index.search(new float[] {1, 0}, 5).forEach(h -> found.add(h.id()));
        assertTrue(found.containsAll(List.of("c", "d", "e")) && found.size() == 3, found.toString());
    }
}
