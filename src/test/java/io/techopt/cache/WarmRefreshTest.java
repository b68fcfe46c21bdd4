package io.techopt.cache;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.cache.lucene.LuceneVectorIndex;
import io.techopt.embed.HashEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 defect 6: a re-run of cache-warm refreshes the semantic layer's TTLs; a checkpoint resumes only an
 * interrupted run of the same selection with the same settings.
 */
class WarmRefreshTest {
    @TempDir
    Path dir;

    @Test
    void aRerunWithALongerTtlRefreshesEntriesThatExpired() throws Exception {
        Path index = dir.resolve("idx");
        TestSupport.Run first = TestSupport.cli("cache-warm", "samples/requests.jsonl.gz", "--index", index.toString(),
                "--embedder", "hash", "--ttl", "1s", "-f", "json", "-q");
        assertEquals(0, first.code(), first.err());
        long selected = first.json().get("selected").asLong();
        assertTrue(selected > 20);
        Thread.sleep(1_100);
        assertEquals(0, liveEntries(index, selected), "after 1s every entry has expired");

        TestSupport.Run again = TestSupport.cli("cache-warm", "samples/requests.jsonl.gz", "--index", index.toString(),
                "--embedder", "hash", "--ttl", "24h", "-f", "json", "-q");
        assertEquals(0, again.code(), again.err());
        JsonNode w = again.json().get("written");
        assertEquals(selected, w.get("semantic").asLong(), "the re-run writes every entry again: " + w);
        assertEquals(0, w.get("semantic_resumed_from").asLong(), w.toString());
        assertEquals(selected, liveEntries(index, selected), "every entry is live again for 24h");
        try (LuceneVectorIndex idx = new LuceneVectorIndex(index)) {
            assertEquals(selected, idx.size(), "refreshed in place, no duplicates");
        }
    }

    @Test
    void aCheckpointResumesOnlyTheSameSelectionWithTheSameSettings() throws Exception {
        Path index = dir.resolve("idx2"), cp = dir.resolve("cp.json");
        List<WarmPlanner.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            entries.add(new WarmPlanner.Entry(new CacheRequest("t:" + i, "s", "question number " + i), "m", "answer " + i, 2, 0.01, 0, 1));
        }
        String shortTtl = WarmPlanner.fingerprint(entries, "ttl=PT1H;embedder=hash-64");
        String longTtl = WarmPlanner.fingerprint(entries, "ttl=PT24H;embedder=hash-64");
        assertTrue(!shortTtl.equals(longTtl), "the settings are part of the fingerprint");
        try (SemanticCache l3 = new SemanticCache(new HashEmbedder(64), new LuceneVectorIndex(index), 1.0, true)) {
            try {
                WarmWriter.writeSemantic(l3, entries, cp, shortTtl, done -> {
                    if (done >= 512) {
                        throw new IllegalStateException("crash");
                    }
                });
            } catch (IllegalStateException expected) {
                // interrupted after two committed chunks
            }
        }
        try (SemanticCache l3 = new SemanticCache(new HashEmbedder(64), new LuceneVectorIndex(index), 1.0, true)) {
            WarmWriter.SemanticWrite r = WarmWriter.writeSemantic(l3, entries, cp, longTtl, done -> { });
            assertEquals(0, r.resumedFrom(), "other settings: start over");
            assertEquals(700, r.written());
        }
        try (SemanticCache l3 = new SemanticCache(new HashEmbedder(64), new LuceneVectorIndex(index), 1.0, true)) {
            WarmWriter.SemanticWrite r = WarmWriter.writeSemantic(l3, entries, cp, longTtl, done -> { });
            assertEquals(0, r.resumedFrom(), "a finished run is not resumed: a re-run refreshes every entry");
            assertEquals(700, r.written());
            assertEquals(700, l3.size());
        }
    }

    /** Entries of the index a lookup would still serve now (not expired). */
    private static long liveEntries(Path index, long expected) throws Exception {
        try (LuceneVectorIndex idx = new LuceneVectorIndex(index)) {
            assertEquals(expected, idx.size());
            long live = 0, now = System.currentTimeMillis();
            // a search for as many entries as the index holds returns each of them once
            for (VectorIndex.Hit h : idx.search(new HashEmbedder(256).embed("any question"), (int) expected)) {
                JsonNode p = TestSupport.JSON.readTree(h.payload());
                if (!p.has("expires_at_ms") || p.get("expires_at_ms").asLong() > now) {
                    live++;
                }
            }
            return live;
        }
    }
}
