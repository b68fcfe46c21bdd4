package io.techopt.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.techopt.tokens.TokenCounter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Streams records out of log files with bounded memory. One thread cuts each file into blocks of whole lines;
 * the blocks are parsed on every core; records reach the sink on the calling thread in input order, so
 * "last wins" and line numbers hold. A bad line is counted, kept (first 20) with its line number and reason,
 * and skipped; it never stops the run.
 */
public final class LogReader {
    static final int BLOCK = 2 << 20;
    private static final int DOC_BATCH = 4096;

    private final ObjectMapper mapper;
    /** Reads one whole line; anything after its JSON value makes the line bad. */
    private final com.fasterxml.jackson.databind.ObjectReader lineReader;
    private final JsonFactory factory;
    private final IngestOptions options;
    private final CanonicalParser canonical;
    private final TokenCounter tokens;
    private final java.util.concurrent.atomic.AtomicLong bytesRead = new java.util.concurrent.atomic.AtomicLong();

    public LogReader(IngestOptions options, TokenCounter tokens) {
        this.options = options;
        this.tokens = tokens;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(Integer.MAX_VALUE).maxNestingDepth(2000).build())
                .build();
        this.mapper = JsonMapper.builder(factory).build();
        this.lineReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.canonical = new CanonicalParser(mapper);
    }

    /** Bytes read so far (after decompression), for progress display. */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** Reads every source into the sink; throws only for I/O failures that make a source unreadable. */
    public IngestStats read(List<LogSource> sources, RecordSink sink) throws IOException {
        IngestStats stats = new IngestStats();
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "techopt-parse");
            t.setDaemon(true);
            return t;
        });
        BlockingQueue<Future<Result>> queue = new ArrayBlockingQueue<>(options.threads() * 3 + 2);
        Future<Result> end = CompletableFuture.completedFuture(null);
        Thread producer = new Thread(() -> {
            try {
                for (LogSource s : sources) {
                    produce(s, sink, pool, queue, stats);
                }
                putQuietly(queue, end);
            } catch (Throwable e) { // an Error too: the consumer must fail, never finish on partial data
                putQuietly(queue, CompletableFuture.failedFuture(e));
            }
        }, "techopt-read");
        producer.setDaemon(true);
        producer.start();
        try {
            while (true) {
                Future<Result> f = queue.take();
                if (f == end) {
                    break;
                }
                Result r = f.get();
                for (BadLine b : r.bad) {
                    stats.bad(b);
                    if (options.strict()) {
                        throw new StrictInputException(b);
                    }
                }
                stats.filtered += r.filtered;
                stats.estimated += r.estimated;
                for (LogRecord rec : r.records) {
                    stats.records++;
                    sink.accept(rec);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        } finally {
            pool.shutdownNow();
            producer.interrupt();
        }
        return stats;
    }

    private static void putQuietly(BlockingQueue<Future<Result>> q, Future<Result> f) {
        try {
            q.put(f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Result {
        final List<LogRecord> records = new ArrayList<>();
        final List<BadLine> bad = new ArrayList<>(0);
        long filtered;
        long estimated;
    }

    private enum Mode { LINES, DOCUMENT, CSV, EMPTY }

    /** Last whole line before a gzip cut, for the warning (-1: unknown or not cut). Producer thread only. */
    private long truncatedAfter = -1;

    private void produce(LogSource src, RecordSink sink, ExecutorService pool, BlockingQueue<Future<Result>> queue,
                         IngestStats stats) throws IOException {
        stats.files++;
        try (InputStream in = src.open()) {
            byte[] block = new byte[BLOCK];
            int len = readFully(in, block, 0, block.length);
            bytesRead.addAndGet(len);
            Mode mode = detectMode(src, block, len);
            stats.formats.put(src.name(), mode == Mode.CSV ? "csv" : mode == Mode.EMPTY ? "empty" : "json");
            switch (mode) {
                case EMPTY -> stats.warnings.add(src.name() + ": empty file, no records");
                case CSV -> produceCsv(src, new SequenceInputStream(new ByteArrayInputStream(block, 0, len), in), sink, queue, stats);
                case DOCUMENT -> produceDocument(src, new SequenceInputStream(new ByteArrayInputStream(block, 0, len), in), sink, queue, stats);
                case LINES -> {
                    InputFormat fmt = options.format() != null ? options.format() : detectLineFormat(block, len);
                    stats.formats.put(src.name(), fmt.id);
                    produceLines(src, in, block, len, fmt, sink, pool, queue, stats);
                }
            }
            if (in instanceof TruncatedGzipStream g && g.truncated()) {
                stats.warnings.add(src.name() + ": gzip stream is truncated or corrupt"
                        + (truncatedAfter >= 0 ? " after line " + truncatedAfter : "") + "; the records before it were read");
            }
        }
    }

    private Mode detectMode(LogSource src, byte[] b, int len) {
        if (options.format() == InputFormat.CSV || (options.format() == null && src.looksLikeCsv())) {
            return firstNonSpace(b, 0, len) < 0 ? Mode.EMPTY : Mode.CSV;
        }
        int k = firstNonSpace(b, 0, len);
        if (k < 0) {
            return Mode.EMPTY;
        }
        if (b[k] == '[') {
            return Mode.DOCUMENT;
        }
        if (b[k] != '{') {
            return options.format() == null && looksLikeCsvHeader(b, k, len) ? Mode.CSV : Mode.LINES;
        }
        int nl = indexOf(b, (byte) '\n', k, len);
        if (nl < 0) {
            return Mode.LINES;
        }
        try {
            lineReader.readTree(b, k, nl - k);
            return Mode.LINES;
        } catch (IOException e) {
            // A first line that is not a whole object, followed by more text: a pretty-printed JSON document.
            return firstNonSpace(b, nl, len) >= 0 ? Mode.DOCUMENT : Mode.LINES;
        }
    }

    private static boolean looksLikeCsvHeader(byte[] b, int k, int len) {
        int nl = indexOf(b, (byte) '\n', k, len);
        String first = new String(b, k, (nl < 0 ? len : nl) - k, StandardCharsets.UTF_8);
        return first.contains(",") && !first.contains("{");
    }

    private InputFormat detectLineFormat(byte[] b, int len) {
        int i = 0;
        while (i < len) {
            int nl = indexOf(b, (byte) '\n', i, len);
            int end = nl < 0 ? len : nl;
            if (firstNonSpace(b, i, end) >= 0) {
                try {
                    return InputFormat.detect(lineReader.readTree(b, i, end - i));
                } catch (IOException e) {
                    return InputFormat.CANONICAL; // the bad line is reported where it stands
                }
            }
            i = end + 1;
        }
        return InputFormat.CANONICAL;
    }

    private void produceLines(LogSource src, InputStream in, byte[] block, int len, InputFormat fmt, RecordSink sink,
                              ExecutorService pool, BlockingQueue<Future<Result>> queue, IngestStats stats)
            throws IOException {
        long line = 1;
        truncatedAfter = -1;
        boolean eof = len < block.length;
        boolean skipping = false; // inside a line longer than the limit
        while (true) {
            int cut = lastIndexOf(block, (byte) '\n', len);
            if (skipping) {
                int nl = indexOf(block, (byte) '\n', 0, len);
                if (nl >= 0) {
                    skipping = false;
                    line++;
                    System.arraycopy(block, nl + 1, block, 0, len - nl - 1);
                    len -= nl + 1;
                    continue;
                }
                len = 0;
            } else if (eof && cut < 0 && len > 0 && in instanceof TruncatedGzipStream g && g.truncated()) {
                // the last line was cut by the damage: report it, do not parse half a record
                submitDone(queue, badResult(src, line, "file ends inside this line (gzip stream cut short)"));
                truncatedAfter = line - 1;
                len = 0;
                continue;
            } else if (cut >= 0 || (eof && len > 0)) {
                int chunkLen = cut >= 0 ? cut + 1 : len;
                byte[] next = new byte[Math.max(BLOCK, len - chunkLen)];
                int rest = len - chunkLen;
                System.arraycopy(block, chunkLen, next, 0, rest);
                final byte[] data = block;
                final long first = line;
                line += countNewlines(block, chunkLen);
                submit(queue, pool.submit(() -> parseLines(src, fmt, data, chunkLen, first, sink)));
                block = next;
                len = rest;
                continue;
            } else if (len == block.length) {
                if (block.length >= options.maxLineBytes()) {
                    submitDone(queue, badResult(src, line, "line longer than " + (options.maxLineBytes() >> 20)
                            + " MiB; skipped (raise --max-line-mb to read it)"));
                    skipping = true;
                    len = 0;
                } else {
                    block = java.util.Arrays.copyOf(block, (int) Math.min((long) block.length * 2, options.maxLineBytes()));
                }
            }
            if (eof) {
                break;
            }
            int n = readFully(in, block, len, block.length - len);
            bytesRead.addAndGet(n);
            eof = len + n < block.length;
            len += n;
        }
    }


    private Result parseLines(LogSource src, InputFormat fmt, byte[] b, int len, long firstLine, RecordSink sink) {
        Result res = new Result();
        TreeFormat tree = treeFormat(fmt);
        long line = firstLine;
        int i = 0;
        while (i < len) {
            int nl = indexOf(b, (byte) '\n', i, len);
            int end = nl < 0 ? len : nl;
            int e = end > i && b[end - 1] == '\r' ? end - 1 : end;
            if (firstNonSpace(b, i, e) >= 0) {
                int badAt = Utf8.firstInvalid(b, i, e - i);
                if (badAt >= 0) {
                    res.bad.add(new BadLine(src.name(), line, "invalid UTF-8 at byte " + (badAt + 1)));
                } else {
                    try {
                        if (tree == null) {
                            try (JsonParser p = factory.createParser(b, i, e - i)) {
                                LogRecord r = canonical.read(p);
                                boolean trailing;
                                try {
                                    trailing = p.nextToken() != null;
                                } catch (JsonProcessingException ex) {
                                    trailing = true;
                                }
                                if (trailing) {
                                    throw new BadInputException("unexpected data after the JSON object");
                                }
                                finish(r, res, sink);
                            }
                        } else {
                            JsonNode node = lineReader.readTree(b, i, e - i);
                            List<LogRecord> out = new ArrayList<>(1);
                            tree.map(node, out);
                            for (LogRecord r : out) {
                                finish(r, res, sink);
                            }
                        }
                    } catch (BadInputException ex) {
                        res.bad.add(new BadLine(src.name(), line, ex.getMessage()));
                    } catch (JsonProcessingException ex) {
                        res.bad.add(new BadLine(src.name(), line, jsonReason(ex)));
                    } catch (IOException | RuntimeException ex) {
                        res.bad.add(new BadLine(src.name(), line, "unreadable record (" + ex.getClass().getSimpleName() + ")"));
                    }
                }
            }
            line++;
            i = end + 1;
        }
        return res;
    }

    /** A reason that never quotes the input: Jackson's own messages echo tokens, which may be secrets. */
    static String jsonReason(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        int col = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
        String where = col > 0 ? " at column " + col : "";
        if (m.startsWith("Unexpected end-of-input") || m.contains("end-of-input")) {
            return "malformed JSON: unexpected end of line (truncated record?)";
        }
        if (m.startsWith("Unrecognized token")) {
            return "malformed JSON: unrecognized token" + where;
        }
        if (m.startsWith("Unexpected character")) {
            return "malformed JSON: unexpected character" + where;
        }
        if (m.contains("Trailing token") || m.contains("trailing")) {
            return "malformed JSON: unexpected data after the JSON value" + where;
        }
        if (m.contains("Invalid UTF-8")) {
            return "invalid UTF-8" + where;
        }
        return "malformed JSON" + where;
    }

    private void finish(LogRecord r, Result res, RecordSink sink) throws BadInputException {
        if (r.usage == null) {
            if (!r.hasPrompt() && r.response == null) {
                throw new BadInputException("record has no usage and no text to count tokens from");
            }
            r.usage = tokens.estimate(r.model, r.messages, r.response);
            r.estimated = true;
            res.estimated++;
        }
        if (r.timestampMs < options.sinceMs() || r.timestampMs >= options.untilMs()) {
            res.filtered++;
            return;
        }
        sink.prepare(r);
        res.records.add(r);
    }

    private TreeFormat treeFormat(InputFormat f) {
        return switch (f) {
            case CANONICAL, CSV -> null;
            case OPENAI -> new OpenAiFormat();
            case LITELLM -> new LiteLlmFormat(mapper);
            case LANGFUSE -> new LangfuseFormat();
            case OTEL -> new OtelFormat(mapper);
        };
    }

    private void produceDocument(LogSource src, InputStream in, RecordSink sink, BlockingQueue<Future<Result>> queue,
                                 IngestStats stats) throws IOException {
        InputFormat fmt = options.format();
        Result res = new Result();
        long line = 1;
        try (JsonParser p = factory.createParser(in)) {
            JsonToken t = p.nextToken();
            boolean array = t == JsonToken.START_ARRAY;
            if (array) {
                t = p.nextToken();
            }
            while (t != null && t != JsonToken.END_ARRAY) {
                line = p.currentLocation().getLineNr();
                JsonNode node = mapper.readTree(p);
                try {
                    if (fmt == null) {
                        fmt = InputFormat.detect(node);
                        stats.formats.put(src.name(), fmt.id);
                    }
                    TreeFormat tree = treeFormat(fmt);
                    if (tree == null) {
                        finish(canonical.read(mapper.treeAsTokens(node)), res, sink);
                    } else {
                        List<LogRecord> out = new ArrayList<>();
                        tree.map(node, out);
                        for (LogRecord r : out) {
                            finish(r, res, sink);
                        }
                    }
                } catch (BadInputException e) {
                    res.bad.add(new BadLine(src.name(), line, e.getMessage()));
                }
                if (res.records.size() >= DOC_BATCH) {
                    submitDone(queue, res);
                    res = new Result();
                }
                t = p.nextToken();
            }
        } catch (JsonProcessingException e) {
            long at = e.getLocation() != null ? e.getLocation().getLineNr() : line;
            res.bad.add(new BadLine(src.name(), at, jsonReason(e)));
            stats.warnings.add(src.name() + ": malformed JSON document at line " + at + "; the rest of the file was skipped");
        }
        submitDone(queue, res);
    }

    private void produceCsv(LogSource src, InputStream in, RecordSink sink, BlockingQueue<Future<Result>> queue,
                            IngestStats stats) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CsvFormat.Rows rows = new CsvFormat.Rows(new java.io.BufferedReader(new InputStreamReader(in, decoder), 1 << 16));
        Result res = new Result();
        try {
            List<String> header = rows.next();
            if (header == null) {
                stats.warnings.add(src.name() + ": empty file, no records");
                return;
            }
            if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
                header.set(0, header.get(0).substring(1));
            }
            CsvFormat csv;
            try {
                csv = new CsvFormat(header, options.defaultModel());
            } catch (BadInputException e) {
                res.bad.add(new BadLine(src.name(), 1, e.getMessage()));
                stats.warnings.add(src.name() + ": " + e.getMessage() + "; file skipped");
                return; // the finally block hands over the result, once
            }
            if (!csv.hasModelColumn()) {
                stats.warnings.add(src.name() + ": no model column; rows are attributed to "
                        + (options.defaultModel() != null ? "'" + options.defaultModel() + "'" : "'(no model)' (unpriced; pass --default-model)"));
            }
            List<String> row;
            while ((row = rows.next()) != null) {
                long ln = rows.rowLine();
                if (row.size() == 1 && row.get(0).isBlank()) {
                    continue;
                }
                try {
                    if (row.stream().anyMatch(c -> c.indexOf('\uFFFD') >= 0)) {
                        throw new BadInputException("invalid UTF-8");
                    }
                    LogRecord r = csv.map(row);
                    r.count = csv.requests(row);
                    finish(r, res, sink);
                } catch (BadInputException e) {
                    res.bad.add(new BadLine(src.name(), ln, e.getMessage()));
                }
                if (res.records.size() >= DOC_BATCH) {
                    submitDone(queue, res);
                    res = new Result();
                }
            }
        } finally {
            submitDone(queue, res);
        }
    }

    private Result badResult(LogSource src, long line, String reason) {
        Result r = new Result();
        r.bad.add(new BadLine(src.name(), line, reason));
        return r;
    }

    private static void submitDone(BlockingQueue<Future<Result>> queue, Result r) throws IOException {
        try {
            queue.put(CompletableFuture.completedFuture(r));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private static void submit(BlockingQueue<Future<Result>> queue, Future<Result> f) throws IOException {
        try {
            queue.put(f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = in.read(b, off + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    static int indexOf(byte[] b, byte v, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, byte v, int len) {
        for (int i = len - 1; i >= 0; i--) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static int firstNonSpace(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return i;
            }
        }
        return -1;
    }

    private static long countNewlines(byte[] b, int len) {
        long n = 0;
        for (int i = 0; i < len; i++) {
            if (b[i] == '\n') {
                n++;
            }
        }
        return n;
    }
}
