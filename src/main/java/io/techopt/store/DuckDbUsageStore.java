package io.techopt.store;

import io.techopt.core.Progress;
import io.techopt.core.Redactor;
import io.techopt.ingest.IngestStats;
import io.techopt.ingest.LogSource;
import io.techopt.pricing.Pricer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@link UsageStore} on DuckDB, in process: a log's rows go through the Appender into a staging table in a database
 * file of the store's {@code .tmp/} (DuckDB's memory limit and a spill directory inside the store bound it), then DuckDB
 * writes them as Parquet, a file a UTC day, into {@code .tmp/}; the files are renamed into their {@code day=}
 * directories and the manifest is committed last. A kill at any moment leaves either the old manifest (the new files
 * are not part of the store and the next ingest deletes them) or the new one with every file in place.
 */
public final class DuckDbUsageStore implements UsageStore {
    static final String TMP = ".tmp";
    private static final long DAY_MS = 86_400_000L;

    private final Path dir;
    private final Pricer pricer;
    private final boolean keepText;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private DuckDBConnection conn;
    private StoreManifest manifest;
    private Path readSpill;

    private DuckDbUsageStore(Path dir, Pricer pricer, boolean keepText, FileChannel lockChannel, FileLock lock,
                             StoreManifest manifest) {
        this.dir = dir;
        this.pricer = pricer;
        this.keepText = keepText;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.manifest = manifest;
    }

    /**
     * Opens (or creates) the store in {@code dir} for appending: takes its lock (one writer at a time), then removes what a
     * killed ingest left (temporary files, Parquet files no manifest lists).
     */
    public static DuckDbUsageStore forIngest(Path dir, Pricer pricer, boolean keepText) throws IOException {
        Path d = dir.toAbsolutePath().normalize();
        if (Files.exists(d) && !Files.isDirectory(d)) {
            throw new IOException(dir + " is not a directory");
        }
        if (Files.isDirectory(d) && !StoreManifest.isStore(d) && !holdsNothing(d)) {
            throw new IOException(dir + " holds files but no store manifest (" + StoreManifest.FILE
                    + "): a store is written into a new or empty directory");
        }
        Files.createDirectories(d);
        FileChannel ch;
        try {
            ch = FileChannel.open(d.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (java.nio.file.FileSystemException e) {
            throw notWritable(dir, e);
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("the store " + dir + " is being written by another ingest; try again when it ends");
        }
        try {
            if (!StoreManifest.isStore(d)) {
                // a new store is a store from its first moment: a run killed before its first log's commit leaves
                // files a later run recognises as unlisted and removes, not a directory it must refuse
                Files.deleteIfExists(d.resolve(StoreManifest.FILE + ".tmp"));
                StoreManifest.empty().commit(d);
            }
            StoreManifest m = StoreManifest.read(d);
            recover(d, m);
            return new DuckDbUsageStore(d, pricer, keepText, ch, lock, m);
        } catch (IOException | RuntimeException e) {
            lock.release();
            ch.close();
            throw e;
        }
    }

    /**
     * Removes the store an ingest that read nothing made in {@code dir} (review r27n LOW-4: all-bad input exited 3 and
     * left a new empty store): its manifest (listing at most empty logs), lock and temporary directory, and the
     * directories the ingest made, up to {@code firstMade} (from {@link #firstMissing}, before the run; null: {@code dir}
     * existed), each only while empty (review rev21b LOW-4: a store at E4/a/b left E4/ and E4/a/). A store that holds any
     * row is never touched.
     */
    public static void removeIfNewAndEmpty(Path dir, Path firstMade) throws IOException {
        Path d = dir.toAbsolutePath().normalize();
        if (!StoreManifest.isStore(d) || StoreManifest.read(d).sources().stream().anyMatch(s -> s.rows() > 0)) {
            return;
        }
        deleteTree(d.resolve(TMP));
        Files.deleteIfExists(d.resolve(StoreManifest.FILE));
        Files.deleteIfExists(d.resolve(".lock"));
        if (firstMade == null) {
            return;
        }
        Path stop = firstMade.toAbsolutePath().normalize();
        for (Path p = d; p != null && p.startsWith(stop); p = p.getParent()) {
            try (Stream<Path> rest = Files.list(p)) {
                if (rest.findAny().isPresent()) {
                    return;
                }
            }
            Files.delete(p);
        }
    }

    /** The outermost directory of {@code dir}'s path that does not exist yet (ingest will make it), or null. */
    public static Path firstMissing(Path dir) {
        Path d = dir.toAbsolutePath().normalize(), missing = null;
        for (Path p = d; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** A store ingest cannot write (its lock file not created: permissions, a read-only file system), and what to do. */
    static IOException notWritable(Path dir, java.nio.file.FileSystemException e) {
        String why = e instanceof java.nio.file.AccessDeniedException || e.getReason() == null ? "permission denied" : e.getReason();
        return new IOException("the store " + dir + " is not writable (" + why + "): ingest writes its lock, Parquet files "
                + "and manifest there; make it writable, or ingest into another store (the other commands only read a "
                + "store)", e);
    }

    /**
     * Whether a directory without a manifest holds nothing of anyone's: hidden entries (a lock; not a temporary directory) and
     * at most the manifest's temporary file of an ingest killed while committing the new store's empty manifest. Any
     * other file is refused, never cleaned: a store whose manifest was lost keeps its data.
     */
    private static boolean holdsNothing(Path d) throws IOException {
        try (Stream<Path> entries = Files.list(d)) {
            return entries.allMatch(p -> {
                String name = p.getFileName().toString();
                // a temporary directory is made only after the manifest: one here is not this tool's to delete
                return name.startsWith(".") && !name.equals(TMP)
                        || name.equals(StoreManifest.FILE + ".tmp") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
            });
        }
    }

    /** Opens an existing store for reading. */
    public static DuckDbUsageStore open(Path dir) throws IOException {
        Path d = dir.toAbsolutePath().normalize();
        if (!Files.exists(d)) {
            throw new IOException("no such store: " + dir + " does not exist (make one with techopt ingest LOG --store "
                    + "DIR)");
        }
        if (!StoreManifest.isStore(d)) {
            throw new IOException(dir + " is not a techopt store (no " + StoreManifest.FILE + ")");
        }
        return new DuckDbUsageStore(d, null, false, null, null, StoreManifest.read(d));
    }

    /**
     * A warning when this run prices the store's tokens with other prices than its logs' ingest did, unasked (review
     * rev24 MED: a store ingested with --prices FILE, read without it, gave $6.661 where ingest's catalog gave $6.639,
     * silently): a catalog of ingest this run does not load, or loads with other content (edited in place, review adv25b
     * MED-3; a copy under another name is the same catalog), ingest's catalogs in another order (the later wins, review
     * adv25c MED-1), or ingest's --price-date where this run has none. A run that adds catalogs or names its own
     * --price-date re-prices on purpose (docs/store.md): no warning.
     */
    public java.util.Optional<String> pricedOtherwiseNote(io.techopt.pricing.Pricer run) {
        List<String> runNames = run.book().catalogs(), runDigests = run.book().catalogDigests();
        java.util.Set<String> absent = new java.util.TreeSet<>(), changed = new java.util.TreeSet<>(), dates = new java.util.TreeSet<>();
        boolean reordered = false;
        long other = 0;
        for (StoreManifest.Source src : sources()) {
            List<String> names = src.priceCatalogs() == null ? List.of() : src.priceCatalogs();
            List<String> digests = src.priceCatalogDigests() != null && src.priceCatalogDigests().size() == names.size()
                    ? src.priceCatalogDigests() : null; // a store from before digests (or the Spark job's): by name
            List<String> mine = digests != null ? digests : names, theirs = digests != null ? runDigests : runNames;
            boolean differs = false, inOrder = true;
            int at = -1; // ingest's catalogs must come in this run in the same order: a later catalog's prices win
            for (int k = 0; k < mine.size(); k++) {
                int found = theirs.indexOf(mine.get(k));
                if (found < 0) {
                    differs = true;
                    (runNames.contains(names.get(k)) ? changed : absent).add(names.get(k));
                } else if (found < at) {
                    inOrder = false;
                } else {
                    at = found;
                }
            }
            if (!inOrder) {
                differs = true;
                reordered = true;
            }
            if (src.priceDate() != null && run.priceDate() == null) {
                differs = true;
                dates.add(src.priceDate());
            }
            other += differs ? 1 : 0;
        }
        if (other == 0) {
            return java.util.Optional.empty();
        }
        List<String> what = new ArrayList<>();
        if (!absent.isEmpty()) {
            what.add("--prices " + String.join(", ", absent) + " (not loaded by this run)");
        }
        if (changed.remove(io.techopt.pricing.PriceBook.BUILTIN)) {
            what.add("the built-in prices of the techopt that ingested them (this one's differ)");
        }
        if (!changed.isEmpty()) {
            what.add("--prices " + String.join(", ", changed) + " as it was then (this run's has other content)");
        }
        if (reordered) {
            what.add("their --prices in another order (a later catalog's prices win)");
        }
        if (!dates.isEmpty()) {
            what.add("--price-date " + String.join(", ", dates) + " (this run has none: each request at its own date's prices)");
        }
        return java.util.Optional.of(io.techopt.core.Redactor.redact((sources().size() == 1 ? "the store's log was"
                : other + " of the store's " + sources().size() + " logs " + (other == 1 ? "was" : "were"))
                + " priced at ingest with " + String.join(" and ", what) + ": this run prices their stored tokens with its "
                + "own prices, so cost figures can differ from ingest's; give the same --prices and --price-date for "
                + "ingest's figures"));
    }

    /**
     * Deletes what an ingest killed before its commit left: the temporary directory and data files no manifest lists.
     * Only real day directories are entered (a link is never followed out of the store) and only files named as an
     * ingest names them are deleted: a user's file in the store stays.
     */
    private static void recover(Path d, StoreManifest m) throws IOException {
        deleteTree(d.resolve(TMP));
        Files.deleteIfExists(d.resolve(StoreManifest.FILE + ".tmp"));
        Set<String> listed = new HashSet<>();
        m.sources().forEach(s -> listed.addAll(s.files()));
        try (Stream<Path> days = Files.list(d)) {
            for (Path day : days.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                    && StoreManifest.isDayDir(p.getFileName().toString())).toList()) {
                try (Stream<Path> files = Files.list(day)) {
                    for (Path f : files.toList()) {
                        String rel = d.relativize(f).toString().replace('\\', '/');
                        if (!listed.contains(rel) && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                                && StoreManifest.isWrittenFile(f.getFileName().toString())) {
                            Files.delete(f);
                        }
                    }
                }
            }
        }
    }

    @Override
    public Path dir() {
        return dir;
    }

    @Override
    public List<StoreManifest.Source> sources() {
        return manifest.sources();
    }

    /**
     * The run's DuckDB connection, for queries over the store's files (analyze's SQL): its memory limit, threads and
     * spill directory as every read of the store has them; closed with the store.
     */
    public java.sql.Connection sqlConnection() throws IOException {
        return connection();
    }

    /** The manifest the store was opened with. */
    public StoreManifest manifest() {
        return manifest;
    }

    private DuckDBConnection connection() throws IOException {
        if (conn == null) {
            try {
                Path spill = spillDir();
                // results stream chunk by chunk: a whole result is not held in DuckDB's memory (reading the rows back)
                Properties props = new Properties();
                props.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
                conn = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", props);
                DuckDbNativeCopies.tidy(); // a killed run's copy of DuckDB's library is 57 MB in the temporary directory
                try (Statement st = conn.createStatement()) {
                    // bounded memory whatever the log's size: beyond the limit DuckDB spills into the store's temporary directory
                    st.execute("SET memory_limit = '" + memoryLimit() + "'");
                    st.execute("SET threads = " + Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
                    st.execute("SET temp_directory = '" + sql(spill.toString()) + "'");
                    st.execute("SET preserve_insertion_order = true");
                }
            } catch (SQLException e) {
                throw DuckDbErrors.failure("could not start DuckDB", e);
            }
        }
        return conn;
    }

    /**
     * Where DuckDB spills beyond its memory limit: the store's temporary directory when ingesting (removed with it), a
     * directory of this run's own under the system's when reading (a reader leaves the store untouched, and an ingest
     * running beside it removes the store's temporary directory).
     */
    private Path spillDir() throws IOException {
        if (lock != null) {
            // DuckDB makes the spill directory but not its parent: an ingest's .tmp exists only once a log is staged,
            // so a staging table beyond the memory limit failed ("Failed to create directory .../.tmp/spill")
            Path own = dir.resolve(TMP).resolve("spill");
            try {
                Files.createDirectories(own.getParent());
                return own;
            } catch (java.nio.file.FileSystemException e) {
                // a store that cannot be written is still read (an ingest of logs it holds writes nothing): spill as a
                // reader does; an append that must write says the store is not writable
            }
        }
        if (readSpill == null) {
            readSpill = Path.of(System.getProperty("java.io.tmpdir"), "techopt-store-" + UUID.randomUUID().toString().substring(0, 8));
        }
        return readSpill;
    }

    /** Refuses a TECHOPT_STORE_MEMORY it cannot use before anything is written (review adv25 LOW-7). */
    public static void checkSettings() {
        memoryLimit();
    }

    private static final java.util.regex.Pattern MEMORY_SIZE =
            java.util.regex.Pattern.compile("(?i)\\s*([0-9]{1,9}(?:\\.[0-9]{1,9})?)\\s*([KMGT])(i?)B?\\s*");

    /** DuckDB's memory limit: TECHOPT_STORE_MEMORY (say 512MB), else 256MB (the JVM's heap is beside it). */
    private static String memoryLimit() {
        return memoryLimit(System.getenv("TECHOPT_STORE_MEMORY"));
    }

    /**
     * DuckDB's form of a memory size as a user writes it (512MB, 1gb, 1G, 2.5GiB), 256MB when unset; anything else is
     * refused, not replaced (review rev24 LOW-6: TECHOPT_STORE_MEMORY=1gb was silently 256MB).
     */
    static String memoryLimit(String v) {
        if (v == null || v.isBlank()) {
            return "256MB";
        }
        java.util.regex.Matcher m = MEMORY_SIZE.matcher(v);
        // DuckDB needs some tens of megabytes to append and query at all (1KB failed as 'out of memory'), and a size
        // past its range overflowed to 0 (99999999999T, review adv25 LOW-6)
        double bytes = m.matches() ? Double.parseDouble(m.group(1))
                * Math.pow(m.group(3).isEmpty() ? 1000 : 1024, "KMGT".indexOf(m.group(2).toUpperCase(java.util.Locale.ROOT)) + 1) : 0;
        if (bytes < 32e6 || bytes > 1e15) {
            throw new IllegalArgumentException("TECHOPT_STORE_MEMORY is a memory size such as 512MB or 1GB (from 32MB to "
                    + "1000TB), not '" + io.techopt.core.Redactor.redact(v) + "'");
        }
        return m.group(1) + m.group(2).toUpperCase(java.util.Locale.ROOT) + (m.group(3).isEmpty() ? "" : "i") + "B";
    }

    private Progress progress = Progress.NONE;

    /** Where a long append (writing the Parquet files) or read is, told to {@code p}: the command draws it. */
    public DuckDbUsageStore progress(Progress p) {
        this.progress = p;
        return this;
    }

    /** Where a long append or read is told (Progress.NONE unless a command gave one). */
    public Progress progress() {
        return progress;
    }

    @Override
    public Appended append(LogSource source, Reading reading) throws IOException {
        if (pricer == null) {
            throw new IllegalStateException("store opened for reading");
        }
        String name = Redactor.redact(source.name());
        if (source.isStdin()) {
            throw new IllegalArgumentException("ingest reads files, not standard input: a store skips a source it holds by its "
                    + "content, so save the log to a file first");
        }
        // a file is known by its bytes before it is read; a stream (a database table) once it has been read
        boolean streamed = source.path() == null;
        List<StoreManifest.Source> grownFrom = new ArrayList<>();
        String fingerprint = streamed ? null : fingerprint(source.path(), manifest.sources(), grownFrom);
        StoreManifest.Source earlier = streamed ? null : manifest.byFingerprint(fingerprint);
        if (earlier != null) {
            return new Appended(name, fingerprint, null, earlier, null);
        }
        try {
            Files.createDirectories(dir.resolve(TMP)); // before the log is read: a store that cannot take it says so first
        } catch (java.nio.file.FileSystemException e) {
            throw notWritable(dir, e);
        }
        int seq = manifest.nextSeq();
        String token = String.format("s%06d-%s", seq, UUID.randomUUID().toString().substring(0, 8));
        Path stage = dir.resolve(TMP).resolve(token);
        DuckDBConnection c = connection();
        IngestStats stats;
        StagingSink sink;
        long duplicates;
        long known = 0; // rows of a streamed source whose request the store holds: not appended again
        List<String> files = new ArrayList<>();
        try {
            try (Statement st = c.createStatement()) {
                // staged in a database file of the store's temporary directory: DuckDB writes its blocks out beyond the
                // memory limit, where an in-memory table cannot leave memory (a --keep-text log of 20,000 requests did
                // not fit in 32 MB, the 200k log's needed 1GB)
                st.execute("ATTACH IF NOT EXISTS '" + sql(dir.resolve(TMP).resolve("staging.duckdb").toString()) + "' AS "
                        + STAGING_DB);
                st.execute("USE " + STAGING_DB);
                st.execute("CREATE OR REPLACE TABLE staging (" + StoreSchema.ddl() + ")");
            }
            try (DuckDBAppender app = c.createAppender(STAGING_DB, DuckDBConnection.DEFAULT_SCHEMA, "staging")) {
                sink = new StagingSink(app, pricer, seq, keepText);
                sink.earlier = this::storedCopies;
                try {
                    stats = reading.read(sink);
                } catch (io.techopt.ingest.NothingReadException e) {
                    if (e.stats() == null) {
                        throw e;
                    }
                    // every line bad: nothing stored, no source listed (a repaired copy is ingested later), the next log read
                    return new Appended(name, fingerprint, null, null, e.stats());
                }
                app.flush();
            }
            if (streamed) {
                fingerprint = source.opener().fingerprint();
                earlier = manifest.byFingerprint(fingerprint);
                if (earlier != null) {
                    return new Appended(name, fingerprint, null, earlier, null); // the same rows as a source already in
                }
            }
            if (!sink.updateOrds.isEmpty()) {
                dropUpdatedCopies(c, sink);
            }
            if (streamed) {
                known = dropKnownRequests(c, sink);
            }
            try (Statement st = c.createStatement()) {
                // copies of a request id within this log (the last one counts); an update's earlier copy is gone. In
                // passes by hash, as RepeatedIds groups ids: count(DISTINCT) of a 10M-request log's ids in one pass ran
                // out of DuckDB's 256MB (a raw 10M-request log read through a temporary store)
                long passes = RepeatedIds.passes(st, sink.rows);
                duplicates = 0;
                for (long i = 0; i < passes; i++) {
                    try (ResultSet rs = st.executeQuery("SELECT count(request_key) - count(DISTINCT request_key) FROM staging"
                            + (passes == 1 ? "" : " WHERE hash(request_key) % " + passes + " = " + i))) {
                        rs.next();
                        duplicates += rs.getLong(1);
                    }
                }
            }
            if (sink.rows > 0) {
                Files.createDirectories(stage);
                String writing = "writing " + name + " into the store";
                progress.at(writing, 0, sink.rows);
                try (Statement st = c.createStatement()) {
                    // a day at a time, not PARTITION_BY (day), which holds a writer and its row group for every day at once
                    for (LocalDate day : days(st)) {
                        Path file = stage.resolve("day=" + day).resolve(token + "-0.parquet");
                        Files.createDirectories(file.getParent());
                        st.execute("COPY (SELECT * EXCLUDE (day) FROM staging WHERE day = DATE '" + day + "' ORDER BY ord) TO '"
                                + sql(file.toString()) + "' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE "
                                + rowGroupRows(sink) + ")");
                    }
                }
                progress.at(writing, sink.rows, sink.rows);
                failpoint("staged");
                files = moveIntoStore(stage);
            }
        } catch (SQLException e) {
            throw DuckDbErrors.failure("the store could not take " + name, e);
        } finally {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS staging");
            } catch (SQLException ignored) {
                // the connection is closed with the store
            }
        }
        StoreManifest.Source s = new StoreManifest.Source(seq, name, fingerprint,
                streamed ? source.opener().bytes() : Files.size(source.path()),
                Instant.now().toString(), sink.rows, sink.requests, stats.badLines, duplicates,
                sink.rows == 0 ? null : Instant.ofEpochMilli(sink.firstMs).toString(),
                sink.rows == 0 ? null : Instant.ofEpochMilli(sink.lastMs).toString(), keepText,
                pricer.book().catalogs().stream().map(Redactor::redact).toList(),
                pricer.priceDate() == null ? null : pricer.priceDate().toString(), files,
                stats.formats.get(source.name()), stats.lines - known, stats.ignored,
                stats.warnings.stream().map(Redactor::redact).toList(), byDay(reading.callsWithoutUsageByDay()),
                replacedRows(sink, grownFrom), pricer.book().catalogDigests());
        // a log that grew since it was ingested replaces its earlier copy in the same commit: rows without a request id
        // would otherwise count twice (review rev24 HIGH-2)
        StoreManifest next = manifest.with(s).without(grownFrom);
        failpoint("moved");
        next.commit(dir); // the commit point: before it the store is as it was, after it the source is in
        manifest = next;
        failpoint("committed");
        deleteTree(stage);
        for (StoreManifest.Source gone : grownFrom) {
            for (String f : gone.files()) {
                Files.deleteIfExists(dir.resolve(f)); // unlisted now: a run killed before this removes them at its next ingest
            }
        }
        return new Appended(name, fingerprint, s, null, stats, List.copyOf(grownFrom));
    }

    /**
     * The stored copy (the last: latest source, then row) of each of {@code ids} (raw request ids), read back as the
     * record its log gave, carrying its place ({@link StagingSink#STORED_AT}): a Langfuse update whose create an
     * earlier log held is merged into it (review rev24 HIGH-1). Rows a later source replaced are not looked at.
     */
    private java.util.Map<String, io.techopt.core.LogRecord> storedCopies(java.util.Collection<String> ids) {
        List<Path> stored = files(Long.MIN_VALUE, Long.MAX_VALUE);
        if (stored.isEmpty() || ids.isEmpty()) {
            return java.util.Map.of();
        }
        java.util.Map<Long, String> byKey = new java.util.HashMap<>();
        ids.forEach(id -> byKey.put(io.techopt.core.PromptKey.hash(id), id));
        String list = stored.stream().map(p -> "'" + sql(p.toString()) + "'").collect(Collectors.joining(", ", "[", "]"));
        String keys = byKey.keySet().stream().map(String::valueOf).collect(Collectors.joining(", "));
        java.util.Map<String, io.techopt.core.LogRecord> found = new java.util.HashMap<>();
        try (DuckDBConnection c = conn.duplicate(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT *, epoch_ms(ts) AS ms, " + StoreSchema.POSITION + " AS pos FROM read_parquet("
                     + list + ", hive_partitioning = false) WHERE request_key IN (" + keys + ") AND " + manifest.notReplaced()
                     + " QUALIFY row_number() OVER (PARTITION BY request_key ORDER BY seq DESC, ord DESC) = 1")) {
            while (rs.next()) {
                String id = byKey.get(rs.getLong("request_key"));
                io.techopt.core.LogRecord r = StoredRecords.record(rs, Set.of());
                found.put(id, r.with(StagingSink.STORED_AT, rs.getLong("pos")));
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(DuckDbErrors.failure("could not read the store's earlier rows", e));
        }
        return found;
    }

    /**
     * The rows of earlier sources this log's rows replace (Langfuse updates merged into them), and those the sources it
     * replaces as a grown copy replaced: their merged rows leave with them, and the rows they replaced stay left out.
     */
    private static List<Long> replacedRows(StagingSink sink, List<StoreManifest.Source> grownFrom) {
        Set<Long> rows = new java.util.TreeSet<>(sink.replaced);
        grownFrom.stream().filter(g -> g.replacedRows() != null).forEach(g -> rows.addAll(g.replacedRows()));
        return List.copyOf(rows);
    }

    /** The attached database file that holds the staging table while a log is ingested. */
    private static final String STAGING_DB = "stage";
    /**
     * The rows of a row group in a log's Parquet files: DuckDB's 122,880, or fewer when the log's prompt and answer text
     * (--keep-text) would make a row group larger than {@link #TEXT_ROW_GROUP_CHARS}, as a writer holds a row group
     * before writing it (122,880 rows of the 200k log's text are about 480 MB).
     */
    private static long rowGroupRows(StagingSink sink) {
        long perRow = sink.textChars / Math.max(1, sink.rows);
        return Math.max(2048, Math.min(122_880, TEXT_ROW_GROUP_CHARS / Math.max(1, perRow)));
    }

    private static final long TEXT_ROW_GROUP_CHARS = 16L << 20;

    /** The days the staging table holds rows of, in order. */
    private static List<LocalDate> days(Statement st) throws SQLException {
        List<LocalDate> days = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT DISTINCT day::VARCHAR FROM staging ORDER BY 1")) {
            while (rs.next()) {
                days.add(LocalDate.parse(rs.getString(1)));
            }
        }
        return days;
    }

    /**
     * Drops the copy each update replaces (a Langfuse observation updated after it was read, ingest's
     * RepeatedRequests.UPDATE): stored, it would be read back as a request logged twice, while on the log it is one
     * observation updated (duplicate_request_ids 0, one request). Recounts the sink's rows, requests and period.
     */
    private static void dropUpdatedCopies(DuckDBConnection c, StagingSink sink) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE OR REPLACE TABLE updates (ord BIGINT)");
            try (DuckDBAppender app = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "updates")) {
                for (long ord : sink.updateOrds) {
                    app.beginRow();
                    app.append(ord);
                    app.endRow();
                }
            }
            st.execute("DELETE FROM staging WHERE ord IN (SELECT (SELECT max(p.ord) FROM staging p WHERE p.request_key = u.request_key "
                    + "AND p.ord < u.ord) FROM staging u JOIN updates USING (ord))");
            st.execute("DROP TABLE updates");
        }
        recount(c, sink);
    }

    /**
     * A database table (a streamed source) is read whole each time: its rows whose request the store already holds are
     * dropped, so a re-ingest appends only the rows added since (LiteLLM's request_id is the spend-log table's primary
     * key, and a spend-log row is not updated). Returns how many were dropped.
     */
    private long dropKnownRequests(DuckDBConnection c, StagingSink sink) throws SQLException {
        List<Path> stored = files(Long.MIN_VALUE, Long.MAX_VALUE);
        if (stored.isEmpty() || sink.rows == 0) {
            return 0;
        }
        String list = stored.stream().map(p -> "'" + sql(p.toString()) + "'").collect(Collectors.joining(", ", "[", "]"));
        long before = sink.rows;
        try (Statement st = c.createStatement()) {
            st.execute("DELETE FROM staging WHERE request_key IN (SELECT request_key FROM read_parquet(" + list
                    + ") WHERE request_key IS NOT NULL)");
        }
        recount(c, sink);
        return before - sink.rows;
    }

    /** The sink's rows, requests and period as the staging table now holds them. */
    private static void recount(DuckDBConnection c, StagingSink sink) throws SQLException {
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*), coalesce(sum(request_count), 0), epoch_ms(min(ts)), epoch_ms(max(ts)) FROM staging")) {
                rs.next();
                sink.rows = rs.getLong(1);
                sink.requests = rs.getLong(2);
                if (sink.rows > 0) {
                    sink.firstMs = rs.getLong(3);
                    sink.lastMs = rs.getLong(4);
                }
            }
        }
    }

    private static java.util.SortedMap<String, Long> byDay(java.util.SortedMap<LocalDate, Long> counts) {
        java.util.TreeMap<String, Long> out = new java.util.TreeMap<>();
        counts.forEach((d, n) -> out.put(d.toString(), n));
        return out;
    }

    @Override
    public java.util.SortedMap<LocalDate, Long> callsWithoutUsageByDay(long sinceMs, long untilMs) {
        long firstDay = sinceMs == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(sinceMs, DAY_MS);
        long lastDay = untilMs == Long.MAX_VALUE ? Long.MAX_VALUE : Math.floorDiv(untilMs - 1, DAY_MS);
        java.util.TreeMap<LocalDate, Long> out = new java.util.TreeMap<>();
        for (StoreManifest.Source s : manifest.sources()) {
            if (s.callsWithoutUsageByDay() == null) {
                continue; // ingested before the count was kept
            }
            s.callsWithoutUsageByDay().forEach((d, n) -> {
                LocalDate day = LocalDate.parse(d);
                if (day.toEpochDay() >= firstDay && day.toEpochDay() <= lastDay) {
                    out.merge(day, n, Long::sum);
                }
            });
        }
        return out;
    }

    /** Moves each Parquet file DuckDB wrote into its day directory of the store, flushed to disk first. */
    private List<String> moveIntoStore(Path stage) throws IOException {
        List<Path> written;
        try (Stream<Path> s = Files.walk(stage)) {
            written = s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".parquet")).sorted().toList();
        }
        List<String> rel = new ArrayList<>();
        for (Path f : written) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            String r = stage.relativize(f).toString().replace('\\', '/');
            Path target = dir.resolve(r);
            Files.createDirectories(target.getParent());
            try {
                Files.move(f, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(f, target);
            }
            rel.add(r);
            failpoint("moved-one");
        }
        return rel;
    }

    /** The files of the store with a day in [sinceMs, untilMs): partitions outside the window are never opened. */
    public List<Path> files(long sinceMs, long untilMs) {
        long firstDay = sinceMs == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(sinceMs, DAY_MS);
        long lastDay = untilMs == Long.MAX_VALUE ? Long.MAX_VALUE : Math.floorDiv(untilMs - 1, DAY_MS);
        List<Path> out = new ArrayList<>();
        for (StoreManifest.Source s : manifest.sources()) {
            for (String f : s.files()) {
                long day = LocalDate.parse(f.substring("day=".length(), f.indexOf('/'))).toEpochDay();
                if (day >= firstDay && day <= lastDay) {
                    out.add(dir.resolve(f));
                }
            }
        }
        return out;
    }

    /**
     * The SQL relation of the stored rows in [sinceMs, untilMs), each request id once (its last copy: the latest
     * source, then the latest row), as analyze counts a request logged twice; null when no file falls in the window.
     */
    String lastCopies(long sinceMs, long untilMs) {
        List<Path> files = files(sinceMs, untilMs);
        if (files.isEmpty()) {
            return null;
        }
        String list = files.stream().map(p -> "'" + sql(p.toString()) + "'").collect(Collectors.joining(", ", "[", "]"));
        List<String> where = new ArrayList<>();
        if (sinceMs != Long.MIN_VALUE) {
            where.add("ts >= epoch_ms(" + sinceMs + "::BIGINT)");
        }
        if (untilMs != Long.MAX_VALUE) {
            where.add("ts < epoch_ms(" + untilMs + "::BIGINT)");
        }
        return "(SELECT * FROM read_parquet(" + list + ", hive_partitioning = true)"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " QUALIFY request_key IS NULL OR row_number() OVER (PARTITION BY request_key ORDER BY seq DESC, ord DESC) = 1)";
    }

    @Override
    public Totals totals(long sinceMs, long untilMs) throws IOException {
        String rel = lastCopies(sinceMs, untilMs);
        if (rel == null) {
            return new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        String q = "SELECT count(*), coalesce(sum(request_count), 0), coalesce(sum(CASE WHEN error THEN request_count END), 0), "
                + "coalesce(sum(CASE WHEN cost_usd IS NOT NULL THEN request_count END), 0), coalesce(sum(cost_usd ORDER BY seq, ord), 0), "
                + "coalesce(sum(input_tokens), 0), coalesce(sum(cache_read_tokens), 0), coalesce(sum(cache_write_tokens), 0), "
                + "coalesce(sum(cache_write_1h_tokens), 0), coalesce(sum(output_tokens), 0), coalesce(sum(reasoning_tokens), 0), "
                + "count(DISTINCT day) FROM " + rel + " t";
        try (Statement st = connection().createStatement(); ResultSet rs = st.executeQuery(q)) {
            rs.next();
            return new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getDouble(5), rs.getLong(6),
                    rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12));
        } catch (SQLException e) {
            throw failure("could not read the store " + dir, e);
        }
    }

    @Override
    public IngestStats read(long sinceMs, long untilMs, io.techopt.ingest.RecordSink sink) throws IOException {
        return StoredRecords.read(connection(), manifest, files(sinceMs, untilMs), sinceMs, untilMs, sink, progress);
    }

    /**
     * Commits the manifest of a new store that took no source (an empty directory was its input), so that it is a store,
     * empty, as an empty log makes one; a store with a manifest is left as it is.
     */
    public void commitIfNew() throws IOException {
        if (pricer != null && !StoreManifest.isStore(dir)) {
            manifest.commit(dir);
        }
    }

    /** A DuckDB error met on this store's files, as one line naming a damaged file (DuckDbErrors). */
    public IOException failure(String doing, SQLException e) {
        return DuckDbErrors.failure(doing, e, conn, files(Long.MIN_VALUE, Long.MAX_VALUE));
    }

    /** Size on disk of the store's files (Parquet and manifest), in bytes. */
    public long bytesOnDisk() throws IOException {
        long n = Files.size(dir.resolve(StoreManifest.FILE));
        for (Path p : files(Long.MIN_VALUE, Long.MAX_VALUE)) {
            n += Files.size(p);
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        try {
            if (conn != null) {
                conn.close();
            }
        } catch (SQLException e) {
            throw DuckDbErrors.failure("could not close the store " + dir, e);
        } finally {
            conn = null;
            if (readSpill != null) {
                deleteTree(readSpill);
            }
            if (lock != null) {
                deleteTree(dir.resolve(TMP));
                lock.release();
                lockChannel.close();
            }
        }
    }

    /**
     * Crash testing: with {@code -Dtechopt.store.failpoint=NAME} the JVM halts at that point of an append, as a SIGKILL
     * would stop it (no cleanup, no shutdown hooks), so a test can kill an ingest inside each window of its commit
     * protocol. Points: staged (Parquet written under .tmp), moved-one (the first file renamed into the store), moved
     * (every file renamed, manifest not yet committed), manifest-written (the new manifest flushed under its temporary
     * name, not yet renamed), committed (manifest committed, .tmp not yet removed).
     */
    static void failpoint(String name) {
        if (name.equals(System.getProperty("techopt.store.failpoint"))) {
            Runtime.getRuntime().halt(137);
        }
    }

    /** SHA-256 of the file's bytes as stored (a compressed log is fingerprinted compressed). */
    static String fingerprint(Path file) throws IOException {
        return fingerprint(file, List.of(), new ArrayList<>());
    }

    /**
     * As {@link #fingerprint(Path)}; in the same pass, adds to {@code grownFrom} each of {@code earlier} whose whole
     * content the file begins with and is longer than: the log grew since that source was ingested (a log appended to,
     * a gzip member added), so the file holds every row of it.
     */
    static String fingerprint(Path file, List<StoreManifest.Source> earlier, List<StoreManifest.Source> grownFrom)
            throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = Files.size(file);
        // the lengths at which an earlier source's fingerprint is compared with the digest of the bytes so far
        java.util.TreeMap<Long, List<StoreManifest.Source>> at = new java.util.TreeMap<>();
        for (StoreManifest.Source s : earlier) {
            if (s.bytes() > 0 && s.bytes() < size && s.fingerprint() != null && s.files() != null) {
                at.computeIfAbsent(s.bytes(), k -> new ArrayList<>()).add(s);
            }
        }
        byte[] buf = new byte[1 << 20];
        long read = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf, 0, (int) Math.min(buf.length, at.isEmpty() ? buf.length
                    : at.firstKey() - read))) > 0; ) {
                md.update(buf, 0, n);
                read += n;
                if (!at.isEmpty() && read == at.firstKey()) {
                    String prefix;
                    try {
                        prefix = "sha256:" + HexFormat.of().formatHex(((MessageDigest) md.clone()).digest());
                    } catch (CloneNotSupportedException e) {
                        throw new IllegalStateException(e);
                    }
                    at.pollFirstEntry().getValue().stream().filter(s -> s.fingerprint().equals(prefix)).forEach(grownFrom::add);
                }
            }
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    /** A string inside single quotes in SQL. */
    static String sql(String s) {
        return s.replace("'", "''");
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
