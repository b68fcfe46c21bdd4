package io.techopt.embed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vector file of {@code cache-warm simulate --pairs --embedding-cache} is appended to; a run killed while appending
 * leaves a torn last vector, and a file created but never written is empty. The next run must go on from the whole
 * vectors, and every later run must read back exactly what was embedded.
 */
class CachedEmbedderKeepsWholeVectorsTest {
    @TempDir
    Path dir;

    /** A hash embedder that counts the texts it was asked to embed. */
    static final class Counting implements Embedder {
        final HashEmbedder inner = new HashEmbedder(16);
        final List<String> asked = new ArrayList<>();

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public float[] embed(String text) {
            asked.add(text);
            return inner.embed(text);
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            asked.addAll(texts);
            return inner.embedAll(texts);
        }
    }

    @Test
    void aTornLastVectorIsEmbeddedAgainAndTheVectorsAppendedAfterItReadBackWhole() throws IOException {
        Path file = dir.resolve("vectors.vec");
        new CachedEmbedder(new Counting(), file).embedAll(List.of("first question", "second question"));
        long whole = Files.size(file);
        // a run killed while appending "third question": half of its record is on disk
        new CachedEmbedder(new Counting(), file).embedAll(List.of("third question"));
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, (int) (whole + (all.length - whole) / 2)));

        Counting next = new Counting();
        new CachedEmbedder(next, file).embedAll(List.of("first question", "third question", "fourth question"));
        assertEquals(List.of("third question", "fourth question"), next.asked, "the whole vectors are reused, the torn one embedded again");

        Counting later = new Counting();
        CachedEmbedder reread = new CachedEmbedder(later, file);
        HashEmbedder reference = new HashEmbedder(16);
        for (String t : List.of("first question", "second question", "third question", "fourth question")) {
            assertArrayEquals(reference.embed(t), reread.embed(t), t);
        }
        assertEquals(List.of(), later.asked, "every vector was read back from the file");
    }

    @Test
    void anEmptyFileIsStartedAfreshWithItsHeader() throws IOException {
        Path file = dir.resolve("empty.vec");
        Files.write(file, new byte[0], StandardOpenOption.CREATE);
        new CachedEmbedder(new Counting(), file).embedAll(List.of("a question"));
        Counting later = new Counting();
        float[] v = new CachedEmbedder(later, file).embed("a question");
        assertArrayEquals(new HashEmbedder(16).embed("a question"), v);
        assertEquals(List.of(), later.asked);
    }

    @Test
    void aFileEndingInsideTheHeaderIsRefusedAndLeftAsItWas() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.write(file, new byte[]{'x'});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CachedEmbedder(new Counting(), file));
        assertTrue(e.getMessage().contains("not a file of vectors"), e.getMessage());
        assertArrayEquals(new byte[]{'x'}, Files.readAllBytes(file));
    }
}
