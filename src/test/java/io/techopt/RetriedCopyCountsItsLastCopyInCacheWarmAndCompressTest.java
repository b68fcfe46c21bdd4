package io.techopt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * log-format.md: "duplicates of one id are counted once (last wins)". analyze, budget, route-sim and ab-report count a
 * request logged again with its last copy; cache-warm (plan and simulate) and compress of a log kept the first copy,
 * so on a log whose retried copy differs (another prompt, answer and usage) their figures disagreed with analyze's.
 * Each must give the figures of the same log without the earlier copy.
 */
class RetriedCopyCountsItsLastCopyInCacheWarmAndCompressTest {
    @TempDir
    static Path dir;

    private static final String FILLER = "We went over the quarterly numbers again and agreed the migration plan stays as it is. ";

    private static String line(String id, String ts, String messages, String response, int in, int out) {
        return "{\"timestamp\":\"2026-10-01T" + ts + "Z\",\"model\":\"gpt-4o\",\"request_id\":\"" + id + "\",\"messages\":"
                + messages + ",\"response\":\"" + response + "\",\"usage\":{\"input_tokens\":" + in + ",\"output_tokens\":" + out + "}}";
    }

    private static String question(String q) {
        return "[{\"role\":\"user\",\"content\":\"" + q + "\"}]";
    }

    /** A conversation with long older turns, so that compress has something to summarize (--keep-turns 2 keeps two). */
    private static String conversation(String topic, String q) {
        return "[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
                + "{\"role\":\"user\",\"content\":\"" + FILLER.repeat(12) + "Tell me about " + topic + ".\"},"
                + "{\"role\":\"assistant\",\"content\":\"" + FILLER.repeat(10) + topic + " opened in 1998 and serves 40 cities.\"},"
                + "{\"role\":\"user\",\"content\":\"" + FILLER.repeat(8) + "And who runs " + topic + "?\"},"
                + "{\"role\":\"assistant\",\"content\":\"" + FILLER.repeat(8) + "A public company runs it.\"},"
                + "{\"role\":\"user\",\"content\":\"Thanks.\"},"
                + "{\"role\":\"assistant\",\"content\":\"You are welcome.\"},"
                + "{\"role\":\"user\",\"content\":\"" + q + "\"}]";
    }

    /**
     * r1 is logged first as a short question, then again (the copy that counts) with more usage: asking what r2 asked
     * (so that the cache replay has a hit to find), or as a long conversation (so that compress has more to cut).
     */
    private static List<String> lines(boolean withEarlierCopy, boolean lastCopyIsAConversation) {
        List<String> l = new ArrayList<>();
        l.add(line("r0", "09:00:00", conversation("the northern rail line", "When did it open?"), "In 1998.", 2400, 20));
        if (withEarlierCopy) {
            l.add(line("r1", "09:30:00", question("What is the capital of France?"), "Paris", 100, 10));
        }
        l.add(line("r2", "10:00:00", question("What is the capital of Spain?"), "Madrid", 100, 10));
        l.add(line("r3", "10:10:00", question("What is the capital of Italy?"), "Rome", 100, 10));
        l.add(lastCopyIsAConversation
                ? line("r1", "10:20:00", conversation("the city tram", "How many cities does the tram serve?"), "40.", 5000, 900)
                : line("r1", "10:20:00", question("What is the capital of Spain?"), "Madrid.", 5000, 900));
        l.add(line("r4", "10:30:00", conversation("the harbour ferry", "How many cities does it serve?"), "40.", 2500, 30));
        l.add(line("r5", "10:40:00", question("What is the capital of Italy?"), "Rome", 100, 10));
        return l;
    }

    private static Path log(String name, boolean withEarlierCopy) throws IOException {
        return log(name, withEarlierCopy, false);
    }

    private static Path log(String name, boolean withEarlierCopy, boolean lastCopyIsAConversation) throws IOException {
        return TestSupport.write(dir, name, String.join("\n", lines(withEarlierCopy, lastCopyIsAConversation)) + "\n");
    }

    private static JsonNode json(String... args) {
        TestSupport.Run run = TestSupport.cli(args);
        assertEquals(0, run.code(), String.join(" ", args) + ": " + run.err());
        return run.json();
    }

    /** Same keys, texts and counts; USD figures equal to rounding (taking a copy back out sums in another order). */
    private static void assertSameFigures(JsonNode expected, JsonNode actual, String path) {
        if (expected.isFloatingPointNumber() || actual.isFloatingPointNumber()) {
            assertTrue(actual.isNumber(), path + ": " + actual);
            assertEquals(expected.asDouble(), actual.asDouble(), 1e-9 * Math.max(1, Math.abs(expected.asDouble())), path);
        } else if (expected.isContainerNode()) {
            assertEquals(expected.size(), actual.size(), path + ": " + expected + " vs " + actual);
            if (expected.isArray()) {
                for (int i = 0; i < expected.size(); i++) {
                    assertSameFigures(expected.get(i), actual.get(i), path + "[" + i + "]");
                }
            } else {
                expected.fieldNames().forEachRemaining(f -> {
                    assertTrue(actual.has(f), path + "." + f + " missing: " + actual);
                    assertSameFigures(expected.get(f), actual.get(f), path + "." + f);
                });
            }
        } else {
            assertEquals(expected, actual, path);
        }
    }

    /** The report without what says how it was read (ingest counts, the note on repeats). */
    private static JsonNode figures(JsonNode j) {
        ObjectNode o = j.deepCopy();
        o.remove(List.of("ingest", "notes", "prices_used"));
        return o;
    }

    @Test
    void cacheWarmSimulateCountsTheLastCopyOfARetriedRequestAsAnalyzeDoes() throws IOException {
        Path repeated = log("sim-repeated.jsonl", true), last = log("sim-last.jsonl", false);
        JsonNode a = json("analyze", "-f", "json", "-q", repeated.toString());
        JsonNode s = json("cache-warm", "simulate", "-f", "json", "-q", "--no-semantic", repeated.toString());
        assertEquals(a.get("requests").asLong(), s.get("requests").asLong(), s.toString());
        assertEquals(a.get("cost_usd").asDouble(), s.get("cost_usd").asDouble(), 1e-9, s.toString());
        // r1's copy that counts asks what r2 asked 20 minutes before: an L1 hit saving its own (last copy's) cost
        assertEquals(2, s.at("/hits/l1").asLong(), s.toString());
        JsonNode expected = figures(json("cache-warm", "simulate", "-f", "json", "-q", "--no-semantic", last.toString()));
        assertSameFigures(expected, figures(s), "simulate");
    }

    @Test
    void cacheWarmPlansFromTheLastCopyOfARetriedRequest() throws IOException {
        Path repeated = log("plan-repeated.jsonl", true), last = log("plan-last.jsonl", false);
        JsonNode p = json("cache-warm", "--dry-run", "--min-count", "1", "-f", "json", "-q", repeated.toString());
        assertFalse(p.get("top").toString().contains("France"), "the earlier copy's prompt is not asked: " + p.get("top"));
        assertEquals(json("analyze", "-f", "json", "-q", repeated.toString()).get("requests").asLong(), p.get("requests").asLong());
        JsonNode expected = json("cache-warm", "--dry-run", "--min-count", "1", "-f", "json", "-q", last.toString());
        assertSameFigures(figures(expected), figures(p), "cache-warm");
    }

    @Test
    void compressOfALogCountsTheLastCopyOfARetriedRequest() throws IOException {
        Path repeated = log("compress-repeated.jsonl", true, true), last = log("compress-last.jsonl", false, true);
        JsonNode c = json("compress", "-f", "json", "-q", "--embedder", "hash", "--rate", "0.5", repeated.toString());
        JsonNode expected = json("compress", "-f", "json", "-q", "--embedder", "hash", "--rate", "0.5", last.toString());
        assertTrue(expected.get("usd_saved").asDouble() > 0, "the log's conversations compress: " + expected);
        assertSameFigures(figures(expected), figures(c), "compress");
        assertEquals(json("analyze", "-f", "json", "-q", repeated.toString()).get("requests").asLong(), c.get("requests").asLong());
    }
}
