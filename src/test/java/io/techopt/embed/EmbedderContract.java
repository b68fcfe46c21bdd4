package io.techopt.embed;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link Embedder} adapter must do, as the port documents it, run once per adapter: vectors of
 * {@link Embedder#dimension()} floats, the same vector for the same text, unit length, and the zero vector for
 * blank text (so a blank question is similar to nothing, not to every other blank question).
 */
public abstract class EmbedderContract {
    /** The adapter under test (may be shared between tests: embedders hold no per-text state). */
    protected abstract Embedder embedder() throws Exception;

    static final List<String> TEXTS = List.of("How do I reset my password?", "how do i reset my password",
            "What is the capital of France?", "Ünïcödé, emoji 🙂 and 中文 in one prompt",
            "a", "x".repeat(5000), "  leading and trailing spaces  ", "\u00a0non-breaking\u200b spaces around\u00a0", "?", "🙂");

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void everyVectorHasTheDimensionTheEmbedderAnnouncesAndItDoesNotChange() throws Exception {
        Embedder e = embedder();
        int dim = e.dimension();
        assertTrue(dim > 0, "dimension " + dim);
        for (String t : TEXTS) {
            assertEquals(dim, e.embed(t).length, "embed: " + t.substring(0, Math.min(20, t.length())));
        }
        for (float[] v : e.embedAll(TEXTS)) {
            assertEquals(dim, v.length, "embedAll");
        }
        assertEquals(dim, e.dimension(), "dimension() after embedding");
    }

    @Test
    void theSameTextGivesTheSameVectorAloneOrInABatch() throws Exception {
        Embedder e = embedder();
        List<float[]> batch = e.embedAll(TEXTS);
        assertEquals(TEXTS.size(), batch.size());
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] alone = e.embed(TEXTS.get(i));
            assertArrayEquals(alone, e.embed(TEXTS.get(i)), 1e-6f, "twice alone: " + i);
            assertArrayEquals(alone, batch.get(i), 1e-5f, "alone vs in a batch, in input order: " + i);
        }
    }

    @Test
    void everyVectorOfNonBlankTextHasUnitLength() throws Exception {
        Embedder e = embedder();
        for (float[] v : e.embedAll(TEXTS)) {
            assertEquals(1.0, norm(v), 1e-5, "the port promises unit length: cosine is a dot product");
        }
        assertEquals(1.0, Embedder.cosine(e.embed("same"), e.embed("same")), 1e-5);
    }

    @Test
    void blankTextGivesTheZeroVectorAloneAndInsideABatch() throws Exception {
        Embedder e = embedder();
        // no letter, digit, punctuation or symbol: Unicode spaces, zero-width and control characters, a lone accent and
        // U+FFFD are all dropped by a BERT tokenizer, which then fails on an empty input
        List<String> blanks = List.of("", " ", "\n\t  \r\n", "\u00a0", "\u200b\u2003\u3000", "\u0000\u0007", "\u0301", "\ufffd", "\ufeff \u202f");
        for (String b : blanks) {
            float[] v = e.embed(b);
            assertEquals(e.dimension(), v.length);
            assertEquals(0.0, norm(v), 0.0, "blank text " + b.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList() + " is the zero vector");
        }
        List<String> mixed = new ArrayList<>();
        for (int i = 0; i < TEXTS.size(); i++) {
            mixed.add(TEXTS.get(i));
            mixed.add(blanks.get(i % blanks.size()));
        }
        List<float[]> v = e.embedAll(mixed);
        assertEquals(mixed.size(), v.size());
        for (int i = 0; i < mixed.size(); i++) {
            if (i % 2 == 1) {
                assertEquals(0.0, norm(v.get(i)), 0.0, "blank at " + i);
            } else {
                assertArrayEquals(e.embed(mixed.get(i)), v.get(i), 1e-5f, "non-blank at " + i + " keeps its place");
            }
        }
        assertEquals(0.0, Embedder.cosine(e.embed(""), e.embed(" ")), 0.0, "two blank questions are not similar");
    }
}
