package io.techopt.ingest;

import java.util.ArrayList;
import java.util.List;

/** What ingest saw: files, records, the bad lines (first few kept in full), records outside the window. */
public final class IngestStats {
    public static final int KEEP_BAD_LINES = 20;

    public long files;
    public long records;
    public long badLines;
    public long filtered;
    public long estimated;
    /** Non-empty lines (CSV rows, document elements) seen: every one is a request, bad, filtered or ignored. */
    public long lines;
    /** Lines that parsed but hold no LLM request (trace events, spans without gen_ai usage). */
    public long ignored;
    /** Of the ignored lines, those whose spans a span sink (analyze's latency map) read: input that was read. */
    public long spanLines;
    /** Labels (model, user, team …) cut to {@link LogReader#MAX_LABEL} characters, and where the first was. */
    public long truncatedLabels;
    /** Records whose token fields disagreed (LiteLLM flat counts against usage_object); the detailed one was used. */
    public long conflictingTokens;
    public String firstTruncated;
    /**
     * The earliest and latest time of a request read, whatever --since/--until (what the log covers; a replay trace's
     * offsets anchored): Long.MAX_VALUE and Long.MIN_VALUE when none was read.
     */
    public long firstRequestMs = Long.MAX_VALUE, lastRequestMs = Long.MIN_VALUE;
    /** Sum of every token count read so far: checked, so no total downstream can overflow. */
    long tokenTotal;
    public final List<BadLine> firstBadLines = new ArrayList<>();
    public final List<String> warnings = new ArrayList<>();
    public final java.util.Map<String, String> formats = new java.util.LinkedHashMap<>();

    /**
     * These counts (a store's read of the rows a read stored) replaced by the read's: the lines, bad lines (with their
     * samples), warnings and inputs as the logs gave them; the requests outside --since/--until never reached the
     * store, so the read's are added to these.
     */
    public void copyReadCounts(IngestStats read) {
        filtered += read.filtered;
        files = read.files;
        records = read.records;
        badLines = read.badLines;
        estimated = read.estimated;
        lines = read.lines;
        ignored = read.ignored;
        spanLines = read.spanLines;
        truncatedLabels = read.truncatedLabels;
        firstTruncated = read.firstTruncated;
        conflictingTokens = read.conflictingTokens;
        firstRequestMs = read.firstRequestMs;
        lastRequestMs = read.lastRequestMs;
        firstBadLines.clear();
        firstBadLines.addAll(read.firstBadLines);
        warnings.clear();
        warnings.addAll(read.warnings);
        formats.clear();
        formats.putAll(read.formats);
    }

    void bad(BadLine b) {
        badLines++;
        if (firstBadLines.size() < KEEP_BAD_LINES) {
            firstBadLines.add(b);
        }
    }
}
