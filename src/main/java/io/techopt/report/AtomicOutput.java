package io.techopt.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file through a temporary sibling and renames it into place, so readers see the old file or the whole
 * new one, never half of it.
 */
public final class AtomicOutput {
    private AtomicOutput() {
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
            this.target = target.toAbsolutePath();
            Path dir = this.target.getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            this.tmp = Files.createTempFile(dir, "." + this.target.getFileName() + ".", ".tmp");
            this.writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8), 1 << 16);
        }

        public synchronized void write(String s) throws IOException {
            writer.write(s);
        }

        public void commit() throws IOException {
            writer.close();
            moveIntoPlace(tmp, target);
            committed = true;
        }

        @Override
        public void close() throws IOException {
            if (!committed) {
                writer.close();
                Files.deleteIfExists(tmp);
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

    /** Bytes through a temporary sibling, renamed into place; the file gets the usual rw-r--r-- mode. */
    public static void writeStream(Path target, StreamBody body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            try (java.io.OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.write(os);
            }
            moveIntoPlace(tmp, abs);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
