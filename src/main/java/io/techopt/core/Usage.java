package io.techopt.core;

/**
 * Token usage of one request in techopt's canonical convention (Anthropic's): {@code inputTokens} are the
 * prompt tokens billed at the full input rate and exclude cache reads and writes, so no token is counted twice.
 */
public record Usage(long inputTokens, long cacheReadTokens, long cacheWriteTokens, long cacheWrite1hTokens,
                    long outputTokens, long reasoningTokens) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0, 0);

    /** Every prompt token, whatever rate it is billed at. */
    public long promptTokens() {
        return inputTokens + cacheReadTokens + cacheWriteTokens + cacheWrite1hTokens;
    }

    public long totalTokens() {
        return promptTokens() + outputTokens;
    }
}
