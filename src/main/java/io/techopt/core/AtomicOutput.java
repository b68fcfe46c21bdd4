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
import java.util.ArrayList;
import java.util.List;
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
    /** Output directories this run created and has not kept yet: removed again at shutdown. */
    private static final Set<CreatedDirectory> CREATED = ConcurrentHashMap.newKeySet();
    /** Set by the shutdown hook: no temporary file or directory is created after it ran. */
    private static boolean shuttingDown;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicOutput::shutdown, "techopt-temp-cleanup"));
    }

    /** The shutdown hook: nothing new is created from now on, then what is pending goes. */
    private static void shutdown() {
        synchronized (AtomicOutput.class) {
            shuttingDown = true;
        }
        deletePending();
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
        for (CreatedDirectory d : CREATED) {
            d.remove();
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
        String name = "." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp";
        Path tmp = dir == null ? Path.of(name) : dir.resolve(name);
        synchronized (AtomicOutput.class) { // not after the shutdown hook ran: it would stay
            if (shuttingDown) {
                throw new IOException("shutting down: " + target + " not written");
            }
            try {
                if (dir != null) {
                    Files.createDirectories(dir);
                }
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
            } catch (IOException e) {
                throw failed(target, e);
            }
        }
        return tmp;
    }

    /**
     * A write of {@code target} failed: the message names the output file (not its hidden temporary sibling) and, when
     * the disk is full, says so in words. The cause keeps the file system's own message.
     */
    static IOException failed(Path target, IOException e) {
        if (e instanceof NamedFailure) {
            return e;
        }
        String msg = String.valueOf(e.getMessage());
        String why = msg.contains("No space left on device") || msg.contains("ENOSPC") ? "the disk is full (no space left on device)"
                : msg.contains("Disk quota exceeded") || msg.contains("EDQUOT") ? "the disk quota is used up (disk quota exceeded)"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : msg;
        return new NamedFailure("cannot write " + target + ": " + why + "; nothing was written there", e);
    }

    /** A failure of the file system itself (a full disk, permissions, a missing directory), not of what was being written. */
    private static boolean isFileSystemFailure(IOException e) {
        String msg = String.valueOf(e.getMessage());
        return e instanceof java.nio.file.FileSystemException || msg.contains("No space left on device") || msg.contains("Disk quota exceeded");
    }

    /** An I/O failure whose message already names the output file. */
    static final class NamedFailure extends IOException {
        NamedFailure(String message, IOException cause) {
            super(message, cause);
        }
    }

    /**
     * The directories {@link #createDirectories} made for an output: until {@link #keep}, they go again (with the files
     * {@link #own}ed inside them) on {@link #close} and at shutdown (SIGINT, SIGTERM), deepest first, each only when
     * empty. A directory that existed before is never touched.
     */
    public static final class CreatedDirectory implements AutoCloseable {
        /** Created here, top-most first. */
        private final List<Path> created = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Set<Path> owned = ConcurrentHashMap.newKeySet();
        private volatile boolean kept;

        private CreatedDirectory() {
        }

        /** Whether this run created the directory (else it existed, and nothing here ever removes anything). */
        public boolean created() {
            return !created.isEmpty();
        }

        /** A file this run puts into a directory it created: removed with the directory unless kept. */
        public void own(Path file) {
            if (created()) {
                owned.add(file.toAbsolutePath());
            }
        }

        /** The output is complete: the directory and its files stay. */
        public void keep() {
            kept = true;
            CREATED.remove(this);
        }

        /** Without {@link #keep}: removes the files owned and the directories created (deepest first, each if empty). */
        @Override
        public void close() {
            if (!kept) {
                remove();
                CREATED.remove(this);
            }
        }

        private void remove() {
            for (Path f : owned) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException | RuntimeException e) {
                    // the directory below stays then: not empty
                }
            }
            for (int i = created.size() - 1; i >= 0; i--) {
                try {
                    Files.deleteIfExists(created.get(i));
                } catch (IOException | RuntimeException e) {
                    return; // not empty (someone else's file): it and its parents stay
                }
            }
        }
    }

    /**
     * Creates {@code dir} and its missing parents like {@link Files#createDirectories}, remembering which were made here
     * so a failed or interrupted run can remove them again.
     */
    public static CreatedDirectory createDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        List<Path> missing = new ArrayList<>();
        for (Path p = abs; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.add(0, p);
        }
        CreatedDirectory d = new CreatedDirectory();
        synchronized (AtomicOutput.class) {
            if (shuttingDown) {
                throw new IOException("shutting down: " + dir + " not created");
            }
            CREATED.add(d);
            try {
                for (Path p : missing) {
                    try {
                        Files.createDirectory(p);
                        d.created.add(p);
                    } catch (java.nio.file.FileAlreadyExistsException e) {
                        if (!Files.isDirectory(p)) {
                            throw e;
                        }
                    }
                }
            } catch (IOException e) {
                d.close();
                throw failed(dir, e);
            } catch (RuntimeException e) {
                d.close();
                throw e;
            }
        }
        return d;
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** Removes the temporary file and forgets it. */
    private static void discard(Path tmp) throws IOException {
        if (tmp == null) {
            return;
        }
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
            java.io.OutputStream direct = openDirect(target);
            this.target = target.toString().equals("-") || direct != null ? target : throughLinks(target.toAbsolutePath());
            this.tmp = direct == null ? createTemp(this.target) : null;
            try {
                java.io.OutputStream os = direct != null ? direct : Files.newOutputStream(tmp);
                Writer w = new BufferedWriter(new OutputStreamWriter(opener == null ? os : opener.apply(os), StandardCharsets.UTF_8), 1 << 16);
                this.writer = redact ? new RedactingWriter(w, java.util.function.UnaryOperator.identity(), false) : w;
            } catch (IOException e) {
                discard(tmp);
                throw failed(this.target, e);
            } catch (RuntimeException e) {
                discard(tmp);
                throw e;
            }
        }

        /** The temporary file being written (tests). */
        Path temporaryFile() {
            return tmp;
        }

        public synchronized void write(String s) throws IOException {
            try {
                writer.write(s);
            } catch (IOException e) {
                throw failed(target, e);
            }
        }

        /** Writes out what is buffered and closes the file (where a full disk shows), without renaming it into place yet. */
        public void finishWriting() throws IOException {
            try {
                writer.close();
            } catch (IOException e) {
                throw failed(target, e);
            }
        }

        public void commit() throws IOException {
            finishWriting();
            if (tmp == null) { // a stream: written straight through
                committed = true;
                return;
            }
            try {
                moveIntoPlace(tmp, target);
            } catch (IOException e) {
                throw failed(target, e);
            }
            PENDING.remove(tmp);
            committed = true;
        }

        /** The file this writes (once committed). */
        public Path target() {
            return target;
        }

        /** Without a commit, removes the temporary file, even when closing the writer fails (a full disk). */
        @Override
        public void close() throws IOException {
            if (!committed) {
                try {
                    writer.close();
                } catch (IOException e) {
                    throw failed(target, e);
                } finally {
                    discard(tmp);
                }
            }
        }
    }

    /**
     * The file a symbolic link leads to (through a chain of them; a dangling one's target, made as `>` makes it), so
     * the rename replaces the file and leaves the link, as `>`, cp and tee do (review r19 N1). Any other path as it is.
     */
    static Path throughLinks(Path abs) throws IOException {
        Path p = abs;
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops >= 40) {
                throw new NamedFailure("cannot write " + abs + ": too many levels of symbolic links", null);
            }
            Path to = Files.readSymbolicLink(p);
            p = (p.getParent() == null ? to : p.getParent().resolve(to)).normalize();
        }
        return p;
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

    /**
     * Whether {@code target} is a stream rather than a file to replace: {@code -} (stdout), anything that exists and is
     * neither a regular file nor a directory (a character device, a FIFO, a socket), and anything under /dev or /proc
     * but /dev/shm (/dev/stdout, /dev/fd/N, /proc/self/fd/N, even when it leads to a regular file). Renaming a
     * temporary file over these would replace the device, the FIFO or the shell's redirection with a plain file.
     */
    public static boolean isStream(Path target) {
        if (target.toString().equals("-")) {
            return true;
        }
        Path abs = target.toAbsolutePath().normalize();
        if (underDevOrProc(abs)) {
            return true;
        }
        return Files.exists(abs) && !Files.isRegularFile(abs) && !Files.isDirectory(abs);
    }

    private static boolean underDevOrProc(Path abs) {
        return (abs.startsWith("/dev") || abs.startsWith("/proc")) && !abs.startsWith("/dev/shm");
    }

    /**
     * A stream straight to {@code target} when it is one ({@link #isStream}), else null (a regular file: temporary
     * sibling and rename). Our own stdout and stderr are used as they are (their position and append mode kept, never
     * closed); a missing /dev or /proc name is an error, not a new file there.
     */
    static java.io.OutputStream openDirect(Path target) throws IOException {
        if (!isStream(target)) {
            return null;
        }
        String name = target.toString().equals("-") ? "/dev/stdout" : target.toAbsolutePath().normalize().toString();
        if (name.equals("/dev/stdout") || name.equals("/dev/fd/1") || name.equals("/proc/self/fd/1")) {
            System.out.flush();
            return new UnclosedStream(new java.io.FileOutputStream(java.io.FileDescriptor.out));
        }
        if (name.equals("/dev/stderr") || name.equals("/dev/fd/2") || name.equals("/proc/self/fd/2")) {
            System.err.flush();
            return new UnclosedStream(new java.io.FileOutputStream(java.io.FileDescriptor.err));
        }
        Path p = Path.of(name);
        if (!Files.exists(p)) {
            throw new NamedFailure("cannot write " + target + ": no such device or file (no new file is made under /dev or /proc)", null);
        }
        try {
            // a /dev/fd/N that leads to a regular file is a shell's redirection: appended to, never truncated or replaced
            return Files.isRegularFile(p) ? Files.newOutputStream(p, java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND)
                    : Files.newOutputStream(p, java.nio.file.StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw failed(target, e);
        }
    }

    /** Our stdout or stderr: flushed, never closed. */
    private static final class UnclosedStream extends java.io.FilterOutputStream {
        UnclosedStream(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    public static Pending open(Path target) throws IOException {
        return new Pending(target);
    }

    /** As {@link #open}, with the file's stream wrapped by {@code opener} (tests simulate a full disk with it). */
    public static Pending open(Path target, java.util.function.UnaryOperator<java.io.OutputStream> opener) throws IOException {
        return new Pending(target, opener, false);
    }

    /** As {@link #open}, every line redacted on its way to the file: for copies of log content (exports, compressed logs). */
    public static Pending openRedacted(Path target) throws IOException {
        return new Pending(target, null, true);
    }

    /** Bytes through a temporary sibling, renamed into place; the file gets the usual rw-r--r-- mode. */
    public static void writeStream(Path target, StreamBody body) throws IOException {
        java.io.OutputStream direct = openDirect(target);
        if (direct != null) {
            try (java.io.OutputStream os = new java.io.BufferedOutputStream(direct, 1 << 16)) {
                body.write(os);
            } catch (IOException e) {
                throw isFileSystemFailure(e) ? failed(target, e) : e;
            }
            return;
        }
        Path abs = throughLinks(target.toAbsolutePath());
        Path tmp = createTemp(abs);
        try {
            try {
                try (java.io.OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                    body.write(os);
                }
                moveIntoPlace(tmp, abs);
            } catch (IOException e) {
                // a failure of the body's own (a reader's, a socket's) keeps its message; the file system's names the file
                throw isFileSystemFailure(e) ? failed(abs, e) : e;
            }
        } finally {
            discard(tmp);
        }
    }
}
