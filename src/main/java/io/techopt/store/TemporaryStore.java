package io.techopt.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A usage store of one run's own (analyze on raw logs through DuckDB, issue #14 item 5): a new directory under
 * {@code java.io.tmpdir}, deleted when closed, and by a shutdown hook when the run is interrupted (Ctrl-C, SIGTERM), so
 * no run leaves one behind, whole or half-written.
 */
public final class TemporaryStore implements AutoCloseable {
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

    /** A new temporary store directory (empty; the store is {@link #store()} inside it). */
    public static TemporaryStore create() throws IOException {
        // read at each run, not cached as Files.createTempDirectory(prefix) caches it: -Djava.io.tmpdir chooses the disk
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        TemporaryStore t = new TemporaryStore(Files.createTempDirectory(base, "techopt-analyze-"));
        Runtime.getRuntime().addShutdownHook(t.hook);
        return t;
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
