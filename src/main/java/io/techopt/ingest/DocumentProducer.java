package io.techopt.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.core.LogRecord;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.techopt.ingest.Bytes.firstNonSpace;
import static io.techopt.ingest.Bytes.indexOf;

/**
 * One JSON document: an array of records (pretty-printed or not, closed or cut short), an object wrapping one under
 * {@code "data"} or the like, or a single record. {@link JsonElements} streams it record by record with each record's
 * line, so a damaged record is reported where it stands and the scanner resynchronises on the next. Records are
 * mapped on the producer thread and handed over in batches of {@link #DOC_BATCH}.
 */
final class DocumentProducer {
    private static final int DOC_BATCH = 4096;
    /** Members that wrap a log's array of records in API exports ({"data":[…]}); never a record's own fields. */
    private static final Set<String> WRAPPERS = Set.of("data", "records", "items", "results", "logs",
            "requests", "rows", "observations", "generations");

    private final IngestOptions options;
    private final JsonParsers json;
    private final RecordFinisher finisher;
    private final IngestStats stats;
    private final RecordSink sink;

    DocumentProducer(IngestOptions options, JsonParsers json, RecordFinisher finisher, IngestStats stats,
                     RecordSink sink) {
        this.options = options;
        this.json = json;
        this.finisher = finisher;
        this.stats = stats;
        this.sink = sink;
    }

    /** Reads the document: {@code block} holds its first {@code len} bytes, {@code in} the rest. */
    void produce(LogSource src, byte[] block, int len, InputStream in, BlockPipeline out) throws IOException {
        int[] newLen = {len, 0};
        String wrapper = unwrap(block, len, newLen);
        len = newLen[0];
        InputStream doc = new SequenceInputStream(new ByteArrayInputStream(block, 0, len), in);
        if (wrapper != null) {
            stats.warnings.add(src.name() + " is an object wrapping an array of records under \"" + wrapper
                    + "\": the array's records were read as the log");
            doc = new Dedent(doc, newLen[1]);
        }
        produceDocument(src, doc, wrapper != null, out);
    }

    /**
     * A document opening with an object whose first member is one of {@link #WRAPPERS} holding an array of objects
     * ({"data": [ {…}, … ]}, as API exports write it): removes the object's opening up to the '[' (line breaks kept,
     * so line numbers stay the file's; the '[' then starts its line), sets {@code newLen[0]} and returns the member's
     * name; else null and the block is left alone.
     */
    static String unwrap(byte[] b, int len, int[] newLen) {
        int k = firstNonSpace(b, 0, len);
        if (k < 0 || b[k] != '{') {
            return null;
        }
        int q = firstNonSpace(b, k + 1, len);
        String name;
        int open, first;
        for (int members = 0; ; members++) {
            if (q < 0 || b[q] != '"' || members > 8) {
                return null;
            }
            int close = indexOf(b, (byte) '"', q + 1, Math.min(len, q + 32));
            if (close < 0) {
                return null;
            }
            name = new String(b, q + 1, close - q - 1, StandardCharsets.UTF_8);
            int colon = firstNonSpace(b, close + 1, len);
            open = colon < 0 || b[colon] != ':' ? -1 : firstNonSpace(b, colon + 1, len);
            if (open >= 0 && b[open] != '[' && !WRAPPERS.contains(name)) {
                // a scalar member before the array, as OpenAI's list objects open ({"object": "list", "data": [...]})
                int after = scalarEnd(b, open, len);
                int comma = after < 0 ? -1 : firstNonSpace(b, after, len);
                if (comma < 0 || b[comma] != ',') {
                    return null;
                }
                q = firstNonSpace(b, comma + 1, len);
                continue;
            }
            first = open < 0 || b[open] != '[' ? -1 : firstNonSpace(b, open + 1, len);
            break;
        }
        int keyLine = q;
        while (keyLine > 0 && b[keyLine - 1] != '\n') {
            keyLine--;
        }
        if (!WRAPPERS.contains(name) || first < 0 || (b[first] != '{' && b[first] != ']')) {
            return null;
        }
        // drop the opening but its line breaks: the '[' starts its line, as a document's own array does
        int w = k;
        for (int i = k; i < open; i++) {
            if (b[i] == '\n') {
                b[w++] = '\n';
            }
        }
        int lineStart = k;
        while (lineStart > 0 && b[lineStart - 1] != '\n') {
            lineStart--;
        }
        if (w == k) {
            w = lineStart; // on the object's first line: that line's indentation goes too
        }
        System.arraycopy(b, open, b, w, len - open);
        newLen[0] = len - (open - w);
        newLen[1] = q - keyLine; // the member's indentation: its records are that much deeper than a document's own
        return name;
    }

    /** The end of a JSON string, number, true, false or null starting at {@code i} (short ones only); -1 for anything else. */
    private static int scalarEnd(byte[] b, int i, int len) {
        if (b[i] == '"') {
            for (int j = i + 1; j < Math.min(len, i + 256); j++) {
                if (b[j] == '\\') {
                    j++;
                } else if (b[j] == '"') {
                    return j + 1;
                } else if (b[j] == '\n') {
                    return -1;
                }
            }
            return -1;
        }
        int j = i;
        while (j < len && j < i + 64 && (Character.isLetterOrDigit(b[j]) || b[j] == '-' || b[j] == '+' || b[j] == '.')) {
            j++;
        }
        return j > i ? j : -1;
    }

    /** Whether the block opens with an object wrapping an array of records ({"data": [...]}), the block left as it is. */
    static boolean wrapsRecords(byte[] b, int len) {
        return unwrap(java.util.Arrays.copyOf(b, len), len, new int[2]) != null;
    }

    /**
     * Drops up to {@code n} spaces at the start of every line: a wrapped array's records then stand where a document's
     * own records do, so the scanner's column rules (JsonElements) read them alike. JSON strings hold no line break,
     * so no content is touched.
     */
    private static final class Dedent extends FilterInputStream {
        private final int n;
        private int skipped;
        private boolean lineStart = true;

        Dedent(InputStream in, int n) {
            super(new BufferedInputStream(in, 1 << 16));
            this.n = n;
        }

        @Override
        public int read() throws IOException {
            while (true) {
                int c = in.read();
                if (c == '\n') {
                    lineStart = true;
                    skipped = 0;
                    return c;
                }
                if (lineStart && c == ' ' && skipped < n) {
                    skipped++;
                    continue;
                }
                lineStart = false;
                return c;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int i = 0;
            while (i < len) {
                int c = read();
                if (c < 0) {
                    return i == 0 ? -1 : i;
                }
                b[off + i++] = (byte) c;
                if (in.available() == 0) {
                    break;
                }
            }
            return i;
        }
    }

    private void produceDocument(LogSource src, InputStream in, boolean wrapped, BlockPipeline out) throws IOException {
        InputFormat fmt = options.format();
        Chunk[] res = {new Chunk(src.name())};
        JsonElements elements = new JsonElements(in, options.maxLineBytes());
        elements.wrapped = wrapped;
        // the format is voted on by the first records that parse, so one damaged first record cannot decide it
        List<JsonElements.Element> held = fmt == null ? new ArrayList<>() : null;
        List<JsonNode> heldNodes = new ArrayList<>();
        int parsed = 0;
        long seen = 0;
        JsonElements.Element e;
        while ((e = elements.next()) != null) {
            seen++;
            if (held == null) {
                element(src, e, null, fmt, res, out);
                continue;
            }
            JsonNode node = parseElement(e);
            held.add(e);
            heldNodes.add(node);
            if ((node != null && ++parsed >= 32) || held.size() >= 1024) {
                fmt = FormatSniffer.vote(heldNodes);
                stats.formats.put(src.name(), fmt.id);
                for (int i = 0; i < held.size(); i++) {
                    element(src, held.get(i), heldNodes.get(i), fmt, res, out);
                }
                held = null;
                heldNodes.clear();
            }
        }
        if (held != null) {
            fmt = FormatSniffer.vote(heldNodes);
            stats.formats.put(src.name(), fmt.id);
            for (int i = 0; i < held.size(); i++) {
                element(src, held.get(i), heldNodes.get(i), fmt, res, out);
            }
        }
        if (seen == 0 && !elements.arrayLeftOpen()) {
            // as an empty file says (review r15 #11: `[]` was read as 0 requests without a word)
            stats.warnings.add(src.name() + ": " + (wrapped ? "the wrapped array is empty" : "an empty JSON array") + ", no records");
        }
        long[] rest = elements.restAfterWrapper();
        if (rest[0] > 0 && !elements.restIsScalarMembers()) {
            stats.warnings.add(src.name() + ": " + rest[0] + " bytes after the wrapped array (from line " + rest[1]
                    + ": other members of the object, or more data) were not read as records");
        }
        if (elements.arrayLeftOpen()) {
            stats.warnings.add(src.name() + ": the JSON array is not closed (file cut short?); every whole record before the end was read");
        }
        out.deliver(res[0]);
    }

    /** The element as JSON, or null when it is damaged or does not parse (it is reported where it stands). */
    private JsonNode parseElement(JsonElements.Element e) {
        if (e.damage() != null || Utf8.firstInvalid(e.bytes(), 0, e.length()) >= 0) {
            return null;
        }
        try {
            return json.lineReader().readTree(e.bytes(), 0, e.length());
        } catch (IOException | RuntimeException | StackOverflowError ex) {
            return null;
        }
    }

    private void element(LogSource src, JsonElements.Element e, JsonNode parsed, InputFormat fmt, Chunk[] holder,
                         BlockPipeline out) throws IOException {
        Chunk res = holder[0];
        long line = e.line();
        res.lines++;
        try {
            if (e.damage() != null) {
                throw new BadInputException(e.damage());
            }
            int badAt = Utf8.firstInvalid(e.bytes(), 0, e.length());
            if (badAt >= 0) {
                throw new BadInputException("invalid UTF-8 in this record");
            }
            JsonNode node = parsed;
            if (node == null) {
                try {
                    node = json.lineReader().readTree(e.bytes(), 0, e.length());
                } catch (JsonProcessingException ex) {
                    throw new BadInputException(RecordFinisher.jsonReason(ex, line));
                }
            }
            TreeFormat tree = finisher.treeFormat(fmt, src);
            if (tree == null) {
                finisher.finish(json.canonical().read(json.mapper().treeAsTokens(node)), res, sink, src, line);
            } else {
                List<LogRecord> records = new ArrayList<>();
                List<Span> spans = RecordFinisher.listsSpans(tree, sink) ? new ArrayList<>() : null;
                finisher.mapTree(tree, node, records, spans, res, sink, src.name(), line, e.bytes(), 0, e.length());
            }
        } catch (BadInputException ex) {
            res.bad.add(new BadLine(src.name(), line, ex.getMessage()));
        } catch (IOException | RuntimeException | StackOverflowError ex) {
            res.bad.add(new BadLine(src.name(), line, "unreadable record (" + ex.getClass().getSimpleName() + ")"));
        }
        if (res.records.size() >= DOC_BATCH || res.bad.size() >= DOC_BATCH || res.spans.size() >= DOC_BATCH) {
            out.deliver(res);
            holder[0] = new Chunk(src.name());
        }
    }
}
