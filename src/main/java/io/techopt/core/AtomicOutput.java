package io.techopt.core;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a file through a temporary sibling and renames it into place, so readers see the old file or the whole
 * new one, never half of it. A temporary file goes away on every exit path: an exception (even one thrown while
 * closing, as on a full disk) and a signal (SIGINT, SIGTERM: a shutdown hook deletes what is still pending).
 */
public final class AtomicOutput {
    /** Temporary files not yet renamed into place or deleted. */
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicOutput::deletePending, "techopt-temp-cleanup"));
    }

    private AtomicOutput() {
    }

    /** Deletes every temporary file still pending (the shutdown hook; also for tests). */
    static void deletePending() {
        for (Path p : PENDING) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException | RuntimeException e) {
                // nothing more can be done at shutdown
            }
            PENDING.remove(p);
        }
    }

    /** The temporary files currently pending (tests). */
    static Set<Path> pending() {
        return Set.copyOf(PENDING);
    }

    /**
     * A new private temporary sibling of {@code target}, registered for deletion at shutdown before it exists so
     * no signal can leave it behind.
     */
    private static Path createTemp(Path target) throws IOException {
        Path dir = target.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        String name = "." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp";
        Path tmp = dir == null ? Path.of(name) : dir.resolve(name);
        PENDING.add(tmp);
        try {
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
        } catch (IOException | RuntimeException e) {
            PENDING.remove(tmp);
            throw e;
        }
        return tmp;
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** Removes the temporary file and forgets it. */
    private static void discard(Path tmp) throws IOException {
        try {
            Files.deleteIfExists(tmp);
        } finally {
            PENDING.remove(tmp);
        }
    }

    @FunctionalInterface
    public interface Body {
        void write(Writer w) throws IOException;
    }

    @FunctionalInterface
    public interface StreamBody {
        void write(java.io.OutputStream out) throws IOException;
    }

    public static void write(Path target, Body body) throws IOException {
        writeStream(target, os -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
            body.write(w);
            w.flush();
        });
    }

    /** A file written bit by bit that appears only when committed; closing without commit removes it. */
    public static final class Pending implements AutoCloseable {
        private final Path target, tmp;
        private final Writer writer;
        private boolean committed;

        private Pending(Path target) throws IOException {
            this(target, null, false);
        }

        /**
         * With {@code opener} wrapping the file's stream (tests simulate a full disk with it); {@code redact} passes
         * every line through {@link Redactor} on its way to the file.
         */
        Pending(Path target, java.util.function.UnaryOperator<java.io.OutputStream> opener, boolean redact) throws IOException {
            this.target = target.toAbsolutePath();
            this.tmp = createTemp(this.target);
            try {
                java.io.OutputStream os = Files.newOutputStream(tmp);
                Writer w = new BufferedWriter(new OutputStreamWriter(opener == null ? os : opener.apply(os), StandardCharsets.UTF_8), 1 << 16);
                this.writer = redact ? new RedactingWriter(w, java.util.function.UnaryOperator.identity(), false) : w;
            } catch (IOException | RuntimeException e) {
                discard(tmp);
                throw e;
            }
        }

        /** The temporary file being written (tests). */
        Path temporaryFile() {
            return tmp;
        }

        public synchronized void write(String s) throws IOException {
            writer.write(s);
        }

        public void commit() throws IOException {
            writer.close();
            moveIntoPlace(tmp, target);
            PENDING.remove(tmp);
            committed = true;
        }

        /** Without a commit, removes the temporary file, even when closing the writer fails (a full disk). */
        @Override
        public void close() throws IOException {
            if (!committed) {
                try {
                    writer.close();
                } finally {
                    discard(tmp);
                }
            }
        }
    }

    /** The usual rw-r--r-- mode (temporary files are private), then an atomic rename over the target. */
    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default mode
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static Pending open(Path target) throws IOException {
        return new Pending(target);
    }

    /** As {@link #open}, every line redacted on its way to the file: for copies of log content (exports, compressed logs). */
    public static Pending openRedacted(Path target) throws IOException {
        return new Pending(target, null, true);
    }

    /** Bytes through a temporary sibling, renamed into place; the file gets the usual rw-r--r-- mode. */
    public static void writeStream(Path target, StreamBody body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp = createTemp(abs);
        try {
            try (java.io.OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.write(os);
            }
            moveIntoPlace(tmp, abs);
        } finally {
            discard(tmp);
        }
    }
}
