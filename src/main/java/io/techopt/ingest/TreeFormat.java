package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.core.LogRecord;

import java.util.List;

/** A reader for one JSON document or JSONL line of a non-canonical format. */
public interface TreeFormat {
    /** Maps a document; an array is a list of documents. */
    default void map(JsonNode node, List<LogRecord> out) throws BadInputException {
        if (node.isArray()) {
            for (JsonNode e : node) {
                mapOne(e, out);
            }
        } else {
            mapOne(node, out);
        }
    }

    void mapOne(JsonNode node, List<LogRecord> out) throws BadInputException;

    /** {@link #map} that also lists every span the document holds; formats without spans list none. */
    default void map(JsonNode node, List<LogRecord> out, List<Span> spans) throws BadInputException {
        map(node, out);
    }
}
