package io.techopt.cli;

import io.techopt.core.Progress;
import io.techopt.core.Redactor;
import io.techopt.ingest.IngestOptions;
import io.techopt.ingest.IngestStats;
import io.techopt.ingest.LogReader;
import io.techopt.ingest.LogSource;
import io.techopt.ingest.RecordSink;
import io.techopt.tokens.TokenCounter;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/** Reads logs for any command: progress on a terminal, then ingest warnings on stderr unless quiet. */
public final class LogInput {
    private LogInput() {
    }

    static IngestStats read(InputOptions in, boolean quiet, RecordSink sink, PrintWriter err, Progress progress) throws IOException {
        List<LogSource.DirectoryScan> dirs = new java.util.ArrayList<>();
        List<LogSource> sources = LogSource.expand(in.files(), dirs);
        return read(in, quiet, sources, dirs, sink, err, progress);
    }

    /** As {@link #read(InputOptions, boolean, RecordSink, PrintWriter, Progress)}, of the given sources (ingest reads one log at a time). */
    static IngestStats read(InputOptions in, boolean quiet, List<LogSource> sources, List<LogSource.DirectoryScan> dirs,
                            RecordSink sink, PrintWriter err, Progress progress) throws IOException {
        IngestOptions opts = in.toIngestOptions();
        LogReader reader = new LogReader(opts, new TokenCounter());
        if (in.readWindow != null && in.window()[0] != Long.MIN_VALUE) {
            reader.anchorRelativeAt(in.window()[0]); // a wider read window: a replay trace still starts at --since
        }
        long batchEnded = in.batchEndedMs();
        if (batchEnded != Long.MIN_VALUE) {
            reader.batchEndedAt(batchEnded);
        }
        // the files' bytes as stored (gzip too): their sizes are known up front; stdin or a database has none (-1)
        long total = 0;
        for (LogSource s : sources) {
            long size = s.path() == null || s.opener() != null ? -1 : sizeOf(s.path());
            total = size < 0 || total < 0 ? -1 : total + size;
        }
        String stage = "reading " + (sources.size() == 1 ? sources.get(0).name() : sources.size() + " logs");
        long size = total;
        progress.bytes(stage, 0, size);
        java.util.concurrent.ScheduledExecutorService ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "techopt-reading");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> progress.bytes(stage, reader.fileBytesRead(), size), 200, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
        IngestStats stats;
        try {
            stats = reader.read(sources, sink);
        } finally {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        progress.bytes(stage, reader.fileBytesRead(), size < 0 ? reader.fileBytesRead() : size);
        directories(dirs, sources.isEmpty(), stats);
        if (!quiet) {
            for (String w : stats.warnings) {
                err.println("techopt: warning: " + Redactor.redact(w));
            }
            if (stats.badLines > 0) {
                err.println("techopt: " + stats.badLines + " bad line" + (stats.badLines == 1 ? "" : "s") + " skipped"
                        + (stats.badLines > stats.firstBadLines.size() ? " (first " + stats.firstBadLines.size() + " listed)" : "") + ":");
                stats.firstBadLines.forEach(b -> err.println("  " + Redactor.redact(b.toString())));
            }
        } else if (stats.badLines > 0) {
            // cli.md: --quiet silences progress; it never hides that input was skipped, so one line says so
            err.println("techopt: " + stats.badLines + " bad line" + (stats.badLines == 1 ? "" : "s")
                    + " skipped (the report's ingest.bad_line_samples lists the first; run without -q to list them here)");
        }
        io.techopt.ingest.NothingReadException.check(stats);
        if (stats.badLines > 0) {
            // in the report's warnings too, where a script reading the JSON looks (review r17 #6); stderr said it above
            stats.warnings.add(badLinesWarning(stats));
        }
        return stats;
    }

    /** The skipped lines in one sentence: how many, the first, where the rest are listed. */
    public static String badLinesWarning(IngestStats stats) {
        return Redactor.redact(stats.badLines + " bad line" + (stats.badLines == 1 ? "" : "s") + " skipped"
                + (stats.firstBadLines.isEmpty() ? "" : " (first: " + stats.firstBadLines.get(0) + ")")
                + (stats.badLines > 1 ? "; ingest.bad_line_samples lists the first " + stats.firstBadLines.size() : ""));
    }

    private static long sizeOf(java.nio.file.Path p) {
        try {
            return java.nio.file.Files.isRegularFile(p) ? java.nio.file.Files.size(p) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Directories tell what they held: an empty one is a warning (empty input: nothing to read, exit 0); files
     * skipped for their names are named in a warning; and when the input held no log file at all but such files, no
     * request could be read from non-empty input: exit 3 naming the directory and what was skipped (cli.md).
     */
    private static void directories(List<LogSource.DirectoryScan> dirs, boolean noFileToRead, IngestStats stats) {
        List<String> skipped = new java.util.ArrayList<>();
        for (LogSource.DirectoryScan d : dirs) {
            if (d.logFiles() == 0 && d.otherFiles().isEmpty()) {
                stats.warnings.add("directory " + d.dir() + " is empty: it holds no file to read");
            } else if (!d.otherFiles().isEmpty()) {
                String what = d.otherFiles().size() + " file" + (d.otherFiles().size() == 1 ? "" : "s") + " skipped ("
                        + String.join(", ", d.otherFiles().subList(0, Math.min(3, d.otherFiles().size())))
                        + (d.otherFiles().size() > 3 ? ", …" : "") + "): a log file's name ends in " + LogSource.logSuffixes();
                skipped.add("directory " + d.dir() + (d.logFiles() == 0 ? " holds no log file: " : ": ") + what);
            }
        }
        if (noFileToRead && !skipped.isEmpty()) {
            throw new io.techopt.ingest.NothingReadException(Redactor.redact("no request could be read from non-empty input: "
                    + String.join("; ", skipped)));
        }
        stats.warnings.addAll(skipped);
    }
}
