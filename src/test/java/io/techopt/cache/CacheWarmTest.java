package io.techopt.cache;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.cache.lucene.LuceneVectorIndex;
import io.techopt.cache.memory.MemoryCache;
import io.techopt.cache.memory.MemoryVectorIndex;
import io.techopt.core.LogRecord;
import io.techopt.core.Message;
import io.techopt.embed.HashEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cache-warm: calibrate, simulate, the nightly warm, and the pieces behind them. */
class CacheWarmTest {
    @TempDir
    Path dir;

    static LogRecord ask(String system, String question, String answer) {
        LogRecord.Builder r = new LogRecord.Builder();
        r.model = "gpt-4o-mini";
        r.messages = system == null ? List.of(new Message("user", question)) : List.of(new Message("system", system), new Message("user", question));
        r.response = answer;
        return r.build();
    }

    @Test
    void thePolicySkipsErrorsConversationsTimeSensitiveAndPersonalPrompts() {
        assertNull(CachePolicy.check(ask("Be brief.", "How do I rotate an API key?", "Go to settings.")));
        LogRecord.Builder err = ask(null, "How do I rotate an API key?", "x").toBuilder();
        err.error = true;
        assertEquals(CachePolicy.Skip.ERROR, CachePolicy.check(err.build()));
        LogRecord.Builder multi = ask(null, "and then?", "y").toBuilder();
        multi.messages = List.of(new Message("user", "hi"), new Message("assistant", "hello"), new Message("user", "and then?"));
        assertEquals(CachePolicy.Skip.MULTI_TURN, CachePolicy.check(multi.build()));
        assertEquals(CachePolicy.Skip.TIME_SENSITIVE, CachePolicy.check(ask(null, "What is the latest version of Java?", "25")));
        assertEquals(CachePolicy.Skip.TIME_SENSITIVE, CachePolicy.check(ask(null, "weather in Paris today", "sunny")));
        assertEquals(CachePolicy.Skip.TIME_SENSITIVE, CachePolicy.check(ask(null, "What happened on Nov 3?", "...")));
        // quoted material to work on is not a question about time
        assertNull(CachePolicy.check(ask(null, "Extract the urgency as JSON from: 'Enterprise customer, need a fix today.'", "{}")));
        assertEquals(CachePolicy.Skip.PERSONAL_DATA, CachePolicy.check(ask(null, "Write to jane.doe@example.com about the refund", "ok")));
        assertEquals(CachePolicy.Skip.PERSONAL_DATA, CachePolicy.check(ask(null, "Call me at +1 (415) 555-0199", "ok")));
        assertEquals(CachePolicy.Skip.CREDENTIAL, CachePolicy.check(ask(null, "Is my key sk-abcdefghijklmnop valid?", "no")));
        assertEquals(CachePolicy.Skip.REFERS_ELSEWHERE, CachePolicy.check(ask(null, "How do I solve this equation?", "...")));
    }

    @Test
    void theSemanticLayerMatchesParaphrasesInTheSameScopeOnlyAndTheGuardsStopNearMisses() {
        SemanticCache l3 = new SemanticCache(new HashEmbedder(256), new MemoryVectorIndex(100), 0.7, true);
        LogRecord stored = ask("You are support.", "How do I enable 2FA on my account?", "Settings > Security.");
        l3.store(CacheRequest.of("t", stored), stored.response);
        assertTrue(l3.lookup(CacheRequest.of("t", ask("You are support.", "How do I enable 2FA on my account ?", null))).isPresent());
        assertFalse(l3.lookup(CacheRequest.of("t", ask("You are support.", "How do I disable 2FA on my account?", null))).isPresent(),
                "opposite words");
        assertFalse(l3.lookup(CacheRequest.of("t", ask("You are a pirate.", "How do I enable 2FA on my account?", null))).isPresent(),
                "another system prompt is another scope");
        SemanticCache plain = new SemanticCache(new HashEmbedder(256), new MemoryVectorIndex(100), 0.7, false);
        plain.store(CacheRequest.of("t", stored), stored.response);
        assertTrue(plain.lookup(CacheRequest.of("t", ask("You are support.", "How do I disable 2FA on my account?", null))).isPresent(),
                "plain cosine takes the near miss: what the guards are for");
    }

    @Test
    void semanticEntriesExpireAfterTheirTtlAndStoringAgainRenewsIt() {
        long[] now = {0};
        SemanticCache l3 = new SemanticCache(new HashEmbedder(256), new MemoryVectorIndex(100), 0.9, true, Duration.ofSeconds(1), () -> now[0]);
        CacheRequest q = CacheRequest.of("t", ask(null, "How do I export my data?", null));
        l3.store(q, "Settings > Export.");
        now[0] = 900;
        assertTrue(l3.lookup(q).isPresent());
        now[0] = 1000;
        assertFalse(l3.lookup(q).isPresent(), "expired");
        l3.store(q, "Settings > Export.");
        now[0] = 1900;
        assertTrue(l3.lookup(q).isPresent(), "stored again: a new TTL");
    }

    @Test
    void readsFillTheLayersAboveAndWritesGoToAll() {
        MemoryCache l1 = new MemoryCache(10, Long.MAX_VALUE), l2 = new MemoryCache(100, Long.MAX_VALUE);
        SemanticCache l3 = new SemanticCache(new HashEmbedder(256), new MemoryVectorIndex(100), 0.8, true);
        MultiLayerCache c = new MultiLayerCache(l1, Duration.ofMinutes(5), l2, Duration.ofHours(1), l3);
        CacheRequest q = CacheRequest.of("t", ask(null, "What is a webhook retry?", null));
        assertEquals(0, c.get(q).layer());
        c.put(q, "answer");
        assertEquals(1, c.get(q).layer());
        MemoryCache fresh = new MemoryCache(10, Long.MAX_VALUE);
        MultiLayerCache c2 = new MultiLayerCache(fresh, Duration.ofMinutes(5), l2, Duration.ofHours(1), l3);
        assertEquals(2, c2.get(q).layer());
        assertEquals("answer", fresh.get(q.key()).orElseThrow(), "an L2 hit fills L1");
        CacheRequest para = CacheRequest.of("t", ask(null, "What is a webhook retry ?", null));
        MultiLayerCache c3 = new MultiLayerCache(new MemoryCache(10, Long.MAX_VALUE), Duration.ofMinutes(5), new MemoryCache(10, Long.MAX_VALUE),
                Duration.ofHours(1), l3);
        assertEquals(3, c3.get(para).layer());
        assertEquals(1, c3.get(para).layer(), "an L3 hit is stored under the request's own key");
    }

    @Test
    void calibrateOnQqpGivesTheKeysAndGuardsRaisePrecisionAtEqualThresholds() {
        String pairs = TestSupport.shared("data/gptcache-qqp/similiar_qqp_full.json").toString();
        JsonNode g = TestSupport.cli("cache-warm", "calibrate", "--pairs", pairs, "--limit", "1500", "--seed", "3", "--embedder", "hash",
                "--min-precision", "0.8", "--format", "json").json();
        JsonNode p = TestSupport.cli("cache-warm", "calibrate", "--pairs", pairs, "--limit", "1500", "--seed", "3", "--embedder", "hash",
                "--min-precision", "0.8", "--no-guards", "--format", "json").json();
        assertEquals(1500, g.get("pairs").asInt());
        assertEquals("hash-ngram-256", g.get("embedder").asText());
        for (String k : List.of("threshold", "precision", "recall", "f1")) {
            assertTrue(g.get("thresholds").get(0).has(k), k);
        }
        assertTrue(g.has("recommended"));
        int better = 0, rows = g.get("thresholds").size();
        for (int i = 0; i < rows; i++) {
            JsonNode a = g.get("thresholds").get(i), b = p.get("thresholds").get(i);
            assertEquals(a.get("threshold").asDouble(), b.get("threshold").asDouble());
            assertTrue(a.get("recall").asDouble() <= b.get("recall").asDouble() + 1e-12, "guards only remove hits");
            if (a.get("precision").asDouble() > b.get("precision").asDouble()) {
                better++;
            }
        }
        assertTrue(better > rows / 2, "guards raise precision at most thresholds: " + better + " of " + rows);
        JsonNode rec = g.get("recommended");
        if (!rec.isNull()) {
            assertTrue(rec.get("precision").asDouble() >= 0.8);
        }
    }

    /** The scale: 3,000 QQP pairs, all-MiniLM-L6-v2. Measured: guards 0.954 at recall 0.077, plain 0.952 at 0.056. */
    @Test
    void onQqpTheGuardsReachPrecision095WithMoreRecallThanPlainCosine() {
        String pairs = TestSupport.shared("data/gptcache-qqp/similiar_qqp_full.json").toString();
        TestSupport.Run run = TestSupport.cli("cache-warm", "calibrate", "--pairs", pairs, "--limit", "3000", "--seed", "1", "--format", "json");
        assertEquals(0, run.code(), run.err());
        JsonNode r = run.json();
        assertEquals("all-minilm-l6-v2-q", r.get("embedder").asText());
        JsonNode rec = r.get("recommended"), plain = r.get("plain_cosine");
        assertTrue(rec.get("precision").asDouble() >= 0.95, rec.toString());
        assertTrue(rec.get("recall").asDouble() > 1.2 * plain.get("recall").asDouble(), rec + " vs plain " + plain);
    }

    @Test
    void positiveOnlyPairsGetRandomNegatives() throws Exception {
        Path f = TestSupport.write(dir, "pos.json", "[{\"origin\":\"How do I reset my password?\",\"similar\":\"How can I reset my password?\"},"
                + "{\"origin\":\"What is the capital of France?\",\"similar\":\"Which city is the capital of France?\"},"
                + "{\"origin\":\"How do I cook rice?\",\"similar\":\"What is the way to cook rice?\"}]");
        LabelledPairs.Sample s = LabelledPairs.load(f, 0, 1);
        assertTrue(s.positiveOnly());
        assertEquals(6, s.pairs().size());
        assertEquals(3, s.pairs().stream().filter(LabelledPairs.Pair::duplicate).count());
    }

    @Test
    void simulateReplaysTheSampleThroughTheLayers() {
        TestSupport.Run run = TestSupport.cli("cache-warm", "simulate", "samples/requests.jsonl.gz", "--embedder", "hash", "--threshold", "0.9",
                "--format", "json");
        assertEquals(0, run.code(), run.err());
        JsonNode r = run.json();
        long l1 = r.at("/hits/l1").asLong(), l2 = r.at("/hits/l2").asLong(), l3 = r.at("/hits/l3").asLong();
        assertTrue(l1 + l2 > 0 && l3 > 0, r.get("hits").toString());
        assertEquals((double) (l1 + l2 + l3) / r.get("lookups").asLong(), r.get("hit_rate").asDouble(), 1e-12);
        assertTrue(r.get("saved_usd").asDouble() > 0 && r.get("saved_usd").asDouble() < r.get("cost_usd").asDouble());
        // no calibration ships for the hash embedder: said so, not guessed
        assertTrue(r.at("/semantic/expected_false_hits").isNull());
        // the exact layers alone with no TTL find every repeat that analyze's exact_cache lever counts
        JsonNode exact = TestSupport.cli("cache-warm", "simulate", "samples/requests.jsonl.gz", "--no-semantic", "--l1-ttl", "3650d",
                "--l2-entries", "0", "--format", "json").json();
        JsonNode analyze = TestSupport.cli("analyze", "samples/requests.jsonl.gz", "--format", "json").json();
        JsonNode lever = null;
        for (JsonNode s : analyze.get("savings")) {
            if (s.get("lever").asText().equals("exact_cache")) {
                lever = s;
            }
        }
        assertTrue(exact.at("/hits/l1").asLong() <= lever.get("requests").asLong(),
                "the simulation skips prompts the policy never caches, so it finds no more than the lever");
        assertTrue(exact.at("/hits/l1").asLong() > 0);
    }

    @Test
    void analyzeGainsTheSemanticCacheLeverOnlyWhenAsked() {
        JsonNode plain = TestSupport.cli("analyze", "samples/requests.jsonl.gz", "--format", "json").json();
        JsonNode with = TestSupport.cli("analyze", "samples/requests.jsonl.gz", "--semantic-cache", "hash", "--format", "json").json();
        assertEquals(plain.get("savings").size() + 1, with.get("savings").size());
        JsonNode lever = with.get("savings").get(with.get("savings").size() - 1);
        assertEquals("semantic_cache", lever.get("lever").asText());
        // the sample's paraphrases ("Quick question: ...", "... Thanks!") are what it finds beyond exact repeats
        assertTrue(lever.get("requests").asLong() > 0 && lever.get("usd").asDouble() > 0, lever.toString());
        assertEquals(lever.get("usd").asDouble() / with.get("cost_usd").asDouble(), lever.get("share_of_cost").asDouble(), 0.01);
        // the other figures are untouched by the extra sink
        assertEquals(plain.get("cost_usd").asDouble(), with.get("cost_usd").asDouble(), 1e-9);
        assertEquals(plain.get("requests").asLong(), with.get("requests").asLong());
    }

    @Test
    void theWarmWritesASnapshotAndAnIndexResumesFromItsCheckpointAndDryRunWritesNothing() throws Exception {
        Path snap = dir.resolve("l1.jsonl"), index = dir.resolve("index");
        TestSupport.Run dry = TestSupport.cli("cache-warm", "samples/requests.jsonl.gz", "--l1-snapshot", snap.toString(), "--dry-run",
                "--format", "json");
        assertEquals(0, dry.code(), dry.err());
        assertFalse(Files.exists(snap));
        long selected = dry.json().get("selected").asLong();
        assertTrue(selected > 20);
        TestSupport.Run run = TestSupport.cli("cache-warm", "samples/requests.jsonl.gz", "--l1-snapshot", snap.toString(), "--index",
                index.toString(), "--embedder", "hash", "--format", "json");
        assertEquals(0, run.code(), run.err());
        JsonNode w = run.json().get("written");
        assertEquals(selected, w.get("l1_snapshot").asLong());
        assertEquals(selected, w.get("semantic").asLong());
        assertEquals(selected, Files.readAllLines(snap).size());
        MemoryCache l1 = new MemoryCache(100_000, Long.MAX_VALUE);
        assertEquals(selected, WarmWriter.loadSnapshot(snap, l1, System.currentTimeMillis()));
        assertEquals(0, WarmWriter.loadSnapshot(snap, new MemoryCache(10, Long.MAX_VALUE), System.currentTimeMillis() + Duration.ofDays(2).toMillis()),
                "expired entries are not loaded");
        // the checkpoint says the run finished: a re-run writes every entry again (renewing its TTL), in place
        TestSupport.Run again = TestSupport.cli("cache-warm", "samples/requests.jsonl.gz", "--index", index.toString(), "--embedder", "hash",
                "--format", "json");
        assertEquals(selected, again.json().at("/written/semantic").asLong());
        assertEquals(0, again.json().at("/written/semantic_resumed_from").asLong());
        try (LuceneVectorIndex idx = new LuceneVectorIndex(index)) {
            assertEquals(selected, idx.size(), "no duplicates");
        }
        // secrets and personal data never reach the report or the snapshot
        String all = run.out() + Files.readString(snap);
        assertFalse(all.matches("(?s).*sk-[A-Za-z0-9]{8,}.*") || all.matches("(?s).*[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\\.[a-z]{2,}.*"));
    }

    @Test
    void aCrashMidWayResumesFromTheLastCommittedChunk() throws Exception {
        Path index = dir.resolve("idx"), cp = dir.resolve("cp.json");
        List<WarmPlanner.Entry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 700; i++) {
            entries.add(new WarmPlanner.Entry(new CacheRequest("t:" + i, "s", "question number " + i), "m", "answer " + i, 2, 0.01, 0, 1));
        }
        String digest = WarmPlanner.digest(entries);
        try (SemanticCache l3 = new SemanticCache(new HashEmbedder(64), new LuceneVectorIndex(index), 1.0, true)) {
            try {
                WarmWriter.writeSemantic(l3, entries, cp, digest, done -> {
                    if (done >= 512) {
                        throw new IllegalStateException("crash");
                    }
                });
            } catch (IllegalStateException expected) {
                // the process died after two chunks were committed
            }
        }
        try (SemanticCache l3 = new SemanticCache(new HashEmbedder(64), new LuceneVectorIndex(index), 1.0, true)) {
            List<Long> reported = new java.util.ArrayList<>();
            WarmWriter.SemanticWrite r = WarmWriter.writeSemantic(l3, entries, cp, digest, reported::add);
            assertEquals(512, r.resumedFrom(), "resumed after the committed chunks");
            // the step is told where it starts before the first chunk is embedded: its clock counts the embedding (r22 L4)
            assertEquals(List.of(512L, 700L), reported);
            assertEquals(700 - 512, r.written());
            assertEquals(700, l3.size());
        }
    }
}
