package io.techopt.ingest;

/**
 * How to read: a forced format (null to detect per file), the model for sources that name none, a time window
 * [since, until) in epoch ms, the longest line accepted, the parsing threads, and whether a bad line fails the run.
 */
public record IngestOptions(InputFormat format, String defaultModel, long sinceMs, long untilMs,
                            int maxLineBytes, int threads, boolean strict) {
    public static final int DEFAULT_MAX_LINE_BYTES = 64 << 20;

    public static IngestOptions defaults() {
        return new IngestOptions(null, null, Long.MIN_VALUE, Long.MAX_VALUE, DEFAULT_MAX_LINE_BYTES,
                Runtime.getRuntime().availableProcessors(), false);
    }

    public IngestOptions withFormat(InputFormat f) {
        return new IngestOptions(f, defaultModel, sinceMs, untilMs, maxLineBytes, threads, strict);
    }

    public IngestOptions withWindow(long since, long until) {
        return new IngestOptions(format, defaultModel, since, until, maxLineBytes, threads, strict);
    }

    public IngestOptions withDefaultModel(String m) {
        return new IngestOptions(format, m, sinceMs, untilMs, maxLineBytes, threads, strict);
    }

    public IngestOptions withMaxLineBytes(int n) {
        return new IngestOptions(format, defaultModel, sinceMs, untilMs, n, threads, strict);
    }

    public IngestOptions withStrict(boolean s) {
        return new IngestOptions(format, defaultModel, sinceMs, untilMs, maxLineBytes, threads, s);
    }

    public IngestOptions withThreads(int n) {
        return new IngestOptions(format, defaultModel, sinceMs, untilMs, maxLineBytes, Math.max(1, n), strict);
    }
}
