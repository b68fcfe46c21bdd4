package io.techopt.ingest;

import io.techopt.core.LogRecord;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the records of one batch document (an OTLP export line of up to 512 spans, a Langfuse ingestion batch) sit in
 * it, as JSON pointers, and the spans or events it could not map: a bad span or event is skipped alone, reported at
 * its pointer, and never costs the other records of its line.
 */
final class BatchParts {
    /** A span or event left out: its JSON pointer in the document ("" for the whole document) and why. */
    record Skipped(String at, String reason) {
    }

    /** What one part of the document is called in a reason: "span" (OTLP) or "event" (Langfuse). */
    final String noun;
    private final Map<LogRecord, String> places = new IdentityHashMap<>();
    final List<Skipped> skipped = new ArrayList<>();

    BatchParts(String noun) {
        this.noun = noun;
    }

    void place(LogRecord r, String at) {
        places.put(r, at);
    }

    /** The pointer of a record mapped from this document, or "" when unknown. */
    String at(LogRecord r) {
        String at = places.get(r);
        return at == null ? "" : at;
    }

    void skip(String at, String reason) {
        skipped.add(new Skipped(at == null ? "" : at, reason));
    }
}
