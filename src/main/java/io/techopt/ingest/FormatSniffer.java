package io.techopt.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.techopt.ingest.Bytes.firstNonSpace;
import static io.techopt.ingest.Bytes.indexOf;

/**
 * Decides from a file's first block how it is laid out ({@link Shape}: JSON lines, one JSON document, CSV or empty)
 * and which {@link InputFormat} its records are in, by a vote of the first records that parse, so one damaged line
 * or record cannot decide for the whole file.
 */
final class FormatSniffer {
    /** How a file's records are laid out; each has its producer. */
    enum Shape { LINES, DOCUMENT, CSV, EMPTY }

    private final IngestOptions options;
    private final JsonParsers json;

    FormatSniffer(IngestOptions options, JsonParsers json) {
        this.options = options;
        this.json = json;
    }

    Shape shape(LogSource src, byte[] b, int len) {
        if (options.format() == InputFormat.CSV || (options.format() == null && src.looksLikeCsv())) {
            return firstNonSpace(b, 0, len) < 0 ? Shape.EMPTY : Shape.CSV;
        }
        int k = firstNonSpace(b, 0, len);
        if (k < 0) {
            return Shape.EMPTY;
        }
        if (b[k] != '{' && b[k] != '[') {
            return options.format() == null && looksLikeCsvHeader(b, k, len) ? Shape.CSV : Shape.LINES;
        }
        int nl = indexOf(b, (byte) '\n', k, len);
        boolean moreText = nl >= 0 && firstNonSpace(b, nl, len) >= 0;
        if (src.namedAsLines()) {
            // a .jsonl file is lines, but for an export saved as it came (`curl .../usage > usage.jsonl`): an array of
            // records or an object wrapping one, on one line or pretty-printed (its first line then no whole value),
            // never a record (review r18 F3, r19 N6)
            boolean export = b[k] == '[' ? opensArrayOfRecords(b, k, len) : DocumentProducer.wrapsRecords(b, len);
            return export && (!moreText || firstValueEnd(b, k, len) != 1) ? Shape.DOCUMENT : Shape.LINES;
        }
        if (!moreText) {
            // one line: an array, or an object wrapping one ({"data":[...]} as a list API returns it, minified: review
            // r16 #5) is a document; another object is one JSON line
            return b[k] == '[' || DocumentProducer.wrapsRecords(b, len) ? Shape.DOCUMENT : Shape.LINES;
        }
        // Decide from more than the first line: a damaged line 1 must not turn a JSONL file into one bad document.
        int end = firstValueEnd(b, k, len);
        if (end >= 0) {
            // A whole value on line 1 followed by more lines is JSONL; a value spanning lines is a document.
            return end == 1 ? Shape.LINES : Shape.DOCUMENT;
        }
        // Line 1 is damaged, or longer than the block. A forced format, a later line that is a whole record, or a
        // later line opening a record at column 0 (pretty-printed documents indent theirs) means lines.
        if (options.format() != null
                || (b[k] == '{' && (laterLineParses(b, nl + 1, len) || opensRecord(b, nl + 1, len)))) {
            return Shape.LINES;
        }
        return Shape.DOCUMENT;
    }

    /** The '[' at {@code k} opens an array of objects, or an empty one. */
    private static boolean opensArrayOfRecords(byte[] b, int k, int len) {
        int first = firstNonSpace(b, k + 1, len);
        return first >= 0 && (b[first] == '{' || b[first] == ']');
    }

    /** The line starting at {@code i} opens a JSON object with a key at its first column: {@code {"}. */
    private static boolean opensRecord(byte[] b, int i, int len) {
        int j = i;
        while (j < len && (b[j] == '\r' || b[j] == '\n')) {
            j++;
        }
        return j + 1 < len && b[j] == '{' && b[j + 1] == '"';
    }

    /**
     * The line (1 = the first) on which the JSON value starting at {@code k} ends; -2 when the block ends inside it
     * (and the block is full), -1 when it is malformed.
     */
    private int firstValueEnd(byte[] b, int k, int len) {
        try (JsonParser p = json.factory().createParser(b, k, len - k)) {
            p.nextToken();
            p.skipChildren();
            return p.currentLocation().getLineNr();
        } catch (IOException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            return len == FileProducer.BLOCK && m.contains("end-of-input") ? -2 : -1;
        }
    }

    /** Some later whole line of the block is a JSON object starting at column 0 (every line of the block looked at). */
    private boolean laterLineParses(byte[] b, int from, int len) {
        int i = from;
        while (i < len) {
            int nl = indexOf(b, (byte) '\n', i, len);
            if (nl < 0) {
                return false; // the last, possibly cut, line of the block
            }
            if (b[i] == '{') { // at column 0: pretty-printed documents indent what they nest
                try {
                    json.lineReader().readTree(b, i, nl - i);
                    return true;
                } catch (IOException e) {
                    // keep looking
                }
            }
            i = nl + 1;
        }
        return false;
    }

    private static boolean looksLikeCsvHeader(byte[] b, int k, int len) {
        int nl = indexOf(b, (byte) '\n', k, len);
        int end = nl < 0 ? len : nl;
        String first;
        try {
            // a binary file is no CSV, whatever commas its first bytes hold (review r18 F9a): read as lines, its bad
            // bytes are named where they stand
            first = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b, k, end - k)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
        return first.contains(",") && !first.contains("{") && first.indexOf('\0') < 0;
    }

    /**
     * The format most of the first lines that parse agree on (up to 32), so one damaged line cannot decide it; null
     * when no line of {@code b} parses.
     */
    InputFormat lineFormat(byte[] b, int len) {
        Map<InputFormat, Integer> votes = new EnumMap<>(InputFormat.class);
        InputFormat first = null;
        int i = 0, parsed = 0;
        while (i < len && parsed < 32) {
            int nl = indexOf(b, (byte) '\n', i, len);
            int end = nl < 0 ? len : nl;
            if (firstNonSpace(b, i, end) >= 0) {
                try {
                    JsonNode n = json.lineReader().readTree(b, i, end - i);
                    if (n != null && (n.isObject() || n.isArray())) {
                        InputFormat f = InputFormat.detect(n);
                        votes.merge(f, 1, Integer::sum);
                        first = first == null ? f : first;
                        parsed++;
                    }
                } catch (IOException | RuntimeException e) {
                    // a bad line is reported where it stands
                }
            }
            i = end + 1;
        }
        if (first == null) {
            return null;
        }
        InputFormat best = first;
        for (var e : votes.entrySet()) {
            if (e.getValue() > votes.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    /** The format most of a document's first records agree on (null: a record that did not parse); canonical when none parsed. */
    static InputFormat vote(List<JsonNode> nodes) {
        Map<InputFormat, Integer> votes = new EnumMap<>(InputFormat.class);
        InputFormat first = null;
        for (JsonNode n : nodes) {
            if (n != null && (n.isObject() || n.isArray())) {
                InputFormat f = InputFormat.detect(n);
                votes.merge(f, 1, Integer::sum);
                first = first == null ? f : first;
            }
        }
        InputFormat best = first == null ? InputFormat.CANONICAL : first;
        for (var v : votes.entrySet()) {
            if (v.getValue() > votes.get(best)) {
                best = v.getKey();
            }
        }
        return best;
    }
}
