package io.techopt.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;

/**
 * About how many lines a set of logs holds, read from each file's first 2 MB only: lines per byte of the file as
 * stored (gzip or not) in that sample, times the file's size. It lets analyze choose its engine before reading (#14: the
 * in-memory table holds a few million requests under bin/techopt's heap). Lines stand for requests: a JSONL log has one
 * a line; a pretty-printed JSON document has more lines than records, so it is overestimated.
 */
public final class LogSizeEstimate {
    /**
     * The bytes of the file as stored sampled from each: the reader's read-ahead (64 KB) makes the count of stored bytes
     * behind the lines counted run ahead by up to that much, a few percent of this.
     */
    static final int SAMPLE_BYTES = 2 << 20;

    private LogSizeEstimate() {
    }

    /**
     * The estimated lines of the files among {@code sources}: each sampled until they pass {@code enough}, then the others
     * (not opened: the choice is made) at the lines per stored byte of those sampled of their kind, gzip or not (the first
     * of a kind not yet sampled is sampled), so the figure a warning gives is of every log, not of the first ones
     * (review: two 5M-request logs were "about 4,831,207 requests"). -1 when one of them has no size to go by (standard
     * input, a table read by a driver) or cannot be read before the choice is made, so that the caller keeps its default.
     */
    public static long lines(List<LogSource> sources, long enough) {
        long total = 0;
        java.util.Map<Boolean, long[]> sampled = new java.util.HashMap<>(); // gzip or not: {lines, stored bytes}
        for (LogSource s : sources) {
            boolean sized = s.path() != null && s.opener() == null;
            long[] kind = sized ? sampled.get(s.namedAsGzip()) : null;
            if (total > enough && (!sized || kind != null)) {
                if (kind != null && kind[1] > 0) {
                    try {
                        total += Math.round((double) kind[0] * Files.size(s.path()) / kind[1]);
                    } catch (IOException e) {
                        // the read itself reports what is wrong with the file
                    }
                }
                continue;
            }
            if (!sized) {
                return -1;
            }
            try {
                long n = lines(s);
                total += n;
                long[] k = sampled.computeIfAbsent(s.namedAsGzip(), g -> new long[2]);
                k[0] += n;
                k[1] += Files.size(s.path());
            } catch (IOException e) {
                if (total > enough) {
                    continue; // the choice is made; the read itself reports what is wrong with the file
                }
                return -1; // the read itself reports what is wrong with the file
            }
        }
        return total;
    }

    static long lines(LogSource s) throws IOException {
        long size = Files.size(s.path());
        long[] stored = new long[1];
        long lines = 0;
        int last = '\n';
        byte[] buf = new byte[1 << 16];
        try (InputStream in = s.open(n -> stored[0] += n)) {
            int n;
            while (stored[0] < SAMPLE_BYTES && (n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
                last = buf[n - 1];
            }
            if (in.read() < 0) { // the whole file was read: its lines, counted
                return lines + (last != '\n' ? 1 : 0);
            }
        }
        return stored[0] == 0 ? lines : Math.round((double) lines * size / stored[0]);
    }
}
