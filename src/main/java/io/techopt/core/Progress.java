package io.techopt.core;

/**
 * The port through which a long step tells where it is (reading a log, embedding, calibration, the matrix kNN, warming,
 * ingest): the command line draws it on stderr, never in a report, so an engine or service reports progress without
 * knowing the terminal. A step is named by its {@code stage}; a new name starts the next step.
 */
@FunctionalInterface
public interface Progress {
    Progress NONE = (stage, done, total) -> {
    };

    /** {@code done} of {@code total} units of {@code stage} are finished ({@code total} < 0: unknown); from any thread. */
    void at(String stage, long done, long total);

    /** As {@link #at}, the units being bytes (shown as MB). */
    default void bytes(String stage, long done, long total) {
        at(stage, done, total);
    }
}
