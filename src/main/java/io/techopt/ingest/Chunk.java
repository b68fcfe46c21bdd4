package io.techopt.ingest;

import io.techopt.core.LogRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * What one piece of input (a block of lines, a batch of document records or CSV rows) gave: built on a parser or
 * producer thread, handed to {@link Delivery} on the reading thread in input order.
 */
final class Chunk {
    final String file;
    final List<LogRecord> records = new ArrayList<>();
    final List<BadLine> bad = new ArrayList<>(0);
    final List<Span> spans = new ArrayList<>(0);
    /** Langfuse observations this chunk left without a start or end time, stamped with their file and line. */
    final List<LangfuseFormat.Pending> pending = new ArrayList<>(0);
    long filtered;
    /** Earliest and latest request time read, inside the window or not. */
    long firstMs = Long.MAX_VALUE, lastMs = Long.MIN_VALUE;
    long lines;
    long ignored;
    long spanLines; // of the ignored: lines whose spans were read for a span sink
    long truncated;
    String firstTruncated;
    long noOffset;
    String firstNoOffset;
    String relativeIn;

    Chunk(String file) {
        this.file = file;
    }

    /** A chunk of one bad line and nothing else. */
    static Chunk badLine(LogSource src, long line, String reason) {
        Chunk r = new Chunk(src.name());
        r.lines++;
        r.bad.add(new BadLine(src.name(), line, reason));
        return r;
    }
}
