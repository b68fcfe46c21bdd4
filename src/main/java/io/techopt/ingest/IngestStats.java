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
    public final List<BadLine> firstBadLines = new ArrayList<>();
    public final List<String> warnings = new ArrayList<>();
    public final java.util.Map<String, String> formats = new java.util.LinkedHashMap<>();

    void bad(BadLine b) {
        badLines++;
        if (firstBadLines.size() < KEEP_BAD_LINES) {
            firstBadLines.add(b);
        }
    }
}
