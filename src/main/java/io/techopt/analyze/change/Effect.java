package io.techopt.analyze.change;

/**
 * The factors of the cost identity, one effect each, in report order. Their keys are the JSON keys of
 * {@code change.effects} (stable; see the analyze-logs schema).
 */
public enum Effect {
    VOLUME("volume", "Request volume", "successful requests of each team"),
    MODEL_MIX("model_mix", "Model mix", "each model's share of its team's successful requests"),
    INPUT_TOKENS("input_tokens_per_request", "Input tokens per request",
            "prompt tokens per request (uncached, cache reads and writes together)"),
    OUTPUT_TOKENS("output_tokens_per_request", "Output tokens per request", "output tokens (reasoning included) per request"),
    CACHING("caching", "Provider caching", "the shares of prompt tokens read from and written to the provider's cache"),
    PRICES("prices", "Prices", "dated price changes in the price book (each request at the prices of its own day)"),
    BATCH_AND_TIERS("batch_and_long_context", "Batch and long-context rates",
            "the share of tokens paid at Batch API or long-context rates"),
    ERRORS("errors_retries", "Errors and retries", "failed requests (each billed for its usage) per successful request"),
    BILLED("billed_cost_per_request", "Billed cost per request",
            "cost per request of records billed as logged (billing exports carry no token detail)");

    public final String key;
    public final String label;
    public final String meaning;

    Effect(String key, String label, String meaning) {
        this.key = key;
        this.label = label;
        this.meaning = meaning;
    }

    static final int N = values().length;
}
