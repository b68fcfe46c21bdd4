package io.techopt.analyze;

import io.techopt.core.TokenSums;
import io.techopt.core.Usage;
import tech.tablesaw.api.LongColumn;

import java.util.List;

/**
 * The token columns of a table a row a group (by_model, --group-by): full-rate input, cache read, cache write (both
 * lifetimes, the 1-hour ones also apart), output and reasoning, each summed in request order as {@link TokenSums}.
 */
final class TokenColumns {
    private final LongColumn input = LongColumn.create("input_tokens"), cacheRead = LongColumn.create("cache_read_tokens"),
            cacheWrite = LongColumn.create("cache_write_tokens"), cacheWrite1h = LongColumn.create("cache_write_1h_tokens"),
            output = LongColumn.create("output_tokens"), reasoning = LongColumn.create("reasoning_tokens");

    /** A row of zeros. */
    void appendZeros() {
        for (LongColumn c : List.of(input, cacheRead, cacheWrite, cacheWrite1h, output, reasoning)) {
            c.append(0L);
        }
    }

    TokenSums get(int g) {
        return new TokenSums(input.getLong(g), cacheRead.getLong(g), cacheWrite.getLong(g), cacheWrite1h.getLong(g),
                output.getLong(g), reasoning.getLong(g));
    }

    void add(int g, Usage u) {
        set(g, get(g).plus(u));
    }

    void add(int g, TokenSums s) {
        set(g, get(g).plus(s));
    }

    private void set(int g, TokenSums s) {
        input.set(g, s.input());
        cacheRead.set(g, s.cacheRead());
        cacheWrite.set(g, s.cacheWrite());
        cacheWrite1h.set(g, s.cacheWrite1h());
        output.set(g, s.output());
        reasoning.set(g, s.reasoning());
    }
}
