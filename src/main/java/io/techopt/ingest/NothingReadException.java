package io.techopt.ingest;

/** Non-empty input of which no request could be read: exit code 3 with the reason (cli.md). */
public class NothingReadException extends RuntimeException {
    private final transient IngestStats stats;

    public NothingReadException(String message) {
        this(message, null);
    }

    private NothingReadException(String message, IngestStats stats) {
        super(message, null, false, false);
        this.stats = stats;
    }

    /** What was read of the input that gave no request (its bad lines), when it was a log; else null. */
    public IngestStats stats() {
        return stats;
    }

    /**
     * Thrown when the input held lines but none became a request, none was left out by the time window and none held
     * spans that were read (analyze maps traces whose spans carry no usage: that input was read).
     */
    public static void check(IngestStats stats) {
        if (stats.records > 0 || stats.filtered > 0 || stats.spanLines > 0 || (stats.lines == 0 && stats.badLines == 0)) {
            return;
        }
        StringBuilder m = new StringBuilder("no request could be read from non-empty input: ");
        m.append(stats.badLines).append(" bad line").append(stats.badLines == 1 ? "" : "s");
        if (stats.ignored > 0) {
            m.append(", ").append(stats.ignored).append(" line").append(stats.ignored == 1 ? "" : "s").append(" without an LLM request");
        }
        if (!stats.firstBadLines.isEmpty()) {
            m.append(" (first: ").append(stats.firstBadLines.get(0)).append(")");
        }
        throw new NothingReadException(m.toString(), stats);
    }
}
