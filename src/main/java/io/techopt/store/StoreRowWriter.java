package io.techopt.store;

import java.time.LocalDate;

/**
 * Where {@link StagingSink} puts a row's values, one call a column in {@link StoreSchema#COLUMNS}' order: DuckDB's
 * Appender for {@code techopt ingest}, a row of the Spark job (techopt-spark) for the same rows written by Spark, so the
 * pricing, keys and redaction of a stored row are defined once.
 */
public interface StoreRowWriter {
    void beginRow();

    void endRow();

    void appendNull();

    void append(int v);

    void append(long v);

    void append(boolean v);

    void append(double v);

    void append(String v);

    void append(LocalDate v);

    void appendEpochMicros(long micros);

    void appendEpochDays(int days);

    /** Hands the rows appended so far to the table (DuckDB's Appender holds rows in memory until it does). */
    default void flush() {
    }

    /** DuckDB's Appender as a writer (its SQLException unchecked). */
    static StoreRowWriter of(org.duckdb.DuckDBAppender a) {
        return new StoreRowWriter() {
            @Override
            public void beginRow() {
                run(a::beginRow);
            }

            @Override
            public void endRow() {
                run(a::endRow);
            }

            @Override
            public void appendNull() {
                run(a::appendNull);
            }

            @Override
            public void append(int v) {
                run(() -> a.append(v));
            }

            @Override
            public void append(long v) {
                run(() -> a.append(v));
            }

            @Override
            public void append(boolean v) {
                run(() -> a.append(v));
            }

            @Override
            public void append(double v) {
                run(() -> a.append(v));
            }

            @Override
            public void append(String v) {
                run(() -> a.append(v));
            }

            @Override
            public void append(LocalDate v) {
                run(() -> a.append(v));
            }

            @Override
            public void appendEpochMicros(long micros) {
                run(() -> a.appendEpochMicros(micros));
            }

            @Override
            public void appendEpochDays(int days) {
                run(() -> a.appendEpochDays(days));
            }

            @Override
            public void flush() {
                run(a::flush);
            }

            private void run(SqlStep s) {
                try {
                    s.run();
                } catch (java.sql.SQLException ex) {
                    throw new IllegalStateException("could not append to the store's staging table: "
                            + io.techopt.core.Redactor.redact(DuckDbErrors.firstLine(String.valueOf(ex.getMessage()))), ex);
                }
            }
        };
    }

    /** One Appender call. */
    @FunctionalInterface
    interface SqlStep {
        void run() throws java.sql.SQLException;
    }
}
