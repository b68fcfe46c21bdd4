package io.techopt.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import io.techopt.cache.lucene.LuceneVectorIndex;
import io.techopt.contract.JsonSchemas;
import io.techopt.embed.HashEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #16 (a, b): the nightly warm learns the adaptive policy's state from the log's answers and keeps it with the
 * embedded index; a later run (a lookup, or cache-warm simulate LOG --max-error --index) starts from it.
 */
class AdaptiveLayerPersistsWithTheIndexTest {
    @TempDir
    Path dir;

    /** A made-up word per topic, so that topics share no word (the guards pass paraphrases of one topic only). */
    static String word(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        return b.toString();
    }

    /**
     * Per topic three paraphrases. Half the topics are answered alike (a factual question), the other half
     * differently each time (a creative one): the warm's verified outcomes are of both kinds.
     */
    static List<String[]> questionsAndAnswers(int topics) {
        SplittableRandom r = new SplittableRandom(16);
        List<String[]> out = new ArrayList<>();
        for (int t = 0; t < topics; t++) {
            String w = word(r);
            boolean alike = t % 2 == 0;
            String[] qs = {"How do I configure the " + w + " module?", "How can I configure the " + w + " module?",
                    "How should I configure the " + w + " module?"};
            for (int k = 0; k < qs.length; k++) {
                out.add(new String[]{qs[k], alike ? "Open " + w + " settings and save." : "Try option " + k + " of " + w + "."});
            }
        }
        return out;
    }

    static List<WarmPlanner.Entry> entries(List<String[]> qa) {
        List<WarmPlanner.Entry> e = new ArrayList<>();
        for (String[] x : qa) {
            e.add(new WarmPlanner.Entry(new CacheRequest("t:" + x[0], "s", x[0]), "m", x[1], 2, 0.01, 0, 1));
        }
        return e;
    }

    @Test
    void theWarmsLearnedStateSurvivesARestartAndARerunLearnsNoPairTwice() throws IOException {
        Path index = dir.resolve("idx");
        List<WarmPlanner.Entry> entries = entries(questionsAndAnswers(120)); // 360 entries: two chunks
        String warmState;
        long learned;
        try (SemanticCache l3 = new SemanticCache(new HashEmbedder(128), new LuceneVectorIndex(index), 1.0, true, null,
                System::currentTimeMillis, new AdaptiveState(0.05))) {
            learned = WarmWriter.writeSemantic(l3, entries, null, "d", done -> { }).learned();
            warmState = l3.adaptive().toJson();
        }
        assertTrue(learned >= 200, "pairs within a topic, across the chunk boundary too: " + learned);
        AdaptiveState onDisk = AdaptiveState.fromJson(LuceneVectorIndex.learnedStateOnDisk(index), 0.05);
        assertEquals(learned, onDisk.outcomes(), "every verified pair is in the committed state");
        assertEquals(warmState, onDisk.toJson(), "the state on disk is the warm's, exactly");

        // a later process: a lookup over the reopened index decides from what the warm learned
        try (LuceneVectorIndex idx = new LuceneVectorIndex(index);
             SemanticCache later = new SemanticCache(new HashEmbedder(128), idx, 1.0, true, null, System::currentTimeMillis,
                     AdaptiveState.fromJson(idx.learnedState(), 0.05));
             SemanticCache fresh = new SemanticCache(new HashEmbedder(128), new io.techopt.cache.memory.MemoryVectorIndex(10), 1.0, true,
                     null, System::currentTimeMillis, new AdaptiveState(0.05))) {
            assertEquals(learned, later.adaptive().outcomes());
            CacheRequest q = new CacheRequest("t:new", "s", entries.get(0).request().text().replace("How do I", "How would I"));
            SemanticCache.Candidate c = later.adaptiveLookup(q, new HashEmbedder(128).embed(q.text())).orElseThrow();
            String topic = entries.get(0).request().text().split(" ")[4];
            assertTrue(c.hit().question().contains(topic), "an entry of its topic: " + c.hit().question());
            assertTrue(later.adaptive().fitted() && !fresh.adaptive().fitted(), "the shared fit came with the state");
            assertEquals(AdaptiveState.fromJson(warmState, 0.05).decide(c.hit().id(), c.hit().cosine()), c.decision(),
                    "decided as the warm's own state would");
        }

        // the nightly re-run of the same selection: its entries are in the index, their pairs were learned once
        try (SemanticCache l3 = new SemanticCache(new HashEmbedder(128), new LuceneVectorIndex(index), 1.0, true, null,
                System::currentTimeMillis, AdaptiveState.fromJson(LuceneVectorIndex.learnedStateOnDisk(index), 0.05))) {
            assertEquals(0, WarmWriter.writeSemantic(l3, entries, null, "d", done -> { }).learned());
            assertEquals(learned, l3.adaptive().outcomes());
        }
    }

    /**
     * Review r27n MED-2: on the sample every re-run learned 12 pairs again, as two cache keys can ask the same question
     * in the same scope (the same vector): the other key's entry, at the same similarity, was met before the query's
     * own, which then did not count as in the index already.
     */
    @Test
    void aRerunLearnsNothingWhenTwoKeysAskTheSameQuestion() throws IOException {
        Path index = dir.resolve("idx");
        List<WarmPlanner.Entry> entries = new ArrayList<>(entries(questionsAndAnswers(20)));
        for (String[] x : questionsAndAnswers(20)) {
            entries.add(new WarmPlanner.Entry(new CacheRequest("u:" + x[0], "s", x[0]), "m", x[1], 2, 0.01, 0, 1));
        }
        String afterFirst;
        try (SemanticCache l3 = new SemanticCache(new HashEmbedder(128), new LuceneVectorIndex(index), 1.0, true, null,
                System::currentTimeMillis, new AdaptiveState(0.05))) {
            assertTrue(WarmWriter.writeSemantic(l3, entries, null, "d", done -> { }).learned() >= 60);
            afterFirst = l3.adaptive().toJson();
        }
        for (int run = 2; run <= 3; run++) {
            try (SemanticCache l3 = new SemanticCache(new HashEmbedder(128), new LuceneVectorIndex(index), 1.0, true, null,
                    System::currentTimeMillis, AdaptiveState.fromJson(LuceneVectorIndex.learnedStateOnDisk(index), 0.05))) {
                assertEquals(0, WarmWriter.writeSemantic(l3, entries, null, "d", done -> { }).learned(), "run " + run);
            }
            assertEquals(afterFirst, LuceneVectorIndex.learnedStateOnDisk(index), "run " + run + " left the state as it was");
        }
        // a new log's pairs are still learned: a fourth paraphrase of each topic
        List<WarmPlanner.Entry> more = new ArrayList<>();
        for (String[] x : questionsAndAnswers(20)) {
            if (x[0].startsWith("How do I")) {
                String q = x[0].replace("How do I", "How would I");
                more.add(new WarmPlanner.Entry(new CacheRequest("t:" + q, "s", q), "m", x[1], 2, 0.01, 0, 1));
            }
        }
        try (SemanticCache l3 = new SemanticCache(new HashEmbedder(128), new LuceneVectorIndex(index), 1.0, true, null,
                System::currentTimeMillis, AdaptiveState.fromJson(LuceneVectorIndex.learnedStateOnDisk(index), 0.05))) {
            assertEquals(more.size(), WarmWriter.writeSemantic(l3, more, null, "d", done -> { }).learned());
        }
    }

    /**
     * Found trying it: an index warmed with one embedder, simulated with another, applied the first one's learned
     * similarities to the second's cosines (another scale) without a word. The state now names its embedder.
     */
    @Test
    void aStateLearnedWithOneEmbedderIsRefusedWithAnother() throws IOException {
        AdaptiveState learned = new AdaptiveState(0.05);
        try (SemanticCache warm = new SemanticCache(new HashEmbedder(128), new io.techopt.cache.memory.MemoryVectorIndex(10), 1.0, true,
                null, System::currentTimeMillis, learned)) {
            warm.storeAll(List.of(new CacheRequest("t:1", "s", "How do I reset it?"), new CacheRequest("t:2", "s", "How can I reset it?")),
                    List.of("Hold the button.", "Hold the button."));
        }
        AdaptiveState back = AdaptiveState.fromJson(learned.toJson(), 0.05);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SemanticCache(new HashEmbedder(64), new io.techopt.cache.memory.MemoryVectorIndex(10), 1.0, true, null,
                        System::currentTimeMillis, back));
        assertTrue(e.getMessage().contains("/128") && e.getMessage().contains("/64"), e.getMessage());
        new SemanticCache(new HashEmbedder(128), new io.techopt.cache.memory.MemoryVectorIndex(10), 1.0, true, null,
                System::currentTimeMillis, back).close(); // the same embedder: reused
    }

    /** A warm killed after its first chunk's commit: the index holds that chunk and the state learned up to it, together. */
    @Test
    void aWarmKilledMidWayLeavesTheStateOfItsLastCommit() throws IOException {
        Path index = dir.resolve("idx");
        List<WarmPlanner.Entry> entries = entries(questionsAndAnswers(120));
        long[] atFirstCommit = new long[1];
        try (SemanticCache l3 = new SemanticCache(new HashEmbedder(128), new LuceneVectorIndex(index), 1.0, true, null,
                System::currentTimeMillis, new AdaptiveState(0.05))) {
            WarmWriter.writeSemantic(l3, entries, null, "d", done -> {
                if (done == 0) {
                    return; // the step's start (it reports 0 before the first chunk), not a commit
                }
                atFirstCommit[0] = l3.adaptive().outcomes();
                // the second chunk learns and writes, then the process dies before its commit
                l3.storeAll(entries.subList(256, 300).stream().map(WarmPlanner.Entry::request).toList(),
                        entries.subList(256, 300).stream().map(WarmPlanner.Entry::response).toList());
                assertTrue(l3.adaptive().outcomes() > atFirstCommit[0]);
                throw new IllegalStateException("killed");
            });
        } catch (IllegalStateException expected) {
            // the run failed: closing commits nothing (as a kill would not), the last commit stands
        }
        assertEquals(256, LuceneVectorIndex.countOnDisk(index), "the first chunk's entries");
        String state = LuceneVectorIndex.learnedStateOnDisk(index);
        assertNotNull(state);
        assertEquals(atFirstCommit[0], AdaptiveState.fromJson(state, 0.05).outcomes());
    }

    /** cache-warm LOG --index DIR learns; cache-warm simulate LOG --max-error D --index DIR starts from it. */
    @Test
    void simulateWithMaxErrorStartsFromTheStateTheWarmKeptInTheIndex() throws IOException {
        StringBuilder log = new StringBuilder();
        int n = 0;
        for (String[] qa : questionsAndAnswers(40)) {
            for (int k = 0; k < 2; k++, n++) { // each prompt asked twice: the warm selects it
                ObjectNode o = TestSupport.JSON.createObjectNode()
                        .put("timestamp", java.time.Instant.parse("2026-10-01T10:00:00Z").plusSeconds(30L * n).toString())
                        .put("model", "gpt-4o-mini").put("request_id", "r" + n).put("response", qa[1]);
                o.putArray("messages").addObject().put("role", "user").put("content", qa[0]);
                o.putObject("usage").put("input_tokens", 12).put("output_tokens", 30);
                log.append(o).append('\n');
            }
        }
        Path file = TestSupport.write(dir, "log.jsonl", log.toString()), index = dir.resolve("index");
        TestSupport.Run warm = TestSupport.cli("cache-warm", file.toString(), "--index", index.toString(), "--embedder", "hash",
                "-f", "json", "-q");
        assertEquals(0, warm.code(), warm.err());
        assertEquals(List.of(), JsonSchemas.violations("cache-warm", warm.json()));
        long learned = warm.json().at("/written/semantic_learned").asLong();
        assertTrue(learned >= 60, warm.json().get("written").toString());

        TestSupport.Run sim = TestSupport.cli("cache-warm", "simulate", file.toString(), "--embedder", "hash", "--max-error", "0.05",
                "--index", index.toString(), "-f", "json", "-q");
        assertEquals(0, sim.code(), sim.err());
        JsonNode s = sim.json();
        assertEquals(List.of(), JsonSchemas.violations("cache-warm-simulate", s));
        assertTrue(s.at("/semantic/threshold").isNull(), "no single threshold");
        assertEquals(learned, s.at("/semantic/adaptive/outcomes_restored").asLong());
        assertTrue(s.at("/semantic/adaptive/outcomes").asLong() >= learned);
        assertTrue(s.at("/layers/2/config").asText().contains("adaptive, max error 0.050"), s.get("layers").toString());

        // review r22 L3: the table, markdown and html showed none of the adaptive figures the notes talk about
        Path simJson = TestSupport.write(dir, "sim.json", sim.out());
        JsonNode a = s.at("/semantic/adaptive");
        for (String fmt : List.of("table", "markdown", "html")) {
            String shown = TestSupport.cli("render", simJson.toString(), "-f", fmt).out();
            for (String figure : List.of("max error 0.050", "explorations", a.get("explorations").asText(), "verified",
                    "served answer differs", "restored from --index", a.get("outcomes_restored").asText(), a.get("outcomes").asText())) {
                assertTrue(shown.toLowerCase(java.util.Locale.ROOT).contains(figure), fmt + " shows " + figure + ":\n" + shown);
            }
            assertFalse(shown.contains("not calibrated"), fmt + ": no calibration is missing, the policy is adaptive:\n" + shown);
        }

        TestSupport.Run plain = TestSupport.cli("cache-warm", "simulate", file.toString(), "--embedder", "hash", "--max-error", "0.05",
                "-f", "json", "-q");
        assertEquals(0, plain.json().at("/semantic/adaptive/outcomes_restored").asLong(), "without --index: learned from nothing");
        TestSupport.Run stat = TestSupport.cli("cache-warm", "simulate", file.toString(), "--embedder", "hash", "-f", "json", "-q");
        assertTrue(stat.json().at("/semantic/adaptive").isNull(), "without --max-error: the static threshold, as before");
        assertEquals(0.95, stat.json().at("/semantic/threshold").asDouble());
        TestSupport.Run noBound = TestSupport.cli("cache-warm", "simulate", file.toString(), "--embedder", "hash", "--index",
                index.toString(), "-q");
        assertEquals(2, noBound.code());
        assertTrue(noBound.err().contains("--index needs --max-error"), noBound.err());
        TestSupport.Run onAFile = TestSupport.cli("cache-warm", "simulate", file.toString(), "--embedder", "hash", "--max-error", "0.05",
                "--index", file.toString(), "-q");
        assertEquals(2, onAFile.code());
        assertTrue(onAFile.err().contains("is a file, not a directory"), onAFile.err());
        TestSupport.Run contradiction = TestSupport.cli("cache-warm", "simulate", file.toString(), "--embedder", "hash", "--policy", "static",
                "--max-error", "0.05", "-q");
        assertEquals(2, contradiction.code(), "--policy static would have been ignored");
    }
}
