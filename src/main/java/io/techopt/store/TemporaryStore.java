package io.techopt.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A usage store of one run's own (analyze on raw logs through DuckDB, issue #14 item 5): a new directory under
 * {@code java.io.tmpdir}, deleted when closed, and by a shutdown hook when the run is interrupted (Ctrl-C, SIGTERM); a
 * killed run's (SIGKILL, no hook) is deleted by the next run that makes one.
 */
public final class TemporaryStore implements AutoCloseable {
    static final String PREFIX = "techopt-analyze-";
    /** A run's store: techopt-analyze-PID-STARTMS-RANDOM. */
    private static final Pattern OWNER = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-(-?\\d+)-\\d+");
    private final Path dir;
    private final Thread hook;

    private TemporaryStore(Path dir) {
        this.dir = dir;
        this.hook = new Thread(() -> {
            // the run's thread may still be writing while the hook runs: delete again what it wrote meanwhile
            for (int i = 0; i < 5 && Files.exists(dir, LinkOption.NOFOLLOW_LINKS); i++) {
                deleteQuietly(dir);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "techopt-temporary-store");
    }

    /**
     * A new temporary store directory (empty; the store is {@link #store()} inside it), named for its run (process id and
     * start time), after deleting those of runs that have ended (a SIGKILL runs no hook).
     */
    public static TemporaryStore create() throws IOException {
        // read at each run, not cached as Files.createTempDirectory(prefix) caches it: -Djava.io.tmpdir chooses the disk
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        sweepEnded(base);
        ProcessHandle self = ProcessHandle.current();
        TemporaryStore t = new TemporaryStore(Files.createTempDirectory(base, PREFIX + self.pid() + "-" + startMs(self) + "-"));
        Runtime.getRuntime().addShutdownHook(t.hook);
        return t;
    }

    /**
     * Appends what {@code reading} reads (the command's own reading: its reader, window, warnings and bad lines) to
     * the store as the run's one source and commits it; returns the read's own counts. Nothing read is exit 3
     * ({@link io.techopt.ingest.NothingReadException}), as on the logs read in memory (an append goes on for ingest's
     * other logs; a command stops).
     */
    public io.techopt.ingest.IngestStats fill(io.techopt.pricing.Pricer pricer, UsageStore.Reading reading,
                                              io.techopt.core.Progress progress) throws IOException {
        io.techopt.ingest.IngestStats[] read = new io.techopt.ingest.IngestStats[1];
        try (DuckDbUsageStore s = DuckDbUsageStore.forIngest(store(), pricer, false)) {
            s.progress(progress);
            UsageStore.Appended a = s.append(oneSourceOfThisRun(), new UsageStore.Reading() {
                @Override
                public io.techopt.ingest.IngestStats read(io.techopt.ingest.RecordSink sink) throws IOException {
                    read[0] = reading.read(sink);
                    return read[0];
                }

                @Override
                public java.util.SortedMap<java.time.LocalDate, Long> callsWithoutUsageByDay() {
                    return reading.callsWithoutUsageByDay();
                }
            });
            if (a.nothingRead()) {
                io.techopt.ingest.NothingReadException.check(a.stats());
            }
            s.commitIfNew();
        }
        return read[0];
    }

    /** The run's logs as one source: a fingerprint no other source has, so the store never skips it as a repeat. */
    private static io.techopt.ingest.LogSource oneSourceOfThisRun() {
        String run = "sha256:" + java.util.UUID.randomUUID();
        return io.techopt.ingest.LogSource.streamed("the logs", new io.techopt.ingest.LogSource.Opener() {
            @Override
            public java.io.InputStream open() {
                throw new UnsupportedOperationException("read through the command's reading");
            }

            @Override
            public String fingerprint() {
                return run;
            }
        });
    }

    /** Deletes the temporary stores in {@code base} whose run is no live process: its pid gone, or taken by a later one. */
    private static void sweepEnded(Path base) {
        try (Stream<Path> dirs = Files.list(base)) {
            for (Path d : dirs.toList()) {
                Matcher m = OWNER.matcher(d.getFileName().toString());
                if (m.matches() && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS) && ended(Long.parseLong(m.group(1)),
                        Long.parseLong(m.group(2)))) {
                    deleteQuietly(d);
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a store left behind is disk space, not a wrong figure
        }
    }

    private static boolean ended(long pid, long startedMs) {
        return ProcessHandle.of(pid).map(p -> startMs(p) != startedMs).orElse(true);
    }

    /** The process's start time in ms, -1 when the system does not say (such a store is never taken as ended). */
    private static long startMs(ProcessHandle p) {
        return p.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L);
    }

    Path dir() {
        return dir;
    }

    /** The store's directory: new, so ingest makes it a store. */
    public Path store() {
        return dir.resolve("store");
    }

    @Override
    public void close() throws IOException {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook deletes it
        }
        deleteTree(dir);
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException | RuntimeException ignored) {
            // a file the run's thread is writing: the next pass deletes it
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) { // links are not followed: only the run's own files go
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
