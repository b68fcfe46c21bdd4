package io.techopt.spark;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.techopt.store.StoreManifest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A usage store (docs/store.md) on any Hadoop file system: its manifest read and committed, what a killed ingest left
 * removed, Parquet files moved into their day directories. The same layout and commit protocol as the CLI's
 * DuckDbUsageStore: files first, the manifest last, so a reader sees a source whole or not at all.
 */
final class HadoopStore implements Closeable {
    static final String TMP = ".tmp";
    private static final Pattern STORE_FILE = Pattern.compile("day=\\d{4}-\\d{2}-\\d{2}/[A-Za-z0-9_-]+\\.parquet");
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    final Path dir;
    final FileSystem fs;
    private final FileChannel lockChannel;
    private final FileLock lock;
    StoreManifest manifest;

    private HadoopStore(Path dir, FileSystem fs, FileChannel lockChannel, FileLock lock, StoreManifest manifest) {
        this.dir = dir;
        this.fs = fs;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.manifest = manifest;
    }

    /**
     * Opens (or creates) the store for appending. On a local disk it takes the CLI's lock ({@code DIR/.lock}), so a
     * {@code techopt ingest} and this job never write one store at once; an object store has no such lock (one job a
     * store at a time is then the user's to keep).
     */
    static HadoopStore forIngest(String dirName, Configuration conf) throws IOException {
        Path dir = new Path(dirName);
        FileSystem fs = dir.getFileSystem(conf);
        if (fs instanceof org.apache.hadoop.fs.LocalFileSystem local) {
            // the raw local file system: no hidden .crc beside each file (the store is the CLI's layout exactly, and
            // techopt ingest refuses a day directory holding other files after a killed first ingest)
            fs = local.getRaw();
        }
        dir = fs.makeQualified(dir);
        if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
            throw new IOException(dirName + " is not a directory");
        }
        Path manifestFile = new Path(dir, StoreManifest.FILE);
        if (fs.exists(dir) && !fs.exists(manifestFile) && !onlyAKilledFirstIngestsFiles(fs, dir)) {
            throw new IOException(dirName + " holds files but no store manifest (" + StoreManifest.FILE
                    + "): a store is written into a new or empty directory");
        }
        fs.mkdirs(dir);
        FileChannel ch = null;
        FileLock lock = null;
        if ("file".equals(fs.getUri().getScheme())) {
            ch = FileChannel.open(java.nio.file.Path.of(dir.toUri()).resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                throw new IOException("the store " + dirName + " is being written by another ingest; try again when it ends");
            }
        }
        try {
            StoreManifest m = read(fs, dir);
            HadoopStore s = new HadoopStore(dir, fs, ch, lock, m);
            s.recover();
            return s;
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.release();
                ch.close();
            }
            throw e;
        }
    }

    /** Whether a directory without a manifest holds only what an ingest killed before its first commit leaves. */
    private static boolean onlyAKilledFirstIngestsFiles(FileSystem fs, Path d) throws IOException {
        for (FileStatus st : fs.listStatus(d)) {
            String name = st.getPath().getName();
            if (name.startsWith(".") || name.equals(StoreManifest.FILE + ".tmp") && st.isFile()) {
                continue;
            }
            if (!st.isDirectory() || !name.matches("day=\\d{4}-\\d{2}-\\d{2}")) {
                return false;
            }
            for (FileStatus f : fs.listStatus(st.getPath())) {
                if (!f.isFile() || !STORE_FILE.matcher(name + "/" + f.getPath().getName()).matches()) {
                    return false;
                }
            }
        }
        return true;
    }

    static StoreManifest read(FileSystem fs, Path dir) throws IOException {
        Path f = new Path(dir, StoreManifest.FILE);
        if (!fs.exists(f)) {
            return new StoreManifest(StoreManifest.FORMAT, 1, List.of());
        }
        StoreManifest m;
        try (InputStream in = fs.open(f)) {
            m = MAPPER.readValue(in, StoreManifest.class);
        }
        if (m == null || !StoreManifest.FORMAT.equals(m.format()) || m.sources() == null) {
            throw new IOException(f + " is not a techopt store manifest");
        }
        if (m.version() != 1) {
            throw new IOException(f + " is a store of version " + m.version() + "; this techopt reads version 1");
        }
        for (StoreManifest.Source s : m.sources()) {
            if (s == null || s.files() == null || s.fingerprint() == null
                    || s.files().stream().anyMatch(x -> x == null || !STORE_FILE.matcher(x).matches())) {
                throw new IOException(f + " is not a techopt store manifest: a source without its fingerprint or files, "
                        + "or a file that is not a day partition's Parquet file");
            }
        }
        return m;
    }

    /** Removes what a killed ingest left: the temporary directory and Parquet files no manifest lists. */
    private void recover() throws IOException {
        fs.delete(new Path(dir, TMP), true);
        fs.delete(new Path(dir, StoreManifest.FILE + ".tmp"), false);
        Set<String> listed = new HashSet<>();
        manifest.sources().forEach(s -> listed.addAll(s.files()));
        for (FileStatus day : fs.listStatus(dir)) {
            if (!day.isDirectory() || !day.getPath().getName().startsWith("day=")) {
                continue;
            }
            for (FileStatus f : fs.listStatus(day.getPath())) {
                if (f.isFile() && !listed.contains(day.getPath().getName() + "/" + f.getPath().getName())) {
                    fs.delete(f.getPath(), false);
                }
            }
        }
    }

    /** The store's files the manifest lists, qualified. */
    List<String> files() {
        List<String> out = new ArrayList<>();
        for (StoreManifest.Source s : manifest.sources()) {
            for (String f : s.files()) {
                out.add(new Path(dir, f).toString());
            }
        }
        return out;
    }

    /** Moves a written file into the store as {@code rel} (day=.../name.parquet). */
    void moveIn(Path written, String rel) throws IOException {
        Path target = new Path(dir, rel);
        fs.mkdirs(target.getParent());
        if (!fs.rename(written, target)) {
            throw new IOException("could not move " + written + " to " + target);
        }
    }

    /** Commits {@code next}: written under a temporary name, then put in place of the old manifest (the commit point). */
    void commit(StoreManifest next) throws IOException {
        Path tmp = new Path(dir, StoreManifest.FILE + ".tmp");
        Path f = new Path(dir, StoreManifest.FILE);
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            out.write(MAPPER.writeValueAsBytes(next));
            out.hsync();
        }
        if ("file".equals(fs.getUri().getScheme())) {
            java.nio.file.Files.move(java.nio.file.Path.of(tmp.toUri()), java.nio.file.Path.of(f.toUri()),
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            // an object store renames by copying: the old manifest goes first, so a reader sees it or the new one (or,
            // for a moment, none)
            fs.delete(f, false);
            if (!fs.rename(tmp, f)) {
                throw new IOException("could not commit " + f);
            }
        }
        manifest = next;
    }

    /** Size of the store's files (Parquet and manifest), in bytes. */
    long bytesOnDisk() throws IOException {
        long n = fs.getFileStatus(new Path(dir, StoreManifest.FILE)).getLen();
        for (String f : files()) {
            n += fs.getFileStatus(new Path(f)).getLen();
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        fs.delete(new Path(dir, TMP), true);
        if (lock != null) {
            lock.release();
            lockChannel.close();
        }
    }
}
