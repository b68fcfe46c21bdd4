package io.techopt.cli;

import io.techopt.ingest.IngestOptions;
import io.techopt.ingest.IngestStats;
import io.techopt.ingest.LogReader;
import io.techopt.ingest.LogSource;
import io.techopt.ingest.RecordSink;
import io.techopt.report.Redactor;
import io.techopt.tokens.TokenCounter;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Reads logs for any command: progress on a terminal, then ingest warnings on stderr unless quiet. */
final class LogInput {
    private LogInput() {
    }

    static IngestStats read(InputOptions in, boolean quiet, RecordSink sink, PrintWriter err) throws IOException {
        IngestOptions opts = in.toIngestOptions();
        List<LogSource> sources = LogSource.expand(in.files());
        LogReader reader = new LogReader(opts, new TokenCounter());
        long batchEnded = in.batchEndedMs();
        if (batchEnded != Long.MIN_VALUE) {
            reader.batchEndedAt(batchEnded);
        }
        Thread ticker = null;
        if (!quiet && Terminal.stderrIsTerminal()) {
            long started = System.nanoTime();
            ticker = new Thread(() -> {
                try {
                    while (true) {
                        Thread.sleep(500);
                        double s = (System.nanoTime() - started) / 1e9;
                        double mb = reader.bytesRead() / 1e6;
                        err.printf(Locale.ROOT, "\rreading %,.0f MB  %.0f MB/s  %.0f s ", mb, mb / s, s);
                        err.flush();
                    }
                } catch (InterruptedException e) {
                    err.print("\r\u001b[K");
                    err.flush();
                }
            }, "techopt-progress");
            ticker.setDaemon(true);
            ticker.start();
        }
        IngestStats stats;
        try {
            stats = reader.read(sources, sink);
        } finally {
            if (ticker != null) {
                ticker.interrupt();
                try {
                    ticker.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (!quiet) {
            for (String w : stats.warnings) {
                err.println("techopt: warning: " + Redactor.redact(w));
            }
            if (stats.badLines > 0) {
                err.println("techopt: " + stats.badLines + " bad line" + (stats.badLines == 1 ? "" : "s") + " skipped"
                        + (stats.badLines > stats.firstBadLines.size() ? " (first " + stats.firstBadLines.size() + " listed)" : "") + ":");
                stats.firstBadLines.forEach(b -> err.println("  " + Redactor.redact(b.toString())));
            }
        }
        io.techopt.ingest.NothingReadException.check(stats);
        return stats;
    }
}
