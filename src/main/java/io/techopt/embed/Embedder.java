package io.techopt.embed;

/** Text to a unit vector: the port behind semantic caching and the learned router. */
public interface Embedder {
    String name();

    int dimension();

    /**
     * A vector of {@link #dimension()} floats with unit length; the zero vector for blank text: no letter, digit,
     * punctuation or symbol (empty, spaces of any kind, zero-width or control characters).
     */
    float[] embed(String text);

    /** Many texts at once: models batch them; the default embeds them in parallel, one by one. */
    default java.util.List<float[]> embedAll(java.util.List<String> texts) {
        return texts.parallelStream().map(this::embed).toList();
    }

    /**
     * The embedder a command option names: {@code minilm} (the default, all-MiniLM-L6-v2 in-process), {@code hash}, or
     * {@code openai:MODEL[:DIMENSION]} for an OpenAI-compatible /v1/embeddings server at TECHOPT_EMBEDDINGS_URL
     * (default https://api.openai.com) with the key from TECHOPT_EMBEDDINGS_API_KEY or OPENAI_API_KEY.
     */
    static Embedder named(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("openai:")) {
            String[] p = name.split(":");
            int dim = p.length > 2 ? Integer.parseInt(p[2]) : p[1].endsWith("-large") ? 3072 : 1536;
            String url = System.getenv().getOrDefault("TECHOPT_EMBEDDINGS_URL", "https://api.openai.com");
            String key = System.getenv().getOrDefault("TECHOPT_EMBEDDINGS_API_KEY", System.getenv("OPENAI_API_KEY"));
            var retry = new io.techopt.http.RetryingCaller(5, java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(20),
                    java.time.Duration.ofSeconds(60), new io.techopt.http.CircuitBreaker(5, java.time.Duration.ofSeconds(30),
                    io.techopt.http.RateLimiter.Clock.SYSTEM), io.techopt.http.RateLimiter.Clock.SYSTEM);
            return new OpenAiEmbedder(new io.techopt.http.HttpCaller(java.time.Duration.ofSeconds(60), retry,
                    io.techopt.http.RateLimiter.perMinute(3000, 1_000_000)), url, key, p[1], dim, 256);
        }
        return switch (lower) {
            case "minilm", "all-minilm-l6-v2" -> new MiniLmEmbedder();
            case "hash" -> new HashEmbedder(256);
            default -> throw new IllegalArgumentException("--embedder must be minilm, hash or openai:MODEL[:DIMENSION], not '" + name + "'");
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
