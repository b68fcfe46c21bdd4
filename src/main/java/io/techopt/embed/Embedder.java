package io.techopt.embed;

/** Text to a unit vector: the port behind semantic caching and the learned router. */
public interface Embedder {
    String name();

    int dimension();

    /** A vector of {@link #dimension()} floats with unit length (zero vector for empty text). */
    float[] embed(String text);

    static double cosine(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
