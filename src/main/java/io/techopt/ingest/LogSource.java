package io.techopt.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A file, standard input ({@code -}), or a stream another reader opens (a PostgreSQL table); gzip is recognised by its
 * magic bytes, whatever the name.
 */
public record LogSource(String name, Path path, Opener opener) {
    /** Opens a source that is neither a file nor standard input. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;

        /** SHA-256 of the bytes the last stream opened gave, once read to its end ("sha256:..."): the store's key of a source. */
        default String fingerprint() {
            throw new UnsupportedOperationException("this source keeps no fingerprint");
        }

        /** Bytes the last stream opened gave. */
        default long bytes() {
            return -1;
        }
    }

    public LogSource(String name, Path path) {
        this(name, path, null);
    }

    /** A source read from a stream {@code opener} opens (once per read); {@code name} is what messages call it. */
    public static LogSource streamed(String name, Opener opener) {
        return new LogSource(name, null, opener);
    }

    /** Standard input: neither a file nor a stream of another reader's. */
    public boolean isStdin() {
        return path == null && opener == null;
    }

    private static final List<String> LOG_SUFFIXES = List.of(".jsonl", ".jsonl.gz", ".json", ".json.gz", ".csv",
            ".csv.gz", ".ndjson", ".ndjson.gz", ".log", ".log.gz");

    public static LogSource stdin() {
        return new LogSource("<stdin>", null);
    }

    /** The suffixes a file in a directory needs to be read as a log, for messages. */
    public static String logSuffixes() {
        return String.join(", ", LOG_SUFFIXES);
    }

    /**
     * A directory among the arguments: how many log files it gave, and the other files in it that were not read
     * (hidden files such as .DS_Store aside), so that nothing is skipped without the user being told.
     */
    public record DirectoryScan(String dir, int logFiles, List<String> otherFiles) {
    }

    /** Expands command-line arguments: files as given, directories into their log files (sorted), "-" as stdin. */
    public static List<LogSource> expand(List<String> args) throws IOException {
        return expand(args, new ArrayList<>());
    }

    /** As {@link #expand(List)}, and records what each directory held in {@code scans}. */
    public static List<LogSource> expand(List<String> args, List<DirectoryScan> scans) throws IOException {
        List<LogSource> out = new ArrayList<>();
        for (String a : args) {
            if (a.equals("-")) {
                out.add(stdin());
                continue;
            }
            if (PostgresSource.isUrl(a)) {
                out.add(PostgresSource.source(a));
                continue;
            }
            Path p = Path.of(a);
            if (Files.isDirectory(p)) {
                List<Path> files;
                try (Stream<Path> s = Files.walk(p)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                }
                List<String> others = new ArrayList<>();
                int logs = 0;
                for (Path f : files) {
                    if (isLogFile(f)) {
                        out.add(new LogSource(f.toString(), f));
                        logs++;
                    } else if (!f.getFileName().toString().startsWith(".")) {
                        others.add(p.relativize(f).toString());
                    }
                }
                scans.add(new DirectoryScan(a, logs, others));
            } else if (Files.isRegularFile(p)) {
                out.add(new LogSource(a, p));
            } else {
                throw new java.nio.file.NoSuchFileException(a, null, "no such file or directory");
            }
        }
        return out;
    }

    static boolean isLogFile(Path f) {
        return isLogName(f.getFileName().toString());
    }

    /** Whether a file of this name in a directory is read as a log (the Spark job lists directories by it too). */
    public static boolean isLogName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return LOG_SUFFIXES.stream().anyMatch(n::endsWith);
    }

    /** When the file was last modified (now for stdin): the date of records whose format carries none. */
    public long modifiedMs() {
        try {
            return path == null ? System.currentTimeMillis() : Files.getLastModifiedTime(path).toMillis();
        } catch (java.io.IOException e) {
            return System.currentTimeMillis();
        }
    }

    public boolean looksLikeCsv() {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".csv") || n.endsWith(".csv.gz");
    }

    /** Named as line-delimited JSON (.jsonl, .ndjson, gzipped or not): read line by line, never as one document. */
    public boolean namedAsLines() {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".jsonl") || n.endsWith(".jsonl.gz") || n.endsWith(".ndjson") || n.endsWith(".ndjson.gz");
    }

    /** Named as gzip-compressed ({@code .gz}). */
    public boolean namedAsGzip() {
        return name.toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    /** Opens the bytes, decompressing gzip when the stream starts with its magic number. */
    public InputStream open() throws IOException {
        return open(n -> {
        });
    }

    /** As {@link #open()}, telling {@code counted} each count of bytes read from the file itself (before gunzip), for progress. */
    public InputStream open(java.util.function.LongConsumer counted) throws IOException {
        InputStream raw = new java.io.FilterInputStream(opener != null ? opener.open() : path == null ? System.in : Files.newInputStream(path)) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    counted.accept(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    counted.accept(n);
                }
                return n;
            }
        };
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read(), b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            return new TruncatedGzipStream(in);
        }
        return in;
    }
}
