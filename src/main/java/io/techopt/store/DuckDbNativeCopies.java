package io.techopt.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * duckdb_jdbc (1.4.4, {@code org.duckdb.DuckDBNative}) copies its native library (57 MB) to java.io.tmpdir as
 * {@code libduckdb_java*.so} on every start and deletes it only at a clean exit (deleteOnExit): every killed run left
 * one behind. Once DuckDB is loaded this removes this run's copy (Linux keeps a mapped file until it is unmapped) and
 * the copies of earlier runs that no live process maps or holds open, older than {@link #SETTLED_MS} (a starting run
 * writes its copy, then maps it). Linux only ({@code /proc}); elsewhere nothing is done.
 */
final class DuckDbNativeCopies {
    /** A copy neither open nor mapped for this long is no starting run's (it maps its copy right after writing it). */
    static final long SETTLED_MS = 2_000;
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private DuckDbNativeCopies() {
    }

    /** After DuckDB's first connection in this JVM (its library is loaded then); later calls do nothing. */
    static void tidy() {
        if (!DONE.compareAndSet(false, true) || !Files.isReadable(Path.of("/proc/self/maps"))) {
            return;
        }
        try {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
            for (Path own : copiesIn(mapped(Path.of("/proc/self/maps")), tmp)) {
                Files.deleteIfExists(own);
            }
            sweep(tmp);
        } catch (IOException | RuntimeException e) {
            // best effort: a copy left behind is disk space, not a wrong figure
        }
    }

    /** Deletes the copies in {@code dir} that no live process maps or holds open and that have settled. */
    static void sweep(Path dir) throws IOException {
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "libduckdb_java*.so")) {
            s.forEach(candidates::add);
        }
        if (candidates.isEmpty()) {
            return;
        }
        Set<String> inUse = inUse();
        long now = System.currentTimeMillis();
        for (Path p : candidates) {
            FileTime t = Files.getLastModifiedTime(p);
            if (!inUse.contains(p.toString()) && now - t.toMillis() > SETTLED_MS && Files.isRegularFile(p)) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The paths every live process (that this user may inspect) maps or has open. */
    private static Set<String> inUse() throws IOException {
        Set<String> used = new HashSet<>();
        List<Path> procs;
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            procs = s.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList();
        }
        for (Path proc : procs) {
            try {
                used.addAll(mapped(proc.resolve("maps")));
            } catch (IOException | RuntimeException gone) {
                // ended, or another user's
            }
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                for (Path fd : fds) {
                    try {
                        used.add(Files.readSymbolicLink(fd).toString());
                    } catch (IOException | RuntimeException gone) {
                        // closed meanwhile
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // ended, or another user's
            }
        }
        return used;
    }

    /** The files a maps file lists (a deleted one still ends in " (deleted)"). */
    private static Set<String> mapped(Path maps) throws IOException {
        Set<String> files = new HashSet<>();
        for (String line : Files.readAllLines(maps)) {
            int slash = line.indexOf('/');
            if (slash >= 0) {
                files.add(line.substring(slash));
            }
        }
        return files;
    }

    private static List<Path> copiesIn(Set<String> files, Path dir) {
        List<Path> out = new ArrayList<>();
        for (String f : files) {
            Path p = Path.of(f);
            if (dir.equals(p.getParent()) && p.getFileName().toString().matches("libduckdb_java.*\\.so")) {
                out.add(p);
            }
        }
        return out;
    }
}
