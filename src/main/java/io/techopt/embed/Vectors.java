package io.techopt.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** What every adapter does the same way to keep the port's promises: unit length, and the zero vector for blank text. */
final class Vectors {
    private Vectors() {
    }

    /** Scales {@code v} to unit length in place (the zero vector stays zero) and returns it. */
    static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        if (n > 0) {
            float inv = (float) (1 / Math.sqrt(n));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    /**
     * The zero vector for each blank text, and {@code model}'s vectors, in input order, for the others: models
     * reject blank input (langchain4j throws, OpenAI answers HTTP 400) or embed it as something similar to every
     * other blank text.
     */
    static List<float[]> skippingBlank(List<String> texts, int dimension, Function<List<String>, List<float[]>> model) {
        List<String> nonBlank = new ArrayList<>(texts.size());
        for (String t : texts) {
            if (!t.isBlank()) {
                nonBlank.add(t);
            }
        }
        List<float[]> embedded = nonBlank.isEmpty() ? List.of() : model.apply(nonBlank);
        List<float[]> out = new ArrayList<>(texts.size());
        int next = 0;
        for (String t : texts) {
            out.add(t.isBlank() ? new float[dimension] : embedded.get(next++));
        }
        return out;
    }
}
