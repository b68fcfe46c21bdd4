package io.techopt.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The Jackson objects every reader of one {@link LogReader} shares (all thread-safe): no limit on a string's length
 * (--max-line-mb bounds a line) and nesting up to 2000 levels.
 *
 * @param lineReader reads one whole line; anything after its JSON value makes the line bad
 */
record JsonParsers(JsonFactory factory, ObjectMapper mapper, ObjectReader lineReader, CanonicalParser canonical) {
    static JsonParsers create() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(Integer.MAX_VALUE).maxNestingDepth(2000).build())
                .build();
        ObjectMapper mapper = JsonMapper.builder(factory).build();
        return new JsonParsers(factory, mapper, mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS),
                new CanonicalParser(mapper));
    }
}
