package io.techopt.cli;

import io.techopt.ingest.IngestStats;
import io.techopt.ingest.NothingReadException;
import io.techopt.ingest.RecordSink;
import io.techopt.store.DuckDbUsageStore;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Reads a usage store for any command, as {@link LogInput} reads logs: the same sink, the same counts. */
final class StoreInput {
    private StoreInput() {
    }

    /**
     * Reads the store's requests in the window into the sink. {@code textUse} names what the run measures from prompt
     * text (null: nothing): a store without text makes those figures null, and a warning says why.
     */
    static IngestStats read(Path store, long[] window, boolean quiet, String textUse, RecordSink sink, PrintWriter err)
            throws IOException {
        IngestStats stats;
        try (DuckDbUsageStore s = DuckDbUsageStore.open(store)) {
            stats = s.read(window[0], window[1], sink);
            long without = s.sources().stream().filter(src -> !src.keepText()).count();
            if (textUse != null && without > 0) {
                stats.warnings.add(without == s.sources().size()
                        ? "the store keeps no prompt or answer text (its logs were ingested without --keep-text), so "
                        + textUse + " cannot be measured: ingest the logs with --keep-text to measure it"
                        : without + " of the store's " + s.sources().size() + " logs were ingested without --keep-text: "
                        + textUse + " counts only the requests of the others");
            }
        }
        if (!quiet) {
            stats.warnings.forEach(w -> err.println("techopt: warning: " + w));
        }
        if (stats.badLines > 0) {
            // as on the logs, skipped input is said even under -q; ingest listed the lines themselves
            err.println("techopt: " + stats.badLines + " bad line" + (stats.badLines == 1 ? " was" : "s were")
                    + " skipped when the store's logs were ingested (techopt ingest listed them)");
        }
        NothingReadException.check(stats);
        return stats;
    }
}
