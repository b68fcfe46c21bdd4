package io.techopt.ingest;

import io.techopt.core.LogRecord;

/** Receives records from {@link LogReader}. */
public interface RecordSink {
    /**
     * Runs on parser threads, before {@link #accept}: derive per-record features in parallel. Returns the record
     * {@link #accept} receives: {@code r} itself when nothing is derived; {@code r.with(KEY, value)}, the copy carrying
     * what this sink derived under its own {@link io.techopt.core.Derived.Key}; or {@code ….withoutText()} once this
     * sink has taken what it needs from the prompt and response text (so the text is not held while the record waits
     * for the reading thread). {@code r} itself is immutable: other sinks prepared from it still see what was read.
     */
    default LogRecord prepare(LogRecord r) {
        return r;
    }

    /** Runs on the reading thread, one record at a time, in input order: the record {@link #prepare} returned. */
    void accept(LogRecord r);

    /**
     * Whether a record read counts among the run's requests (and its estimated tokens or conflicting token fields in
     * the run's counts); one that does not is counted as outside --since/--until but still accepted. analyze
     * --compare-to reads its baseline too, and its report counts only the current period, as a run of it alone does.
     */
    default boolean counted(LogRecord r) {
        return true;
    }

    /**
     * Whether this sink counts each request once, its last copy, and can be handed the last copies only by a reader that
     * applies that rule itself (a store, in a query): then it needs to keep nothing per request to take an earlier copy
     * back out. No reader of raw logs asks; a sink wired with others is not asked (they may need every copy).
     */
    default boolean takesLastCopiesOnly() {
        return false;
    }

    /**
     * Before the first record, from a reader that hands over last copies only (to a sink that {@link #takesLastCopiesOnly}):
     * how many earlier copies of repeated request ids it read, counted, and left out.
     */
    default void earlierCopiesLeftOut(long copies) {
    }

    /**
     * After the input has ended, for the Langfuse updates it left without their create (a create read by an earlier
     * read): the request each id's earlier read stored, by raw id, for a sink that keeps what earlier reads gave (a
     * store). An id without one is a bad line, as on the log. The records returned carry what the sink needs to
     * recognise its copy again when the merged record comes back through {@link #accept}; none by default.
     */
    default java.util.Map<String, LogRecord> storedCopies(java.util.Collection<String> requestIds) {
        return java.util.Map.of();
    }

    /** Whether this sink wants every span of the trace formats (OTLP, Langfuse) through {@link #acceptSpan}. */
    default boolean wantsSpans() {
        return false;
    }

    /**
     * Runs on the reading thread, after the records of the same chunk of input: one span of a line that was read (not
     * bad), within --since/--until, or one that could not be read ({@link Span#problem()} set, with its line).
     */
    default void acceptSpan(Span s) {
    }

    /**
     * Both sinks see every record. Each prepares from the record as read (so each sees its text, whatever the order)
     * and both accept the one record that carries what each derived, under its own key; its text is dropped when
     * either sink dropped it (a sink that reads the text in {@code accept} must not be wired with one that frees it).
     */
    static RecordSink both(RecordSink first, RecordSink second) {
        return new RecordSink() {
            @Override
            public LogRecord prepare(LogRecord r) {
                return merged(r, first.prepare(r), second.prepare(r));
            }

            @Override
            public void accept(LogRecord r) {
                first.accept(r);
                second.accept(r);
            }

            @Override
            public boolean counted(LogRecord r) {
                return first.counted(r) && second.counted(r);
            }

            @Override
            public boolean wantsSpans() {
                return first.wantsSpans() || second.wantsSpans();
            }

            @Override
            public java.util.Map<String, LogRecord> storedCopies(java.util.Collection<String> requestIds) {
                java.util.Map<String, LogRecord> found = new java.util.HashMap<>(second.storedCopies(requestIds));
                found.putAll(first.storedCopies(requestIds));
                return found;
            }

            @Override
            public void acceptSpan(Span s) {
                first.acceptSpan(s);
                second.acceptSpan(s);
            }
        };
    }

    /**
     * {@code r} as two sinks prepared it apart: what both derived, without the text either dropped. A sink's prepare
     * only adds derived values and drops text; every other field stays as read.
     */
    private static LogRecord merged(LogRecord r, LogRecord a, LogRecord b) {
        if (b == r) {
            return a;
        }
        if (a == r) {
            return b;
        }
        LogRecord.Builder m = a.toBuilder();
        m.derived = a.derived.and(b.derived);
        m.messages = b.messages == null ? null : m.messages;
        m.response = b.response == null ? null : m.response;
        return m.build();
    }
}
