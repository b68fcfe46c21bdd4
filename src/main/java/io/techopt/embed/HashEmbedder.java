package io.techopt.embed;

import java.util.Locale;

/**
 * Hashed character n-grams (3 to 5 characters, with word boundaries) and words, signed feature hashing into a
 * fixed dimension, L2-normalized: fast, deterministic, no model to load. Weaker than a sentence-embedding model
 * at paraphrase, fine for surface similarity.
 */
public final class HashEmbedder implements Embedder {
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");
    private final int dim;

    public HashEmbedder(int dim) {
        this.dim = dim;
    }

    @Override
    public String name() {
        return "hash-ngram-" + dim;
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public float[] embed(String text) {
        float[] v = new float[dim];
        if (Vectors.isBlank(text)) {
            return v; // the port's zero vector, also for text of only no-break or zero-width spaces
        }
        String t = " " + WHITESPACE.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").strip() + " ";
        for (int n = 3; n <= 5; n++) {
            for (int i = 0; i + n <= t.length(); i++) {
                add(v, hash(t, i, i + n), 1f);
            }
        }
        for (String w : t.strip().split(" ")) {
            if (!w.isEmpty()) {
                add(v, hash(w, 0, w.length()) * 31 + 7, 2f);
            }
        }
        return Vectors.unit(v);
    }

    private void add(float[] v, long h, float weight) {
        int idx = (int) Math.floorMod(h, (long) dim);
        v[idx] += ((h >>> 40) & 1) == 0 ? weight : -weight;
    }

    private static long hash(String s, int from, int to) {
        long h = 0xcbf29ce484222325L;
        for (int i = from; i < to; i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
