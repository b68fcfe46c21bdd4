package io.techopt.spark;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.techopt.store.StoreManifest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
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
        if (fs.exists(dir) && !fs.exists(manifestFile) && holdsFiles(fs, dir)) {
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
            boolean created = !fs.exists(manifestFile);
            StoreManifest m = read(fs, dir);
            HadoopStore s = new HadoopStore(dir, fs, ch, lock, m);
            if (created) {
                s.commit(m); // the empty manifest first: from now on the directory is a store
            }
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

    /**
     * Whether a directory holds anything but the CLI's lock file. A new store gets an empty manifest before any data
     * file, so files without a manifest are never a killed ingest's: they are refused, not "recovered" (deleted).
     */
    private static boolean holdsFiles(FileSystem fs, Path d) throws IOException {
        for (FileStatus st : fs.listStatus(d)) {
            if (!st.getPath().getName().equals(".lock")) {
                return true;
            }
        }
        return false;
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
        // as the CLI's recovery: real day directories only (a link is never followed out of the store), and only the
        // files an ingest names as its own; a user's file stays
        for (FileStatus day : fs.listStatus(dir)) {
            if (!day.isDirectory() || !StoreManifest.isDayDir(day.getPath().getName()) || isLocalLink(day.getPath())) {
                continue;
            }
            for (FileStatus f : fs.listStatus(day.getPath())) {
                if (f.isFile() && StoreManifest.isWrittenFile(f.getPath().getName()) && !isLocalLink(f.getPath())
                        && !listed.contains(day.getPath().getName() + "/" + f.getPath().getName())) {
                    fs.delete(f.getPath(), false);
                }
            }
        }
    }

    /** A symbolic link on a local disk (Hadoop's local file system reports the file it points to). */
    private static boolean isLocalLink(Path p) {
        return "file".equals(p.toUri().getScheme()) && java.nio.file.Files.isSymbolicLink(java.nio.file.Path.of(p.toUri()));
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

    /**
     * Commits {@code next} in one step, so a reader (or a later ingest) always finds the old manifest or the new one:
     * a local disk moves a temporary copy in atomically, HDFS renames it over the old one (an atomic rename with
     * overwrite), an object store (s3a, gs, abfs...) writes the manifest in one PUT, which readers see whole or not at all.
     */
    void commit(StoreManifest next) throws IOException {
        Path tmp = new Path(dir, StoreManifest.FILE + ".tmp");
        Path f = new Path(dir, StoreManifest.FILE);
        byte[] bytes = MAPPER.writeValueAsBytes(next);
        String scheme = fs.getUri().getScheme();
        if (!renamesAtomically(scheme)) {
            try (FSDataOutputStream out = fs.create(f, true)) {
                out.write(bytes);
            }
            manifest = next;
            return;
        }
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            out.write(bytes);
            out.hsync();
        }
        if ("file".equals(scheme)) {
            java.nio.file.Files.move(java.nio.file.Path.of(tmp.toUri()), java.nio.file.Path.of(f.toUri()),
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(tmp, f, Options.Rename.OVERWRITE);
        }
        manifest = next;
    }

    /** File systems whose rename replaces a file atomically: the local disk and HDFS; object stores copy instead. */
    static boolean renamesAtomically(String scheme) {
        return "file".equals(scheme) || "hdfs".equals(scheme) || "viewfs".equals(scheme);
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
