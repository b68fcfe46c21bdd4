package io.techopt.cache;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.contract.JsonSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue #16 item 1: `cache-warm simulate --pairs FILE` replays labelled questions through the semantic layer. */
class LabelledReplayTest {
    @TempDir
    Path tmp;

    private static LabelledPairs.Pair p(String a, String b, boolean same) {
        return new LabelledPairs.Pair(a, b, same);
    }

    @Test
    void duplicatesJoinTransitivelyAndAQueryIsServableOnceItsClassCameBefore() {
        List<LabelledPairs.Pair> pairs = List.of(p("A?", "B?", true), p("B?", "C?", true), p("C?", "D?", false), p("E?", "F?", false));
        Replay.Stream s = Replay.stream(pairs, 100, 7, "json");
        assertEquals(6, s.texts().size());
        assertEquals(4, s.data().classes(), "A-B-C joined through B; D, E and F alone");
        Map<String, Integer> cls = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            cls.put(s.texts().get(i), s.cls()[i]);
        }
        assertEquals(cls.get("A?"), cls.get("C?"));
        assertNotEquals(cls.get("C?"), cls.get("D?"));
        Set<Integer> seen = new HashSet<>();
        int servable = 0;
        for (int i = 0; i < 6; i++) {
            assertEquals(!seen.add(s.cls()[i]), s.servable()[i], "query " + i);
            servable += s.servable()[i] ? 1 : 0;
        }
        assertEquals(2, servable, "the second and third of A, B, C");
        assertEquals(s.texts(), Replay.stream(pairs, 100, 7, "json").texts(), "a seed gives one order");
        assertEquals(3, Replay.stream(pairs, 3, 7, "json").texts().size(), "--queries caps the stream");
    }

    @Test
    void aStaticReplayCountsHitsByTheLabelsAndWritesOneRedactedDecisionPerQuery() throws Exception {
        Path pairs = TestSupport.write(tmp, "pairs.json", """
                [{"text_a": "How do I learn to cook rice?", "text_b": "How do I learn to cook rice well?", "label": 1},
                 {"text_a": "How do I learn to cook pasta?", "text_b": "How do I learn to cook rice?", "label": 0},
                 {"text_a": "Mail ana.private@corp.example.org: how do I learn to cook?", "text_b": "How can I learn to cook?", "label": 1}]
                """);
        Path decisions = tmp.resolve("decisions.jsonl");
        TestSupport.Run r = TestSupport.cli("cache-warm", "simulate", "--pairs", pairs.toString(), "--policy", "static",
                "--threshold", "0.01", "--no-guards", "--embedder", "hash", "--decisions", decisions.toString(), "--format", "json", "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(List.of(), JsonSchemas.violations("cache-warm-replay", j));
        assertEquals(5, j.get("queries").asInt());
        List<String> lines = Files.readAllLines(decisions);
        assertEquals(5, lines.size());
        assertFalse(String.join("\n", lines).contains("ana.private"), "addresses are redacted");
        Replay.Stream s = Replay.stream(Replay.pairs(pairs, 4), 20000, 1, "json");
        List<String> shown = s.texts().stream().map(io.techopt.core.Redactor::redact).toList();
        long hits = 0, correct = 0;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode d = TestSupport.JSON.readTree(lines.get(i));
            assertTrue(d.has("query") && d.has("served") && d.has("explored"), lines.get(i));
            assertEquals(i > 0, !d.get("served").isNull(), "threshold 0.01 serves every query after the first: " + lines.get(i));
            if (!d.get("served").isNull()) {
                hits++;
                assertEquals(shown.get(i), d.get("query").asText());
                int served = shown.indexOf(d.get("served").asText());
                assertTrue(served >= 0 && served < i, "served an earlier question: " + lines.get(i));
                correct += s.cls()[served] == s.cls()[i] ? 1 : 0;
            }
        }
        JsonNode res = j.get("result");
        assertEquals(hits, res.get("hits").asLong());
        assertEquals(correct, res.get("correct_hits").asLong());
        assertEquals((double) (hits - correct) / hits, res.get("error_rate").asDouble(), 1e-12);
        assertEquals(2, j.get("servable").asInt(), "rice well after rice (or back), and the two cook questions");
        assertEquals((double) correct / 2, res.get("hit_rate").asDouble(), 1e-12);
        assertEquals(40, j.get("static_sweep").size());
    }

    @Test
    void aTsvOfScoresIsTheSameQuestionFromTheMinimumScoreAndABadScoreNamesItsLine() throws Exception {
        Path tsv = TestSupport.write(tmp, "qq.tsv", "4\tHow tall is it?\tWhat height is it?\n\tNot rated?\tNo.\n3\tWhy?\tWhy not?\n");
        List<LabelledPairs.Pair> pairs = Replay.pairs(tsv, 4);
        assertEquals(List.of(p("How tall is it?", "What height is it?", true), p("Why?", "Why not?", false)), pairs);
        assertEquals(List.of(false, false), Replay.pairs(tsv, 4.5).stream().map(LabelledPairs.Pair::duplicate).toList());
        Path bad = TestSupport.write(tmp, "bad.tsv", "4\tA?\tB?\nfour\tC?\tD?\n");
        TestSupport.Run r = TestSupport.cli("cache-warm", "simulate", "--pairs", bad.toString(), "--embedder", "hash", "-q");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("line 2"), r.err());
    }

    @Test
    void pairsWithALogFileIsAUsageError() throws Exception {
        Path tsv = TestSupport.write(tmp, "qq.tsv", "4\tHow tall is it?\tWhat height is it?\n");
        TestSupport.Run r = TestSupport.cli("cache-warm", "simulate", tsv.toString(), "--pairs", tsv.toString(), "--embedder", "hash", "-q");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--pairs"), r.err());
    }
}
