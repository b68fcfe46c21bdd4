package io.techopt.route;

/** Where a long run is (route-sim --matrix: tokens, embeddings, kNN): told to stderr by the command, never to a report. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (stage, done, total) -> {
    };

    /** {@code done} of {@code total} units of {@code stage} are finished; called from any thread. */
    void at(String stage, long done, long total);
}
