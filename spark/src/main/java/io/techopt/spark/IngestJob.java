package io.techopt.spark;

import io.techopt.core.Redactor;
import io.techopt.ingest.IngestStats;
import io.techopt.ingest.LogSource;
import io.techopt.report.IngestCounts;
import io.techopt.report.JsonRenderer;
import io.techopt.report.Report;
import io.techopt.report.WarningsSection;
import io.techopt.store.IngestReport;
import io.techopt.store.StoreManifest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.apache.spark.sql.functions.col;

/**
 * {@code techopt ingest} as a Spark job (#15): logs on any Hadoop file system (local, s3a, gs, hdfs) appended to a usage
 * store with the CLI's layout and semantics (docs/store.md). A log already in the store (same SHA-256) is skipped; each
 * log is read by techopt's own readers in a task of its own ({@link FileIngest}); Spark writes the rows as Parquet, one
 * file a day and log, which move into the store's day directories before the manifest, the commit point, lists them.
 * A job commits all its logs at once: a killed job leaves the store as it was (its files unlisted, removed by the next
 * ingest, the CLI's or this job's).
 */
public final class IngestJob {
    private IngestJob() {
    }

    /** What the job is asked: the store, the logs (files, directories or globs), the price book, whether to keep text. */
    public record Options(String store, List<String> logs, Prices prices, boolean keepText, FileIngest.Parsing parsing) {
        public static Options of(String store, List<String> logs, List<java.nio.file.Path> priceFiles, String priceDate,
                                 boolean keepText) throws IOException {
            return new Options(store, List.copyOf(logs), Prices.of(priceFiles, priceDate), keepText, FileIngest.Parsing.DEFAULT);
        }

        public Options parsing(String inputFormat, String defaultModel, boolean strict, int maxLineMb) {
            return new Options(store, logs, prices, keepText, new FileIngest.Parsing(inputFormat, defaultModel, strict, maxLineMb));
        }
    }

    /** One log found among the inputs: its path, its name as given, its size. */
    record Input(String path, String name, long bytes) implements Serializable {
    }

    /** Runs the job; returns the report {@code techopt ingest -f json} gives (same keys). */
    public static Report run(SparkSession spark, Options o) throws IOException {
        return run(spark, o, new java.io.PrintWriter(java.io.Writer.nullWriter()), true);
    }

    /**
     * Runs the job; on {@code err}, as techopt ingest says them (review r21 L6): each log's warnings and bad lines (a
     * quiet run says only how many lines it skipped: skipped input is never hidden), and each log skipped as a copy.
     */
    public static Report run(SparkSession spark, Options o, java.io.PrintWriter err, boolean quiet) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Map<String, String> confMap = new HashMap<>();
        conf.forEach(e -> confMap.put(e.getKey(), e.getValue()));
        List<Input> inputs = expand(o.logs(), conf);
        try (HadoopStore store = HadoopStore.forIngest(o.store(), conf)) {
            List<String> prints = inputs.isEmpty() ? List.of()
                    : jsc.parallelize(inputs, Math.min(inputs.size(), Math.max(1, jsc.defaultParallelism())))
                    .map(in -> fingerprint(in.path(), confOf(confMap))).collect();
            // which logs are new: the store's content fingerprints, and a copy given twice in this job is read once
            Map<String, StoreManifest.Source> known = new LinkedHashMap<>();
            store.manifest.sources().forEach(s -> known.putIfAbsent(s.fingerprint(), s));
            int seq = store.manifest.sources().stream().mapToInt(StoreManifest.Source::seq).max().orElse(0);
            List<FileIngest.Task> tasks = new ArrayList<>();
            Map<Integer, Input> inputOfSeq = new TreeMap<>();
            Map<Integer, String> printOfSeq = new HashMap<>();
            List<Object[]> order = new ArrayList<>(); // per input: its fingerprint, and the seq it got or the source it repeats
            Map<String, Integer> newSeqOfPrint = new HashMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                Input in = inputs.get(i);
                String fp = prints.get(i);
                if (known.containsKey(fp)) {
                    order.add(new Object[]{in, fp, known.get(fp), null});
                } else if (newSeqOfPrint.containsKey(fp)) {
                    order.add(new Object[]{in, fp, null, newSeqOfPrint.get(fp)});
                } else {
                    seq++;
                    newSeqOfPrint.put(fp, seq);
                    tasks.add(new FileIngest.Task(seq, in.path(), in.name(), o.keepText(), o.prices(), o.parsing()));
                    inputOfSeq.put(seq, in);
                    printOfSeq.put(seq, fp);
                    order.add(new Object[]{in, fp, null, seq});
                }
            }
            Map<Integer, FileIngest.Result> results = new TreeMap<>();
            Map<Integer, List<String>> filesOfSeq = new HashMap<>();
            if (!tasks.isEmpty()) {
                Path tmp = new Path(new Path(store.dir, HadoopStore.TMP), "spark-" + UUID.randomUUID());
                CollectionAccumulator<FileIngest.Result> acc = spark.sparkContext().collectionAccumulator("techopt ingest");
                JavaRDD<Row> rows = jsc.parallelize(tasks, tasks.size()).flatMap(t -> {
                    List<Row> out = new ArrayList<>();
                    try {
                        acc.add(FileIngest.read(t, confOf(confMap), out::add));
                    } catch (io.techopt.ingest.StrictInputException | io.techopt.ingest.NothingReadException e) {
                        throw BadInputFailure.of(e); // serializable: the driver gets it, not only its text
                    }
                    return out.iterator();
                });
                Dataset<Row> df = spark.createDataFrame(rows, SparkRowWriter.SCHEMA).withColumn("_seq", col("seq"));
                List<Column> cols = new ArrayList<>();
                for (io.techopt.store.StoreSchema.Column c : io.techopt.store.StoreSchema.COLUMNS) {
                    if (!c.name().equals("day")) {
                        cols.add(col(c.name()));
                    }
                }
                cols.add(col("_seq"));
                cols.add(col("day"));
                // one file a day and log, its rows in log order, as the CLI writes them; the day is the directory's name.
                // A log's rows are all in its task's partition: sorted there, no shuffle
                df.select(cols.toArray(new Column[0]))
                        .sortWithinPartitions("_seq", "day", "ord")
                        .write().mode(SaveMode.ErrorIfExists).option("compression", "zstd")
                        .partitionBy("_seq", "day").parquet(tmp.toString());
                for (FileIngest.Result r : acc.value()) {
                    results.put(r.seq(), r); // a task run twice (a retry) reports twice: the same figures
                }
                filesOfSeq = moveIn(store, tmp);
            }
            // the manifest: the new sources in seq order, committed at once
            StoreManifest next = store.manifest;
            List<StoreManifest.Source> added = new ArrayList<>(next.sources());
            Map<Integer, StoreManifest.Source> sourceOfSeq = new HashMap<>();
            String now = Instant.now().toString();
            // the catalogs as the CLI's ingest records them: redacted names, and each one's content digest
            io.techopt.pricing.PriceBook book = o.prices().pricer().book();
            List<String> catalogs = book.catalogs().stream().map(Redactor::redact).toList();
            for (FileIngest.Result r : results.values()) {
                Input in = inputOfSeq.get(r.seq());
                StoreManifest.Source s = new StoreManifest.Source(r.seq(), Redactor.redact(in.name()), printOfSeq.get(r.seq()),
                        in.bytes(), now, r.rows(), r.requests(), r.badLines(), r.duplicates(),
                        r.rows() == 0 ? null : Instant.ofEpochMilli(r.firstMs()).toString(),
                        r.rows() == 0 ? null : Instant.ofEpochMilli(r.lastMs()).toString(), o.keepText(),
                        catalogs, o.prices().priceDate(), filesOfSeq.getOrDefault(r.seq(), List.of()),
                        r.format(), r.lines(), r.ignored(), r.warnings(), r.callsWithoutUsageByDay(), List.of(),
                        book.catalogDigests());
                added.add(s);
                sourceOfSeq.put(r.seq(), s);
            }
            // a new store that took no log is committed empty, as the CLI's ingest of an empty directory makes one
            if (!results.isEmpty() || !store.fs.exists(new Path(store.dir, StoreManifest.FILE))) {
                store.commit(new StoreManifest(next.format(), next.version(), List.copyOf(added)));
            }
            return report(spark, store, order, sourceOfSeq, results, err, quiet);
        }
    }

    /** Moves the Parquet files Spark wrote under {@code tmp/_seq=N/day=D/} into the store; returns each log's files. */
    private static Map<Integer, List<String>> moveIn(HadoopStore store, Path tmp) throws IOException {
        Map<Integer, List<String>> out = new TreeMap<>();
        FileSystem fs = store.fs;
        for (FileStatus seqDir : fs.listStatus(tmp)) {
            String s = seqDir.getPath().getName();
            if (!seqDir.isDirectory() || !s.startsWith("_seq=")) {
                continue;
            }
            int seq = Integer.parseInt(s.substring("_seq=".length()));
            String token = String.format("s%06d-%s", seq, UUID.randomUUID().toString().substring(0, 8));
            FileStatus[] days = fs.listStatus(seqDir.getPath());
            Arrays.sort(days);
            List<String> files = new ArrayList<>();
            for (FileStatus day : days) {
                FileStatus[] parts = fs.listStatus(day.getPath(), p -> p.getName().endsWith(".parquet"));
                Arrays.sort(parts);
                int i = 0;
                for (FileStatus part : parts) {
                    String rel = day.getPath().getName() + "/" + token + "-" + i++ + ".parquet";
                    store.moveIn(part.getPath(), rel);
                    files.add(rel);
                }
            }
            out.put(seq, files);
        }
        return out;
    }

    /** The job's report: ingest's JSON, the store's totals computed by Spark SQL over the files the manifest lists. */
    private static Report report(SparkSession spark, HadoopStore store, List<Object[]> order,
                                 Map<Integer, StoreManifest.Source> sourceOfSeq, Map<Integer, FileIngest.Result> results,
                                 java.io.PrintWriter err, boolean quiet) throws IOException {
        List<IngestReport.SourceLine> lines = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int ingested = 0, skipped = 0;
        IngestStats read = new IngestStats();
        long repeats = 0;
        java.util.Set<Integer> reported = new java.util.HashSet<>();
        for (Object[] e : order) {
            Input in = (Input) e[0];
            String fp = (String) e[1];
            StoreManifest.Source earlier = (StoreManifest.Source) e[2];
            Integer seq = (Integer) e[3];
            String name = Redactor.redact(in.name());
            StoreManifest.Source mine = seq == null ? null : sourceOfSeq.get(seq);
            if (earlier == null && mine != null && !reported.add(seq)) {
                earlier = mine; // a second copy of a log this job read (the same file, or its content under another name)
            }
            if (earlier != null) {
                skipped++;
                lines.add(new IngestReport.SourceLine(name, "skipped", earlier.seq(), fp, 0, 0, 0, 0));
                if (!quiet) {
                    err.println("techopt-spark: warning: " + name + " skipped: its content is already in the store (source "
                            + earlier.seq() + ")");
                }
                notes.add(name + " was skipped: its content is already in the store as source " + earlier.seq()
                        + " (" + earlier.name() + ", ingested " + earlier.ingestedAt() + ")");
                continue;
            }
            ingested++;
            lines.add(new IngestReport.SourceLine(name, "ingested", mine.seq(), fp, mine.rows(), mine.requests(),
                    mine.badLines(), mine.files().size()));
            FileIngest.Result r = results.get(seq);
            if (!quiet) {
                r.warnings().forEach(w -> err.println("techopt-spark: warning: " + Redactor.redact(w)));
                if (r.badLines() > 0) {
                    err.println("techopt-spark: " + r.badLines() + " bad line" + (r.badLines() == 1 ? "" : "s") + " skipped"
                            + (r.badLines() > r.badLineSamples().size() ? " (first " + r.badLineSamples().size() + " listed)" : "") + ":");
                    r.badLineSamples().forEach(b -> err.println("  " + Redactor.redact(b.toBadLine().toString())));
                }
            } else if (r.badLines() > 0) {
                err.println("techopt-spark: " + r.badLines() + " bad line" + (r.badLines() == 1 ? "" : "s")
                        + " skipped (the report's ingest.bad_line_samples lists the first; run without -q to list them here)");
            }
            read.files++;
            read.records += r.records();
            read.badLines += r.badLines();
            read.lines += r.lines();
            read.ignored += r.ignored();
            read.estimated += r.estimated();
            for (FileIngest.Bad b : r.badLineSamples()) {
                if (read.firstBadLines.size() < IngestStats.KEEP_BAD_LINES) {
                    read.firstBadLines.add(b.toBadLine());
                }
            }
            read.warnings.addAll(r.warnings());
            repeats += mine.duplicateRequestIds();
        }
        List<String> warnings = new ArrayList<>(read.warnings);
        long[] t = totals(spark, store);
        double cost = Double.longBitsToDouble(t[4]);
        IngestReport.repeatedRowsNote(store.manifest.sources(), t[0]).ifPresent(notes::add);
        if (t[3] < t[1]) {
            notes.add((t[1] - t[3]) + " stored requests have no price (their model is not in the price book): cost_usd "
                    + "counts the priced ones");
            warnings.add(notes.get(notes.size() - 1));
        }
        long files = store.manifest.sources().stream().mapToLong(s -> s.files().size()).sum();
        IngestReport.StoreTotals totals = new IngestReport.StoreTotals(store.manifest.sources().size(), t[0], t[1], t[3], cost,
                t[5], files, store.bytesOnDisk());
        IngestReport report = new IngestReport(new IngestReport.Result(Redactor.redact(nameOf(store.dir)), ingested, skipped,
                lines, totals, notes));
        return WarningsSection.on(warnings, IngestCounts.of(read, repeats).on(report, true));
    }

    /**
     * The store's totals, each request id once (its last copy: the latest source, then the latest row): rows, requests,
     * errors, priced requests, cost (as the bits of a double) and days.
     */
    static long[] totals(SparkSession spark, HadoopStore store) {
        List<String> files = store.files();
        if (files.isEmpty()) {
            return new long[]{0, 0, 0, 0, Double.doubleToLongBits(0), 0};
        }
        Dataset<Row> all = spark.read().option("basePath", store.dir.toString()).parquet(files.toArray(new String[0]));
        all.createOrReplaceTempView("techopt_store");
        Row r = spark.sql("SELECT count(*), coalesce(sum(request_count), 0), "
                + "coalesce(sum(CASE WHEN error THEN request_count END), 0), "
                + "coalesce(sum(CASE WHEN cost_usd IS NOT NULL THEN request_count END), 0), coalesce(sum(cost_usd), 0D), "
                + "count(DISTINCT day) FROM (SELECT *, row_number() OVER (PARTITION BY request_key ORDER BY seq DESC, ord DESC) "
                + "AS copy FROM techopt_store) WHERE request_key IS NULL OR copy = 1").first();
        return new long[]{r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3), Double.doubleToLongBits(r.getDouble(4)),
                r.getLong(5)};
    }

    /** Files, directories (their log files, by name) and globs, on any Hadoop file system, in the order given. */
    static List<Input> expand(List<String> logs, Configuration conf) throws IOException {
        List<Input> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>(); // directories' files not read for their names, as the CLI says them
        for (String a : logs) {
            Path p = new Path(a);
            FileSystem fs = p.getFileSystem(conf);
            FileStatus[] matched = fs.globStatus(p);
            if (matched == null || matched.length == 0) {
                throw new java.nio.file.NoSuchFileException(a, null, "no such file or directory");
            }
            boolean plain = matched.length == 1 && !a.matches(".*[*?\\[{].*");
            Arrays.sort(matched);
            for (FileStatus st : matched) {
                if (st.isDirectory()) {
                    List<FileStatus> found = new ArrayList<>();
                    List<String> others = new ArrayList<>();
                    String base = st.getPath().toUri().getPath() + "/";
                    var it = fs.listFiles(st.getPath(), true);
                    while (it.hasNext()) {
                        FileStatus f = it.next();
                        if (LogSource.isLogName(f.getPath().getName())) {
                            found.add(f);
                        } else if (!f.getPath().getName().startsWith(".")) {
                            String rel = f.getPath().toUri().getPath();
                            others.add(rel.startsWith(base) ? rel.substring(base.length()) : f.getPath().getName());
                        }
                    }
                    found.sort(null);
                    others.sort(null);
                    if (!others.isEmpty()) {
                        skipped.add("directory " + (plain ? a : nameOf(st.getPath())) + (found.isEmpty() ? " holds no log file: " : ": ")
                                + others.size() + " file" + (others.size() == 1 ? "" : "s") + " skipped ("
                                + String.join(", ", others.subList(0, Math.min(3, others.size())))
                                + (others.size() > 3 ? ", …" : "") + "): a log file's name ends in " + LogSource.logSuffixes());
                    }
                    for (FileStatus f : found) {
                        out.add(new Input(f.getPath().toString(), nameOf(f.getPath()), f.getLen()));
                    }
                } else {
                    out.add(new Input(st.getPath().toString(), plain ? a : nameOf(st.getPath()), st.getLen()));
                }
            }
        }
        if (out.isEmpty() && !skipped.isEmpty()) {
            // cli.md: no request could be read from non-empty input is exit 3, as techopt ingest says it
            throw new io.techopt.ingest.NothingReadException(Redactor.redact("no request could be read from non-empty input: "
                    + String.join("; ", skipped)));
        }
        return out;
    }

    private static String nameOf(Path p) {
        return "file".equals(p.toUri().getScheme()) ? p.toUri().getPath() : p.toString();
    }

    /** SHA-256 of a file's bytes as stored, as the CLI's store knows a log. */
    static String fingerprint(String path, Configuration conf) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path p = new Path(path);
        byte[] buf = new byte[1 << 20];
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    static Configuration confOf(Map<String, String> m) {
        Configuration c = new Configuration(false);
        m.forEach(c::set);
        return c;
    }

    /** Renders a report as {@code techopt ... -f json} does. */
    public static String json(Report r) throws IOException {
        return JsonRenderer.mapper().writeValueAsString(r.json());
    }
}
