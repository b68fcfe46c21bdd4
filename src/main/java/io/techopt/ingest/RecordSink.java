package io.techopt.ingest;

/** Receives records from {@link LogReader}. */
public interface RecordSink {
    /** Runs on parser threads, before {@link #accept}: derive per-record features in parallel. */
    default void prepare(LogRecord r) {
    }

    /** Runs on the reading thread, one record at a time, in input order. */
    void accept(LogRecord r);
}
