package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** A reader for one JSON document or JSONL line of a non-canonical format. */
public interface TreeFormat {
    void map(JsonNode node, List<LogRecord> out) throws BadInputException;
}
