package io.techopt.ingest;

import io.techopt.core.LogRecord;

/** A sink in front of another that hands everything on; a decorator overrides only what it changes. */
public abstract class ForwardingSink implements RecordSink {
    protected final RecordSink next;

    protected ForwardingSink(RecordSink next) {
        this.next = next;
    }

    @Override
    public LogRecord prepare(LogRecord r) {
        return next.prepare(r);
    }

    @Override
    public void accept(LogRecord r) {
        next.accept(r);
    }

    @Override
    public boolean counted(LogRecord r) {
        return next.counted(r);
    }

    @Override
    public java.util.Map<String, LogRecord> storedCopies(java.util.Collection<String> requestIds) {
        return next.storedCopies(requestIds);
    }

    @Override
    public boolean wantsSpans() {
        return next.wantsSpans();
    }

    @Override
    public void acceptSpan(Span s) {
        next.acceptSpan(s);
    }
}
