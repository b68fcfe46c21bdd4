package io.techopt.ingest;

import io.techopt.core.LogRecord;

/** Receives records from {@link LogReader}. */
public interface RecordSink {
    /** Runs on parser threads, before {@link #accept}: derive per-record features in parallel. */
    default void prepare(LogRecord r) {
    }

    /** Runs on the reading thread, one record at a time, in input order. */
    void accept(LogRecord r);

    /**
     * Whether a record read counts among the run's requests (and its estimated tokens or conflicting token fields in
     * the run's counts); one that does not is counted as outside --since/--until but still accepted. analyze
     * --compare-to reads its baseline too, and its report counts only the current period, as a run of it alone does.
     */
    default boolean counted(LogRecord r) {
        return true;
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
     * Both sinks see every record; each keeps its own {@link LogRecord#derived}. {@code first} prepares first, so
     * it still sees the text that {@code second}'s prepare may drop.
     */
    static RecordSink both(RecordSink first, RecordSink second) {
        return new RecordSink() {
            @Override
            public void prepare(LogRecord r) {
                first.prepare(r);
                Object a = r.derived;
                r.derived = null;
                second.prepare(r);
                r.derived = new Object[]{a, r.derived};
            }

            @Override
            public void accept(LogRecord r) {
                Object[] d = (Object[]) r.derived;
                r.derived = d[0];
                first.accept(r);
                r.derived = d[1];
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
            public void acceptSpan(Span s) {
                first.acceptSpan(s);
                second.acceptSpan(s);
            }
        };
    }
}
