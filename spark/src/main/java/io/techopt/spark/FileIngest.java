package io.techopt.spark;

import io.techopt.analyze.latency.LatencyMap;
import io.techopt.cli.LogInput;
import io.techopt.core.Redactor;
import io.techopt.ingest.BadLine;
import io.techopt.ingest.IngestOptions;
import io.techopt.ingest.IngestStats;
import io.techopt.ingest.LogReader;
import io.techopt.ingest.LogSource;
import io.techopt.ingest.NothingReadException;
import io.techopt.ingest.RecordSink;
import io.techopt.pricing.Pricer;
import io.techopt.store.StagingSink;
import io.techopt.tokens.TokenCounter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One log read inside a Spark task as {@code techopt ingest} reads it: techopt's own {@link LogReader} (format sniffing,
 * every format, bad lines counted and sampled), the CLI's {@link StagingSink} (usage, price, keys, redaction) writing
 * Spark rows, and what the CLI's store does after reading a log (the copy a Langfuse update replaces dropped, repeated
 * request ids counted).
 */
final class FileIngest {
    private FileIngest() {
    }

    /** A log to read: its Hadoop path, its name as given (the manifest's, redacted there), and its place in the store. */
    record Task(int seq, String path, String name, boolean keepText, Prices prices, Parsing parsing) implements Serializable {
    }

    /** How to parse, as ingest's options say it: a forced format (null: detected per file), a default model, strict, longest line. */
    record Parsing(String inputFormat, String defaultModel, boolean strict, int maxLineMb) implements Serializable {
        static final Parsing DEFAULT = new Parsing(null, null, false, 64);

        Parsing {
            if (maxLineMb < 1 || maxLineMb > 1024) {
                throw new IllegalArgumentException("--max-line-mb must be between 1 and 1024");
            }
            if (inputFormat != null) {
                io.techopt.ingest.InputFormat.fromId(inputFormat); // an unknown format fails on the driver
            }
        }

        IngestOptions options() {
            IngestOptions o = IngestOptions.defaults();
            if (inputFormat != null) {
                o = o.withFormat(io.techopt.ingest.InputFormat.fromId(inputFormat));
            }
            // one parsing thread: a Spark task has one core, the job's parallelism is its tasks
            return o.withDefaultModel(defaultModel).withStrict(strict).withMaxLineBytes(maxLineMb << 20).withThreads(1);
        }
    }

    /** What reading a log gave, besides its rows: the manifest's figures and the summary's. */
    record Result(int seq, long records, long rows, long requests, long duplicates, long firstMs, long lastMs, long badLines,
                  List<Bad> badLineSamples, String format, long lines, long ignored, long estimated, List<String> warnings,
                  SortedMap<String, Long> callsWithoutUsageByDay) implements Serializable {
    }

    /** One of the first bad lines, as the reader listed it. */
    record Bad(String file, long line, String reason) implements Serializable {
        BadLine toBadLine() {
            return new BadLine(file, line, reason);
        }
    }

    /** Reads the task's log; its rows go to {@code rows} in log order, after the copies that updates replace are dropped. */
    static Result read(Task t, Configuration conf, java.util.function.Consumer<Row> rows) throws IOException {
        org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(t.path());
        FileSystem fs = hp.getFileSystem(conf);
        Path local;
        Path copy = null;
        if (fs instanceof LocalFileSystem || "file".equals(fs.getUri().getScheme())) {
            local = Path.of(hp.toUri().getPath());
        } else {
            // techopt's reader takes a file (gzip, encodings, byte order marks sniffed on it): a remote log is copied to the
            // task's local disk first, under its own name (the name says how to read it: .csv, .gz)
            copy = Files.createTempDirectory("techopt-spark-log");
            local = copy.resolve(hp.getName());
            try (InputStream in = fs.open(hp)) {
                Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
            }
            // a log's time: a format without dates (relative Mooncake offsets) is anchored at the file's modification
            Files.setLastModifiedTime(local, java.nio.file.attribute.FileTime.fromMillis(fs.getFileStatus(hp).getModificationTime()));
        }
        try {
            return readLocal(t, local, rows);
        } finally {
            if (copy != null) {
                Files.deleteIfExists(local);
                Files.deleteIfExists(copy);
            }
        }
    }

    private static Result readLocal(Task t, Path file, java.util.function.Consumer<Row> out) throws IOException {
        Pricer pricer = t.prices().pricer();
        List<Row> buffered = new ArrayList<>();
        StagingSink sink = new StagingSink(new SparkRowWriter(buffered::add), pricer, t.seq(), t.keepText());
        // the spans too, as cost-forecast reads them: the store keeps only their count of LLM calls without usage by day
        LatencyMap spans = new LatencyMap(pricer.book(), pricer.priceDate(), 1).period(Long.MIN_VALUE, Long.MAX_VALUE);
        LogReader reader = new LogReader(t.parsing().options(), new TokenCounter());
        LogSource source = new LogSource(t.name(), file);
        IngestStats stats = reader.read(List.of(source), RecordSink.both(sink, spans));
        NothingReadException.check(stats);
        if (stats.badLines > 0) {
            stats.warnings.add(LogInput.badLinesWarning(stats)); // as the CLI's ingest keeps it in the manifest
        }
        List<Row> kept = dropUpdatedCopies(buffered, sink.updateOrds());
        int keyAt = SparkRowWriter.SCHEMA.fieldIndex("request_key");
        int tsAt = SparkRowWriter.SCHEMA.fieldIndex("ts");
        int countAt = SparkRowWriter.SCHEMA.fieldIndex("request_count");
        long requests = 0, first = Long.MAX_VALUE, last = Long.MIN_VALUE, withKey = 0;
        Set<Long> keys = new HashSet<>();
        for (Row r : kept) {
            requests += r.getLong(countAt);
            long ms = ((java.time.LocalDateTime) r.get(tsAt)).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
            first = Math.min(first, ms);
            last = Math.max(last, ms);
            if (!r.isNullAt(keyAt)) {
                withKey++;
                keys.add(r.getLong(keyAt));
            }
            out.accept(r);
        }
        SortedMap<String, Long> calls = new TreeMap<>();
        spans.finishForCallsWithoutUsageByDay().forEach((d, n) -> calls.put(d.toString(), n));
        List<Bad> samples = new ArrayList<>();
        for (BadLine b : stats.firstBadLines) {
            samples.add(new Bad(b.file(), b.line(), b.reason()));
        }
        return new Result(t.seq(), stats.records, kept.size(), requests, withKey - keys.size(), first, last, stats.badLines, samples,
                stats.formats.get(source.name()), stats.lines, stats.ignored, stats.estimated,
                stats.warnings.stream().map(Redactor::redact).toList(), calls);
    }

    /**
     * Drops the copy each update replaces (a Langfuse observation updated after it was read): the latest earlier row of
     * the same request key, as the CLI's store does before writing (DuckDbUsageStore.dropUpdatedCopies). The rows keep
     * their {@code ord}.
     */
    static List<Row> dropUpdatedCopies(List<Row> rows, List<Long> updateOrds) {
        if (updateOrds.isEmpty()) {
            return rows;
        }
        int ordAt = SparkRowWriter.SCHEMA.fieldIndex("ord");
        int keyAt = SparkRowWriter.SCHEMA.fieldIndex("request_key");
        Set<Long> updates = new HashSet<>(updateOrds);
        Set<Long> drop = new HashSet<>();
        Map<Long, Long> latestOrdOfKey = new HashMap<>();
        for (Row r : rows) {
            long ord = r.getLong(ordAt);
            Long key = r.isNullAt(keyAt) ? null : r.getLong(keyAt);
            if (updates.contains(ord) && key != null && latestOrdOfKey.containsKey(key)) {
                drop.add(latestOrdOfKey.get(key));
            }
            if (key != null) {
                latestOrdOfKey.put(key, ord);
            }
        }
        if (drop.isEmpty()) {
            return rows;
        }
        List<Row> kept = new ArrayList<>(rows.size() - drop.size());
        for (Row r : rows) {
            if (!drop.contains(r.getLong(ordAt))) {
                kept.add(r);
            }
        }
        return kept;
    }
}
