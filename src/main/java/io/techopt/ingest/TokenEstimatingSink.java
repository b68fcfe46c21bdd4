package io.techopt.ingest;

import io.techopt.core.LogRecord;
import io.techopt.tokens.TokenCounter;

/**
 * Gives a record that logged no usage the token counts of its text (marked {@link LogRecord#estimated}), in a copy,
 * before the sink it wraps prepares it, so that sink may drop the text. Runs on parser threads, on records inside
 * --since/--until; the reader has already made a record with neither usage nor text a bad line.
 */
final class TokenEstimatingSink extends ForwardingSink {
    private final TokenCounter tokens;

    TokenEstimatingSink(RecordSink next, TokenCounter tokens) {
        super(next);
        this.tokens = tokens;
    }

    @Override
    public LogRecord prepare(LogRecord r) {
        if (r.usage == null) {
            LogRecord.Builder b = r.toBuilder();
            b.usage = tokens.estimate(r.model, r.messages, r.response);
            b.estimated = true;
            r = b.build();
        }
        return next.prepare(r);
    }
}
