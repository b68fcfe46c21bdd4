package io.techopt.core;

/**
 * Token sums by kind, one definition for every table and engine: input is full-rate input only (cli.md), cache writes
 * count both lifetimes (the 1-hour writes are also summed apart), reasoning is part of output. Immutable: an
 * accumulator keeps the latest sum ({@code sums = sums.plus(usage)}).
 */
public record TokenSums(long input, long cacheRead, long cacheWrite, long cacheWrite1h, long output, long reasoning) {
    public static final TokenSums ZERO = new TokenSums(0, 0, 0, 0, 0, 0);

    public TokenSums plus(Usage u) {
        return new TokenSums(input + u.inputTokens(), cacheRead + u.cacheReadTokens(),
                cacheWrite + u.cacheWriteTokens() + u.cacheWrite1hTokens(), cacheWrite1h + u.cacheWrite1hTokens(),
                output + u.outputTokens(), reasoning + u.reasoningTokens());
    }

    /** These sums without a request's usage (a request logged twice counts once, with its last copy). */
    public TokenSums minus(Usage u) {
        return new TokenSums(input - u.inputTokens(), cacheRead - u.cacheReadTokens(),
                cacheWrite - u.cacheWriteTokens() - u.cacheWrite1hTokens(), cacheWrite1h - u.cacheWrite1hTokens(),
                output - u.outputTokens(), reasoning - u.reasoningTokens());
    }

    public TokenSums plus(TokenSums o) {
        return new TokenSums(input + o.input, cacheRead + o.cacheRead, cacheWrite + o.cacheWrite,
                cacheWrite1h + o.cacheWrite1h, output + o.output, reasoning + o.reasoning);
    }
}
