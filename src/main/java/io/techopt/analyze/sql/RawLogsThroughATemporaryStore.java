package io.techopt.analyze.sql;

import io.techopt.analyze.AnalyzeOptions;
import io.techopt.analyze.latency.LatencyMap;
import io.techopt.analyze.latency.LatencySection;
import io.techopt.core.Progress;
import io.techopt.ingest.IngestStats;
import io.techopt.ingest.NothingReadException;
import io.techopt.ingest.RecordSink;
import io.techopt.pricing.Pricer;
import io.techopt.report.Report;
import io.techopt.store.DuckDbUsageStore;
import io.techopt.store.TemporaryStore;
import io.techopt.store.UsageStore;

import java.io.IOException;
import java.time.LocalDate;
import java.util.SortedMap;
import java.util.TreeMap;

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
        IngestStats[] read = new IngestStats[1];
        Report report;
        try (TemporaryStore tmp = TemporaryStore.create()) {
            try (DuckDbUsageStore s = DuckDbUsageStore.forIngest(tmp.store(), pricer, false)) {
                s.progress(progress);
                UsageStore.Appended a = s.append(TemporaryStore.oneSourceOfThisRun(), new UsageStore.Reading() {
                    @Override
                    public IngestStats read(RecordSink sink) throws IOException {
                        read[0] = reading.read(RecordSink.both(sink, latency));
                        return read[0];
                    }

                    @Override
                    public SortedMap<LocalDate, Long> callsWithoutUsageByDay() {
                        return new TreeMap<>(); // analyze's latency map counts them, from the spans it read
                    }
                });
                if (a.nothingRead()) {
                    NothingReadException.check(a.stats()); // the append kept going for ingest's other logs; analyze stops: exit 3
                }
                s.commitIfNew();
            }
            try (DuckDbUsageStore s = DuckDbUsageStore.open(tmp.store())) {
                report = DuckDbAnalyze.run(s, pricer, options, sinceMs, untilMs, counted -> counted.copyReadCounts(read[0]));
            }
        }
        return latency.sawSpans() ? LatencySection.on(report, latency.finish()) : report;
    }
}
