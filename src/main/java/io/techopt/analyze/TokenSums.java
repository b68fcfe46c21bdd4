package io.techopt.analyze;

import io.techopt.core.Usage;

/** Token sums by kind, one definition for every table: input is full-rate input only (cli.md). */
final class TokenSums {
    long input, cacheRead, cacheWrite, cacheWrite1h, output, reasoning;

    void add(Usage u) {
        input += u.inputTokens();
        cacheRead += u.cacheReadTokens();
        cacheWrite += u.cacheWriteTokens() + u.cacheWrite1hTokens();
        cacheWrite1h += u.cacheWrite1hTokens();
        output += u.outputTokens();
        reasoning += u.reasoningTokens();
    }

    void add(TokenSums o) {
        input += o.input;
        cacheRead += o.cacheRead;
        cacheWrite += o.cacheWrite;
        cacheWrite1h += o.cacheWrite1h;
        output += o.output;
        reasoning += o.reasoning;
    }
}
