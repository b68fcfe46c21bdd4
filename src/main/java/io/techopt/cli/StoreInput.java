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
     * the store's logs held in {@code countWindow}, by UTC day. {@code pricer}, the run's (null: no pricing), gets a
     * warning when the store's logs were priced at ingest with other prices.
     */
    static IngestStats read(Path store, long[] window, boolean quiet, LogCommand.TextUse text, RecordSink sink,
                            PrintWriter err, long[] countWindow,
                            java.util.function.Consumer<java.util.SortedMap<java.time.LocalDate, Long>> callsWithoutUsage,
                            io.techopt.core.Progress progress, io.techopt.pricing.Pricer pricer) throws IOException {
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
            if (pricer != null) {
                s.pricedOtherwiseNote(pricer).ifPresent(stats.warnings::add);
            }
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
     * Reads the logs of {@code in} into a temporary store (its rows priced by {@code pricer}, no text), then its requests
     * into the sink as {@link #read} reads a store: a sink that takes last copies alone gets them with the count of those
     * left out, so it keeps sums, not requests (#14 item 5). The logs' reading says what a read of them says (warnings,
     * bad lines with their line numbers, progress); the counts returned are that read's. The store is deleted after,
     * on failure and on Ctrl-C too.
     */
    static IngestStats readThroughATemporaryStore(InputOptions in, boolean quiet, io.techopt.pricing.Pricer pricer,
                                                  RecordSink sink, PrintWriter err,
                                                  java.util.function.Consumer<java.util.SortedMap<java.time.LocalDate, Long>> callsWithoutUsage,
                                                  io.techopt.core.Progress progress) throws IOException {
        try (io.techopt.store.TemporaryStore tmp = io.techopt.store.TemporaryStore.create()) {
            // the spans too, as ingest counts them: the store keeps only their LLM calls without usage by day
            io.techopt.analyze.latency.LatencyMap spans = new io.techopt.analyze.latency.LatencyMap(pricer.book(),
                    pricer.priceDate(), 1).period(in.window()[0], in.window()[1]);
            IngestStats read = tmp.fill(pricer, new io.techopt.store.UsageStore.Reading() {
                @Override
                public IngestStats read(RecordSink rows) throws IOException {
                    return LogInput.read(in, quiet, RecordSink.both(rows, spans), err, progress);
                }

                @Override
                public java.util.SortedMap<java.time.LocalDate, Long> callsWithoutUsageByDay() {
                    return spans.finishForCallsWithoutUsageByDay();
                }
            }, progress);
            IngestStats stats;
            try (DuckDbUsageStore s = DuckDbUsageStore.open(tmp.store())) {
                s.progress(progress);
                callsWithoutUsage.accept(s.callsWithoutUsageByDay(in.window()[0], in.window()[1]));
                stats = s.read(in.readWindow()[0], in.readWindow()[1], sink);
            }
            stats.copyReadCounts(read); // the logs' read said its warnings and bad lines; the store's copy of them is not said again
            return stats;
        }
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
