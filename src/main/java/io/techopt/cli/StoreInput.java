package io.techopt.cli;

import io.techopt.core.ComplexityClassifier;
import io.techopt.core.LogRecord;
import io.techopt.core.PromptKey;
import io.techopt.ingest.ForwardingSink;
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
     * Reads the store's requests in the window into the sink. {@code text} says what the run reads prompt text for
     * (null: nothing): a store without text is a usage error when nothing can be done without it, else a warning says
     * which figures it leaves null or judged without text. {@code callsWithoutUsage} gets the LLM calls without usage
     * the store's logs held in {@code countWindow}, by UTC day.
     */
    static IngestStats read(Path store, long[] window, boolean quiet, LogCommand.TextUse text, RecordSink sink,
                            PrintWriter err, long[] countWindow,
                            java.util.function.Consumer<java.util.SortedMap<java.time.LocalDate, Long>> callsWithoutUsage,
                            io.techopt.core.Progress progress) throws IOException {
        IngestStats stats;
        try (DuckDbUsageStore s = DuckDbUsageStore.open(store)) {
            s.progress(progress);
            // the store keeps no spans: the LLM calls without usage its logs held, by day, counted at ingest
            callsWithoutUsage.accept(s.callsWithoutUsageByDay(countWindow[0], countWindow[1]));
            long without = s.sources().stream().filter(src -> !src.keepText()).count(), all = s.sources().size();
            if (text != null && text.need() == LogCommand.Need.ALL && all > 0 && without == all) {
                throw new IllegalArgumentException(store + " keeps no prompt or answer text (its logs were ingested "
                        + "without --keep-text), and " + text.what() + " needs them: ingest the logs with --keep-text "
                        + "into a new store");
            }
            java.util.concurrent.atomic.AtomicLong untyped = new java.util.concurrent.atomic.AtomicLong();
            RecordSink counting = text == null || text.need() != LogCommand.Need.UNTYPED || without == 0 ? sink
                    : new ForwardingSink(sink) {
                        @Override
                        public LogRecord prepare(LogRecord r) {
                            // as stored, before a sink frees the text: a prompt kept only as its key
                            if (!r.hasPrompt() && r.derived(PromptKey.STORED) != null && !ComplexityClassifier.byTaskType(r.taskType)) {
                                untyped.incrementAndGet();
                            }
                            return next.prepare(r);
                        }
                    };
            stats = s.read(window[0], window[1], counting);
            if (text != null && without > 0) {
                String warning = switch (text.need()) {
                    case UNTYPED -> untyped.get() == 0 ? null : untyped.get()
                            + (untyped.get() == 1 ? " record without a known task type has" : " records without a known task type have")
                            + " no prompt text in the store (ingested without --keep-text): " + text.what()
                            + " judged their complexity from their prompt tokens alone, so its figures can differ from "
                            + "the same log's read directly (there the prompt text is read too); ingest the logs with "
                            + "--keep-text to judge them as on the log";
                    case ALL, SOME -> without == all
                            ? "the store keeps no prompt or answer text (its logs were ingested without --keep-text), so "
                            + text.what() + " cannot be measured: ingest the logs with --keep-text to measure it"
                            : without + " of the store's " + all + " logs were ingested without --keep-text: "
                            + text.what() + " counts only the requests of the others";
                };
                if (warning != null) {
                    stats.warnings.add(warning);
                }
            }
        }
        reported(stats, quiet, err);
        return stats;
    }

    /**
     * Says what reading the store gave as a read of logs says it: its logs' warnings (none under -q), the bad lines its
     * ingest skipped (always); stops a run that read nothing.
     */
    static void reported(IngestStats stats, boolean quiet, PrintWriter err) {
        if (!quiet) {
            stats.warnings.forEach(w -> err.println("techopt: warning: " + w));
        }
        if (stats.badLines > 0) {
            // as on the logs, skipped input is said even under -q; ingest listed the lines themselves
            err.println("techopt: " + stats.badLines + " bad line" + (stats.badLines == 1 ? " was" : "s were")
                    + " skipped when the store's logs were ingested (techopt ingest listed them)");
            stats.warnings.add(stats.badLines + " bad line" + (stats.badLines == 1 ? " was" : "s were")
                    + " skipped when the store's logs were ingested (techopt ingest listed them)");
        }
        NothingReadException.check(stats);
    }
}
