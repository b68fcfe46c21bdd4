package io.techopt.analyze.sql;

import io.techopt.analyze.AnalyzeOptions;
import io.techopt.analyze.latency.LatencyMap;
import io.techopt.analyze.latency.LatencySection;
import io.techopt.core.Progress;
import io.techopt.ingest.IngestStats;
import io.techopt.ingest.RecordSink;
import io.techopt.pricing.Pricer;
import io.techopt.report.Report;
import io.techopt.store.DuckDbUsageStore;
import io.techopt.store.TemporaryStore;
import io.techopt.store.UsageStore;

import java.io.IOException;

/**
 * analyze on raw logs through a temporary store (issue #14 item 5, {@code --engine duckdb}): the logs read by the
 * command's own reading (the same reader, window, warnings and bad lines on stderr as the in-memory path, spans for
 * the latency map), their rows ingested into a store of the run's own, analyzed by {@link DuckDbAnalyze}, then the
 * store deleted (on failure and on Ctrl-C too). The report's ingest counts, bad-line samples, warnings and inputs are
 * the read's, as the in-memory path reports them.
 */
public final class RawLogsThroughATemporaryStore {
    private RawLogsThroughATemporaryStore() {
    }

    /**
     * analyze's report on what {@code reading} reads, the requests in [sinceMs, untilMs) (the reading drops the others
     * and counts them); {@code latency} also gets every record and span read.
     */
    public static Report run(UsageStore.Reading reading, Pricer pricer, AnalyzeOptions options, long sinceMs, long untilMs,
                             LatencyMap latency, Progress progress) throws IOException {
        Report report;
        try (TemporaryStore tmp = TemporaryStore.create()) {
            // analyze's latency map counts the LLM calls without usage, from the spans it reads
            IngestStats read = tmp.fill(pricer, sink -> reading.read(RecordSink.both(sink, latency)), progress);
            try (DuckDbUsageStore s = DuckDbUsageStore.open(tmp.store())) {
                report = DuckDbAnalyze.run(s, pricer, options, sinceMs, untilMs, counted -> counted.copyReadCounts(read));
            }
        }
        return latency.sawSpans() ? LatencySection.on(report, latency.finish()) : report;
    }
}
