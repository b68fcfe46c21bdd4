package io.techopt.embed;

/** Text to a unit vector: the port behind semantic caching and the learned router. */
public interface Embedder {
    String name();

    int dimension();

    /** A vector of {@link #dimension()} floats with unit length (zero vector for empty text). */
    float[] embed(String text);

    /** Many texts at once: models batch them; the default embeds them in parallel, one by one. */
    default java.util.List<float[]> embedAll(java.util.List<String> texts) {
        return texts.parallelStream().map(this::embed).toList();
    }

    /** The embedder a command option names: {@code minilm} (the default, all-MiniLM-L6-v2) or {@code hash}. */
    static Embedder named(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "minilm", "all-minilm-l6-v2" -> new MiniLmEmbedder();
            case "hash" -> new HashEmbedder(256);
            default -> throw new IllegalArgumentException("--embedder must be minilm or hash, not '" + name + "'");
        };
    }

    static double cosine(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
