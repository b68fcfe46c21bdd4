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
import io.techopt.core.LogRecord;
import io.techopt.core.Usage;
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
    /** Longest label (model, provider, user, team, task, experiment, variant) kept whole; longer ones are marked. */
    public static final int MAX_LABEL = 200;
    /** Timestamps before this (2020-01-01) are implausible for an LLM API log unless --since says otherwise. */
    static final long PLAUSIBLE_FROM = 1_577_836_800_000L;
    /** Relative trace timestamps are anchored here unless --since gives the start. */
    static final long DEFAULT_ANCHOR = PLAUSIBLE_FROM;
    /** The run's checked token total stays below this, so sums of any subset, by any grouping, fit a long. */
    static final long MAX_TOKEN_TOTAL = Long.MAX_VALUE / 4;
    private static final long DAY_MS = 86_400_000L;
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
        long now = System.currentTimeMillis();
        this.plausibleFrom = options.sinceMs() == Long.MIN_VALUE ? PLAUSIBLE_FROM : Math.min(PLAUSIBLE_FROM, options.sinceMs());
        this.plausibleTo = options.untilMs() == Long.MAX_VALUE ? now + DAY_MS : Math.max(now + DAY_MS, options.untilMs());
        this.anchor = options.sinceMs() == Long.MIN_VALUE ? DEFAULT_ANCHOR : options.sinceMs();
    }

    private final long plausibleFrom;
    private final long plausibleTo;
    private long anchor;

    /** Bytes read so far (after decompression), for progress display. */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** Reads every source into the sink; throws only for I/O failures that make a source unreadable. */
    public IngestStats read(List<LogSource> sources, RecordSink sink) throws IOException {
        IngestStats stats = new IngestStats();
        noOffsetTimestamps = 0;
        firstNoOffset = null;
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
                consume(r, stats, sink);
                for (LangfuseFormat.Pending p : r.pending) {
                    for (LangfuseFormat.Pending done : langfusePending.add(p)) {
                        consume(completed(done, sink), stats, sink);
                    }
                }
            }
            for (LangfuseFormat.Pending done : langfusePending.drain()) {
                consume(completed(done, sink), stats, sink);
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
        for (String f : relativeFiles) {
            stats.warnings.add(f + ": timestamps are offsets in ms from the start of a replay trace; anchored at "
                    + java.time.Instant.ofEpochMilli(anchor) + (options.sinceMs() == Long.MIN_VALUE
                    ? " (pass --since DATE to anchor them at the trace's real start)" : " (--since)"));
        }
        undatedBatchFiles.forEach((f, t) -> stats.warnings.add(f + ": Anthropic Message Batches results carry no time; its "
                + "requests are dated at the file's modification time, " + java.time.Instant.ofEpochMilli(t)
                + " (pass --batch-ended-at with the batch's ended_at, or its Message Batch JSON file, to date them)"));
        if (stats.truncatedLabels > 0) {
            stats.warnings.add(stats.truncatedLabels + " model name" + (stats.truncatedLabels == 1 ? "" : "s")
                    + " or other labels longer than " + MAX_LABEL + " characters were cut to " + MAX_LABEL
                    + " and marked '…[truncated …]' (first at " + stats.firstTruncated + ")");
        }
        if (noOffsetTimestamps > 0) {
            stats.warnings.add(noOffsetTimestamps + " line" + (noOffsetTimestamps == 1 ? " has a timestamp" : "s have timestamps")
                    + " without a UTC offset (first at " + firstNoOffset + "), read as UTC; log-format.md asks for 'Z' or "
                    + "an offset such as +02:00: if the log was written in local time, its hours are shifted");
        }
        if (stats.conflictingTokens > 0) {
            stats.warnings.add(stats.conflictingTokens + " record" + (stats.conflictingTokens == 1 ? "" : "s")
                    + " had conflicting token fields (LiteLLM's top-level prompt_tokens/completion_tokens against its "
                    + "usage_object or response usage); used usage_object (or the response's usage)");
        }
        if (stats.ignored > stats.spanLines) {
            long n = stats.ignored - stats.spanLines;
            stats.warnings.add(n + " line" + (n == 1 ? "" : "s")
                    + " held no LLM request (trace events, spans without gen_ai usage) and were ignored");
        }
        if (stats.spanLines > 0) {
            stats.warnings.add(stats.spanLines + " line" + (stats.spanLines == 1 ? "" : "s") + " held no LLM request "
                    + "with token usage (spans without gen_ai usage): their spans were read only for the latency map; "
                    + "requests, tokens and cost count only LLM calls with usage");
        }
        return stats;
    }

    private final java.util.Set<String> relativeFiles = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());
    /** Anthropic Message Batches results files dated at their modification time, with that time. */
    private final java.util.Map<String, Long> undatedBatchFiles = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    private long batchEndedMs = Long.MIN_VALUE;

    /**
     * Anchors a replay trace's relative offsets at {@code ms} instead of the window's start: analyze --compare-to reads
     * from the baseline's start, and the trace still starts at --since, as it does without --compare-to.
     */
    public LogReader anchorRelativeAt(long ms) {
        this.anchor = ms;
        return this;
    }

    /** The time to date Anthropic Message Batches results at (the batch's ended_at); they carry none themselves. */
    public LogReader batchEndedAt(long ms) {
        this.batchEndedMs = ms;
        return this;
    }

    private void bad(IngestStats stats, BadLine b) {
        stats.bad(b);
        if (options.strict()) {
            throw new StrictInputException(b);
        }
    }

    /** Every token the record carries; -1 when even that sum overflows. */
    private static long tokenSum(LogRecord r) {
        Usage u = r.usage;
        try {
            long s = Math.addExact(u.inputTokens(), u.cacheReadTokens());
            s = Math.addExact(s, u.cacheWriteTokens());
            s = Math.addExact(s, u.cacheWrite1hTokens());
            s = Math.addExact(s, u.outputTokens());
            return Math.addExact(s, u.reasoningTokens());
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    private static void putQuietly(BlockingQueue<Future<Result>> q, Future<Result> f) {
        try {
            q.put(f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One chunk of results, on the consumer thread: its counts, then its records and bad lines in line order, then its spans. */
    private void consume(Result r, IngestStats stats, RecordSink sink) {
        stats.lines += r.lines;
        stats.ignored += r.ignored;
        stats.spanLines += r.spanLines;
        stats.filtered += r.filtered;
        stats.firstRequestMs = Math.min(stats.firstRequestMs, r.firstMs);
        stats.lastRequestMs = Math.max(stats.lastRequestMs, r.lastMs);
        if (r.relativeIn != null) {
            relativeFiles.add(r.relativeIn);
        }
        if (r.truncated > 0 && stats.truncatedLabels == 0) {
            stats.firstTruncated = r.firstTruncated;
        }
        stats.truncatedLabels += r.truncated;
        if (r.noOffset > 0 && noOffsetTimestamps == 0) {
            firstNoOffset = r.firstNoOffset;
        }
        noOffsetTimestamps += r.noOffset;
        // bad lines and records in line order, so --strict stops at the first bad line
        int bi = 0;
        for (LogRecord rec : r.records) {
            while (bi < r.bad.size() && r.bad.get(bi).line() < rec.line) {
                bad(stats, r.bad.get(bi++));
            }
            long sum = tokenSum(rec);
            if (sum < 0 || stats.tokenTotal > MAX_TOKEN_TOTAL - sum) {
                bad(stats, new BadLine(r.file, rec.line, "token counts would overflow the run's totals; line skipped"));
                continue;
            }
            stats.tokenTotal += sum;
            if (!sink.counted(rec)) {
                stats.filtered++;
                sink.accept(rec);
                continue;
            }
            stats.records++;
            stats.conflictingTokens += rec.conflictingTokens ? 1 : 0;
            stats.estimated += rec.estimated ? 1 : 0;
            sink.accept(rec);
        }
        while (bi < r.bad.size()) {
            bad(stats, r.bad.get(bi++));
        }
        for (Span s : r.spans) {
            sink.acceptSpan(s);
        }
    }

    /** Langfuse observations held across lines ({@link LangfusePending}). Consumer thread only. */
    private final LangfusePending langfusePending = new LangfusePending();
    private final LangfuseFormat langfuse = new LangfuseFormat();

    /** A held Langfuse observation mapped now that it is complete (or the input ended), at its first line. */
    private Result completed(LangfuseFormat.Pending p, RecordSink sink) {
        Result res = new Result(p.file());
        List<LogRecord> out = new ArrayList<>(1);
        List<Span> spans = sink.wantsSpans() ? new ArrayList<>() : null;
        try {
            langfuse.complete(p.body(), p.trace(), p.generation(), p.type(), out, spans);
            if (!out.isEmpty()) {
                finishAll(out, res, sink, p.file(), p.line());
            }
            addSpans(spans, res, p.file(), p.line());
        } catch (BadInputException ex) {
            res.bad.add(new BadLine(p.file(), p.line(), ex.getMessage()));
        } catch (RuntimeException | StackOverflowError ex) {
            res.bad.add(new BadLine(p.file(), p.line(), "unreadable record (" + ex.getClass().getSimpleName() + ")"));
        }
        return res;
    }

    private static final class Result {
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

        Result(String file) {
            this.file = file;
        }
    }

    private enum Mode { LINES, DOCUMENT, CSV, EMPTY }

    /** Records whose timestamp had no UTC offset, and where the first was. Consumer thread only. */
    private long noOffsetTimestamps;
    private String firstNoOffset;

    /** The file being read when it is gzip-compressed, else null. Producer thread only. */
    private TruncatedGzipStream gzip;

    /** Last whole line before a gzip cut, for the warning (-1: unknown or not cut). Producer thread only. */
    private long truncatedAfter = -1;

    private void produce(LogSource src, RecordSink sink, ExecutorService pool, BlockingQueue<Future<Result>> queue,
                         IngestStats stats) throws IOException {
        stats.files++;
        try (InputStream opened = src.open()) {
            InputStream in = opened;
            gzip = opened instanceof TruncatedGzipStream g ? g : null;
            byte[] block = new byte[BLOCK];
            int len = readFully(in, block, 0, block.length);
            bytesRead.addAndGet(len);
            if (len >= 3 && block[0] == (byte) 0xEF && block[1] == (byte) 0xBB && block[2] == (byte) 0xBF) {
                // a UTF-8 byte order mark is not content: a file holding only one is empty, like a blank file
                System.arraycopy(block, 3, block, 0, len - 3);
                len -= 3;
                int more = readFully(in, block, len, block.length - len);
                bytesRead.addAndGet(more);
                len += more;
            }
            TextEncoding.Detected enc = TextEncoding.detect(block, len);
            if (enc != null) {
                // UTF-16 or UTF-32: decoded to UTF-8 as it streams, so every line is read (not line 1, or none)
                in = TextEncoding.toUtf8(new SequenceInputStream(
                        new ByteArrayInputStream(java.util.Arrays.copyOfRange(block, enc.bom(), len)), opened), enc.charset());
                len = readFully(in, block, 0, block.length);
                stats.warnings.add(src.name() + ": " + enc.describe() + " text, not UTF-8; decoded from " + enc.charset().name());
            }
            if (src.namedAsGzip() && gzip == null) {
                int bad = Utf8.firstInvalid(block, 0, len);
                if ((bad >= 0 && !(len == block.length && bad >= len - 3)) || indexOf(block, (byte) 0, 0, len) >= 0) {
                    stats.formats.put(src.name(), "not gzip");
                    stats.warnings.add(src.name() + ": not a gzip file (the name ends in .gz but there is no gzip header) "
                            + "and not UTF-8 text; file skipped");
                    submitDone(queue, badResult(src, 1, "not a gzip file (no gzip header) and not UTF-8 text; file skipped"));
                    return;
                }
                stats.warnings.add(src.name() + ": named .gz but not gzip-compressed; read as plain text");
            }
            if (len == 0 && gzip != null && gzip.truncated()) {
                stats.formats.put(src.name(), "gzip (corrupt)");
                submitDone(queue, badResult(src, 1, "gzip data is corrupt or cut short before the first line; nothing could be read"));
                stats.warnings.add(src.name() + ": gzip stream is corrupt or cut short before the first line");
                return;
            }
            Mode mode = detectMode(src, block, len);
            stats.formats.put(src.name(), mode == Mode.CSV ? "csv" : mode == Mode.EMPTY ? "empty" : "json");
            switch (mode) {
                case EMPTY -> stats.warnings.add(src.name() + ": empty file, no records");
                case CSV -> produceCsv(src, new SequenceInputStream(new ByteArrayInputStream(block, 0, len), in), sink, queue, stats);
                case DOCUMENT -> {
                    int[] newLen = {len, 0};
                    String wrapper = unwrap(block, len, newLen);
                    len = newLen[0];
                    InputStream doc = new SequenceInputStream(new ByteArrayInputStream(block, 0, len), in);
                    if (wrapper != null) {
                        stats.warnings.add(src.name() + ": an object wrapping an array of records under \"" + wrapper
                                + "\": the array's records were read, and no other member of the object");
                        doc = new Dedent(doc, newLen[1]);
                    }
                    produceDocument(src, doc, wrapper != null, sink, queue, stats);
                }
                case LINES -> {
                    // null: no line of the first block parsed (e.g. line 1 is longer than the block); the first
                    // chunk of whole lines that has one decides (see produceLines)
                    InputFormat fmt = options.format() != null ? options.format() : detectLineFormat(block, len);
                    stats.formats.put(src.name(), (fmt == null ? InputFormat.CANONICAL : fmt).id);
                    produceLines(src, in, block, len, fmt, sink, pool, queue, stats);
                }
            }
            if (gzip != null && gzip.truncated()) {
                stats.warnings.add(src.name() + ": gzip stream is truncated or corrupt"
                        + (truncatedAfter >= 0 ? " after line " + truncatedAfter : "") + "; the records before it were read");
            }
            if (gzip != null && gzip.garbageAt() >= 0) {
                TruncatedGzipStream g = gzip;
                stats.warnings.add(src.name() + ": data after the end of the gzip stream, from byte offset " + g.garbageAt()
                        + ", is not another gzip member and was ignored");
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
        if (b[k] != '{' && b[k] != '[') {
            return options.format() == null && looksLikeCsvHeader(b, k, len) ? Mode.CSV : Mode.LINES;
        }
        if (src.namedAsLines()) {
            return Mode.LINES; // a .jsonl file is never one document, whatever its first lines look like
        }
        int nl = indexOf(b, (byte) '\n', k, len);
        boolean moreText = nl >= 0 && firstNonSpace(b, nl, len) >= 0;
        if (!moreText) {
            return b[k] == '[' ? Mode.DOCUMENT : Mode.LINES;
        }
        // Decide from more than the first line: a damaged line 1 must not turn a JSONL file into one bad document.
        int end = firstValueEnd(b, k, len);
        if (end >= 0) {
            // A whole value on line 1 followed by more lines is JSONL; a value spanning lines is a document.
            return end == 1 ? Mode.LINES : Mode.DOCUMENT;
        }
        // Line 1 is damaged, or longer than the block. A forced format, a later line that is a whole record, or a
        // later line opening a record at column 0 (pretty-printed documents indent theirs) means lines.
        if (options.format() != null
                || (b[k] == '{' && (laterLineParses(b, nl + 1, len) || opensRecord(b, nl + 1, len)))) {
            return Mode.LINES;
        }
        return Mode.DOCUMENT;
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
        try (JsonParser p = factory.createParser(b, k, len - k)) {
            p.nextToken();
            p.skipChildren();
            return p.currentLocation().getLineNr();
        } catch (IOException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            return len == BLOCK && m.contains("end-of-input") ? -2 : -1;
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
                    lineReader.readTree(b, i, nl - i);
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
        String first = new String(b, k, (nl < 0 ? len : nl) - k, StandardCharsets.UTF_8);
        return first.contains(",") && !first.contains("{");
    }

    /**
     * The format most of the first lines that parse agree on (up to 32), so one damaged line cannot decide it; null
     * when no line of {@code b} parses.
     */
    private InputFormat detectLineFormat(byte[] b, int len) {
        java.util.Map<InputFormat, Integer> votes = new java.util.EnumMap<>(InputFormat.class);
        InputFormat first = null;
        int i = 0, parsed = 0;
        while (i < len && parsed < 32) {
            int nl = indexOf(b, (byte) '\n', i, len);
            int end = nl < 0 ? len : nl;
            if (firstNonSpace(b, i, end) >= 0) {
                try {
                    JsonNode n = lineReader.readTree(b, i, end - i);
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
            } else if (eof && cut < 0 && len > 0 && gzip != null && gzip.truncated()) {
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
                if (fmt == null) {
                    // undecided until a chunk has a line that parses: the lines before it are bad in any format
                    fmt = detectLineFormat(data, chunkLen);
                    if (fmt != null) {
                        stats.formats.put(src.name(), fmt.id);
                    }
                }
                final InputFormat chunkFmt = fmt == null ? InputFormat.CANONICAL : fmt;
                submit(queue, pool.submit(() -> parseLines(src, chunkFmt, data, chunkLen, first, sink)));
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
        Result res = new Result(src.name());
        TreeFormat tree = treeFormat(fmt, src);
        long line = firstLine;
        int i = 0;
        while (i < len) {
            int nl = indexOf(b, (byte) '\n', i, len);
            int end = nl < 0 ? len : nl;
            int e = end > i && b[end - 1] == '\r' ? end - 1 : end;
            if (firstNonSpace(b, i, e) >= 0) {
                res.lines++;
                int badAt = Utf8.firstInvalid(b, i, e - i);
                if (badAt >= 0) {
                    res.bad.add(new BadLine(src.name(), line, "invalid UTF-8 at byte " + (badAt + 1)));
                } else if (indexOf(b, (byte) 0, i, Math.min(e, i + 4)) >= 0) {
                    // JSON text never holds a raw NUL; the parser would take the line for UTF-16 or UTF-32 by itself
                    res.bad.add(new BadLine(src.name(), line, "NUL bytes at the start of the line: UTF-16 or UTF-32 "
                            + "text in a file whose other lines are UTF-8; line skipped"));
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
                                finish(r, res, sink, src, line);
                            }
                        } else {
                            JsonNode node = lineReader.readTree(b, i, e - i);
                            List<LogRecord> out = new ArrayList<>(1);
                            List<Span> spans = sink.wantsSpans() ? new ArrayList<>() : null;
                            mapTree(tree, node, out, spans, res, sink, src.name(), line, b, i, e - i);
                        }
                    } catch (BadInputException ex) {
                        res.bad.add(new BadLine(src.name(), line, ex.getMessage()));
                    } catch (JsonProcessingException ex) {
                        res.bad.add(new BadLine(src.name(), line, jsonReason(ex)));
                    } catch (IOException | RuntimeException | StackOverflowError ex) {
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

    /**
     * Maps one line or document: its records finished, its spans added, and Langfuse observations it leaves without a
     * start or end time handed to the consumer to merge with the rest of the input (a line holding only those is
     * neither a request nor ignored).
     */
    private void mapTree(TreeFormat tree, JsonNode node, List<LogRecord> out, List<Span> spans, Result res,
                         RecordSink sink, String src, long line, byte[] b, int off, int len) throws BadInputException {
        List<LangfuseFormat.Pending> pending = null;
        if (tree instanceof LangfuseFormat lf) {
            pending = new ArrayList<>(0);
            lf.map(node, out, spans, pending);
        } else if (spans == null) {
            tree.map(node, out);
        } else {
            tree.map(node, out, spans);
        }
        if (!out.isEmpty() || pending == null || pending.isEmpty()) {
            finishAll(out, res, sink, src, line);
        }
        placeMalformedSpans(spans, b, off, len);
        int before = res.spans.size();
        addSpans(spans, res, src, line);
        if (out.isEmpty() && (pending == null || pending.isEmpty())
                && res.spans.subList(before, res.spans.size()).stream().anyMatch(sp -> sp.problem() == null)) {
            res.spanLines++; // no request, but spans that were read: not nothing read (cli.md's exit 3)
        }
        if (pending != null) {
            for (LangfuseFormat.Pending p : pending) {
                res.pending.add(p.at(src, line));
            }
        }
    }

    /**
     * A malformed span that knows its JSON pointer in the document is reported at the line where its object opens
     * (the document's first line is line 1 here; {@link Span#at} adds it) and its reason names the pointer: one pass
     * over the document finds every such span's line.
     */
    private void placeMalformedSpans(List<Span> spans, byte[] b, int off, int len) {
        if (spans == null) {
            return;
        }
        java.util.Map<String, Long> lines = new java.util.HashMap<>();
        for (Span s : spans) {
            if (s.problem() != null && s.name() != null && s.name().startsWith("/")) {
                lines.put(s.name(), 1L);
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        try (JsonParser p = factory.createParser(b, off, len)) {
            int found = 0;
            for (JsonToken t = p.nextToken(); t != null && found < lines.size(); t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT && p.getParsingContext().getParent() != null) {
                    String at = p.getParsingContext().getParent().pathAsPointer().toString();
                    if (lines.containsKey(at)) {
                        lines.put(at, (long) p.currentTokenLocation().getLineNr());
                        found++;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the document parsed once already; a span whose line cannot be found keeps the document's
        }
        for (int i = 0; i < spans.size(); i++) {
            Span s = spans.get(i);
            if (s.problem() != null && s.name() != null && s.name().startsWith("/")) {
                spans.set(i, new Span(null, lines.get(s.name()) - 1, null, null, null, 0, 0, null, 0, null, null, null,
                        null, null, "span " + s.name() + ": " + s.problem()));
            }
        }
    }

    /** Finishes a line's records: all or none, so a line never counts both as requests and as bad. */
    private void finishAll(List<LogRecord> out, Result res, RecordSink sink, String src, long line) throws BadInputException {
        if (out.isEmpty()) {
            Timestamps.takeNoOffset(); // a span's time read for the latency map: no request of this line to count it on
            res.ignored++;
            return;
        }
        int records = res.records.size();
        long filtered = res.filtered, firstMs = res.firstMs, lastMs = res.lastMs;
        try {
            for (LogRecord r : out) {
                finish(r, res, sink, src, line);
            }
        } catch (BadInputException e) {
            res.records.subList(records, res.records.size()).clear();
            res.filtered = filtered;
            res.firstMs = firstMs;
            res.lastMs = lastMs;
            throw e;
        }
    }

    /**
     * The spans of a line whose records were read: each stamped with its line; one with implausible times becomes a
     * malformed span (reported by whoever maps spans, never a bad line: its requests are read as before). Spans go on
     * whatever their time: a trace crossing --since/--until is the mapper's to take whole or leave out whole.
     */
    private void addSpans(List<Span> spans, Result res, String src, long line) {
        if (spans == null) {
            return;
        }
        for (Span s : spans) {
            Span at = s.at(src, line);
            if (at.problem() == null) {
                String problem = spanProblem(at);
                if (problem != null) {
                    at = Span.malformed(problem).at(src, line);
                }
            }
            res.spans.add(at);
        }
    }

    private String spanProblem(Span s) {
        long startMs = Math.floorDiv(s.startNs(), 1_000_000L), endMs = Math.floorDiv(s.endNs(), 1_000_000L);
        if (startMs < plausibleFrom || startMs >= plausibleTo || endMs < plausibleFrom || endMs >= plausibleTo) {
            return "span time outside the plausible range " + instant(plausibleFrom) + " to " + instant(plausibleTo);
        }
        if (s.endNs() < s.startNs()) {
            return "span ends before it starts";
        }
        return null;
    }

    private void finish(LogRecord r, Result res, RecordSink sink, LogSource src, long line) throws BadInputException {
        finish(r, res, sink, src.name(), line);
    }

    private void finish(LogRecord r, Result res, RecordSink sink, String src, long line) throws BadInputException {
        r.line = line;
        boolean noOffset = Timestamps.takeNoOffset(); // parsed on this thread for this line (its first record)
        if (r.model == null || r.model.isBlank()) {
            if (options.defaultModel() == null) {
                throw new BadInputException("missing required field 'model' (pass --default-model MODEL to attribute "
                        + "records that name none)");
            }
            r.model = options.defaultModel();
        }
        checkFigures(r);
        if (r.relativeTime) {
            r.timestampMs = anchor + r.timestampMs;
            res.relativeIn = src;
        }
        if (r.timestampMs < plausibleFrom || r.timestampMs >= plausibleTo) {
            throw new BadInputException("timestamp " + instant(r.timestampMs) + " is outside the plausible range "
                    + instant(plausibleFrom) + " to " + instant(plausibleTo) + " (pass --since/--until to read it)");
        }
        capLabels(r, res, src, line);
        if (r.usage == null) {
            if (!r.hasPrompt() && r.response == null) {
                throw new BadInputException("record has no usage and no text to count tokens from");
            }
            r.usage = tokens.estimate(r.model, r.messages, r.response);
            r.estimated = true; // counted with the run's requests: one outside --since/--until is not in its report
        }
        if (noOffset) {
            res.firstNoOffset = res.noOffset++ == 0 ? src + ":" + line : res.firstNoOffset;
        }
        res.firstMs = Math.min(res.firstMs, r.timestampMs);
        res.lastMs = Math.max(res.lastMs, r.timestampMs);
        if (r.timestampMs < options.sinceMs() || r.timestampMs >= options.untilMs()) {
            res.filtered++;
            return;
        }
        sink.prepare(r);
        res.records.add(r);
    }

    private static String instant(long ms) {
        return java.time.Instant.ofEpochMilli(ms).toString();
    }

    /** The longest latency one request may log: 10^12 ms, about 31 years; more is damaged. */
    static final double MAX_LATENCY_MS = 1e12;

    /** Logged cost, latency and quality: a figure that is negative, infinite or absurd makes the line bad. */
    private static void checkFigures(LogRecord r) throws BadInputException {
        if (!Double.isNaN(r.loggedCostUsd) && (!(r.loggedCostUsd >= 0) || r.loggedCostUsd >= UsageNormalizer.ABSURD)) {
            throw new BadInputException("logged cost must be a non-negative number of dollars below "
                    + UsageNormalizer.ABSURD_TEXT + " per request");
        }
        if (!Double.isNaN(r.latencyMs) && (!(r.latencyMs >= 0) || r.latencyMs > MAX_LATENCY_MS)) {
            throw new BadInputException("latency must be a non-negative number of milliseconds up to 10^12 (31 years)");
        }
        if (r.usage != null && r.usage.reasoningTokens() > r.usage.outputTokens()) {
            throw new BadInputException("reasoning tokens (" + r.usage.reasoningTokens() + ") exceed output tokens ("
                    + r.usage.outputTokens() + "): reasoning is part of output_tokens (log-format.md)");
        }
        if (!Double.isNaN(r.quality) && !(r.quality >= 0 && r.quality <= 1)) {
            throw new BadInputException("quality must be between 0 and 1");
        }
        if (r.count < 0 || r.count > 1_000_000_000L) {
            throw new BadInputException("request count must be between 0 and 10^9");
        }
        // each kind is checked on its own when read; five kinds under the ceiling can still add up past it
        if (r.usage != null && r.usage.totalTokens() > UsageNormalizer.MAX_TOKENS * Math.max(1, r.count)) {
            throw new BadInputException("token counts add up to " + r.usage.totalTokens() + " together, "
                    + UsageNormalizer.ABSURD_TEXT + " or more per request (the ceiling)");
        }
    }

    private static void capLabels(LogRecord r, Result res, String src, long line) {
        int before = (int) res.truncated;
        r.model = cap(r.model, res);
        r.provider = cap(r.provider, res);
        r.user = cap(r.user, res);
        r.team = cap(r.team, res);
        r.taskType = cap(r.taskType, res);
        r.experiment = cap(r.experiment, res);
        r.variant = cap(r.variant, res);
        if (before == 0 && res.truncated > 0) {
            res.firstTruncated = src + ":" + line;
        }
    }

    /**
     * A label longer than {@link #MAX_LABEL} characters keeps its start, its length and a hash of the whole, so two
     * long names stay apart and the report says what happened.
     */
    static String cap(String s, Result res) {
        if (s == null || s.length() <= MAX_LABEL) {
            return s;
        }
        // redact before cutting: a credential across the cut would lose its tail, no longer be recognised, and show its prefix
        String whole = s;
        s = io.techopt.core.Redactor.redact(s);
        if (s.length() <= MAX_LABEL) {
            return s;
        }
        res.truncated++;
        int cut = Character.isHighSurrogate(s.charAt(MAX_LABEL - 1)) ? MAX_LABEL - 1 : MAX_LABEL;
        return s.substring(0, cut) + "…[truncated from " + whole.length() + " chars, #"
                + String.format("%08x", whole.hashCode()) + "]";
    }

    private TreeFormat treeFormat(InputFormat f, LogSource src) {
        return switch (f) {
            case ANTHROPIC_BATCH -> {
                if (batchEndedMs != Long.MIN_VALUE) {
                    yield new AnthropicBatchFormat(batchEndedMs);
                }
                undatedBatchFiles.putIfAbsent(src.name(), src.modifiedMs()); // said in a warning: never a silent date
                yield new AnthropicBatchFormat(src.modifiedMs());
            }
            case CANONICAL, CSV -> null;
            case OPENAI -> new OpenAiFormat();
            case LITELLM -> new LiteLlmFormat(mapper);
            case LANGFUSE -> new LangfuseFormat();
            case OTEL -> new OtelFormat(mapper);
        };
    }

    /** Members that wrap a log's array of records in API exports ({"data":[…]}); never a record's own fields. */
    private static final java.util.Set<String> WRAPPERS = java.util.Set.of("data", "records", "items", "results", "logs",
            "requests", "rows", "observations", "generations");

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
        if (q < 0 || b[q] != '"') {
            return null;
        }
        int close = indexOf(b, (byte) '"', q + 1, Math.min(len, q + 32));
        if (close < 0) {
            return null;
        }
        String name = new String(b, q + 1, close - q - 1, StandardCharsets.UTF_8);
        int keyLine = q;
        while (keyLine > 0 && b[keyLine - 1] != '\n') {
            keyLine--;
        }
        int colon = firstNonSpace(b, close + 1, len);
        int open = colon < 0 || b[colon] != ':' ? -1 : firstNonSpace(b, colon + 1, len);
        int first = open < 0 || b[open] != '[' ? -1 : firstNonSpace(b, open + 1, len);
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

    /**
     * Drops up to {@code n} spaces at the start of every line: a wrapped array's records then stand where a document's
     * own records do, so the scanner's column rules (JsonElements) read them alike. JSON strings hold no line break,
     * so no content is touched.
     */
    private static final class Dedent extends java.io.FilterInputStream {
        private final int n;
        private int skipped;
        private boolean lineStart = true;

        Dedent(InputStream in, int n) {
            super(new java.io.BufferedInputStream(in, 1 << 16));
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

    private void produceDocument(LogSource src, InputStream in, boolean wrapped, RecordSink sink,
                                 BlockingQueue<Future<Result>> queue, IngestStats stats) throws IOException {
        InputFormat fmt = options.format();
        Result[] res = {new Result(src.name())};
        JsonElements elements = new JsonElements(in, options.maxLineBytes());
        elements.wrapped = wrapped;
        // the format is voted on by the first records that parse, so one damaged first record cannot decide it
        List<JsonElements.Element> held = fmt == null ? new ArrayList<>() : null;
        List<JsonNode> heldNodes = new ArrayList<>();
        int parsed = 0;
        JsonElements.Element e;
        while ((e = elements.next()) != null) {
            if (held == null) {
                docElement(src, e, null, fmt, res, sink, queue);
                continue;
            }
            JsonNode node = parseElement(e);
            held.add(e);
            heldNodes.add(node);
            if ((node != null && ++parsed >= 32) || held.size() >= 1024) {
                fmt = vote(heldNodes);
                stats.formats.put(src.name(), fmt.id);
                for (int i = 0; i < held.size(); i++) {
                    docElement(src, held.get(i), heldNodes.get(i), fmt, res, sink, queue);
                }
                held = null;
                heldNodes.clear();
            }
        }
        if (held != null) {
            fmt = vote(heldNodes);
            stats.formats.put(src.name(), fmt.id);
            for (int i = 0; i < held.size(); i++) {
                docElement(src, held.get(i), heldNodes.get(i), fmt, res, sink, queue);
            }
        }
        long[] rest = elements.restAfterWrapper();
        if (rest[0] > 0) {
            stats.warnings.add(src.name() + ": " + rest[0] + " bytes after the wrapped array (from line " + rest[1]
                    + ": other members of the object, or more data) were not read as records");
        }
        if (elements.arrayLeftOpen()) {
            stats.warnings.add(src.name() + ": the JSON array is not closed (file cut short?); every whole record before the end was read");
        }
        submitDone(queue, res[0]);
    }

    /** The element as JSON, or null when it is damaged or does not parse (it is reported where it stands). */
    private JsonNode parseElement(JsonElements.Element e) {
        if (e.damage() != null || Utf8.firstInvalid(e.bytes(), 0, e.length()) >= 0) {
            return null;
        }
        try {
            return lineReader.readTree(e.bytes(), 0, e.length());
        } catch (IOException | RuntimeException | StackOverflowError ex) {
            return null;
        }
    }

    private static InputFormat vote(List<JsonNode> nodes) {
        java.util.Map<InputFormat, Integer> votes = new java.util.EnumMap<>(InputFormat.class);
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

    private void docElement(LogSource src, JsonElements.Element e, JsonNode parsed, InputFormat fmt, Result[] holder,
                            RecordSink sink, BlockingQueue<Future<Result>> queue) throws IOException {
        Result res = holder[0];
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
                    node = lineReader.readTree(e.bytes(), 0, e.length());
                } catch (JsonProcessingException ex) {
                    throw new BadInputException(jsonReason(ex, line));
                }
            }
            TreeFormat tree = treeFormat(fmt, src);
            if (tree == null) {
                finish(canonical.read(mapper.treeAsTokens(node)), res, sink, src, line);
            } else {
                List<LogRecord> out = new ArrayList<>();
                List<Span> spans = sink.wantsSpans() ? new ArrayList<>() : null;
                mapTree(tree, node, out, spans, res, sink, src.name(), line, e.bytes(), 0, e.length());
            }
        } catch (BadInputException ex) {
            res.bad.add(new BadLine(src.name(), line, ex.getMessage()));
        } catch (IOException | RuntimeException | StackOverflowError ex) {
            res.bad.add(new BadLine(src.name(), line, "unreadable record (" + ex.getClass().getSimpleName() + ")"));
        }
        if (res.records.size() >= DOC_BATCH || res.bad.size() >= DOC_BATCH || res.spans.size() >= DOC_BATCH) {
            submitDone(queue, res);
            holder[0] = new Result(src.name());
        }
    }

    /** {@link #jsonReason(JsonProcessingException)} naming the line in the file, for records that span lines. */
    static String jsonReason(JsonProcessingException e, long firstLine) {
        String r = jsonReason(e);
        int l = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
        return l > 1 ? r + " on line " + (firstLine + l - 1) : r;
    }

    private void produceCsv(LogSource src, InputStream in, RecordSink sink, BlockingQueue<Future<Result>> queue,
                            IngestStats stats) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CsvFormat.Rows rows = new CsvFormat.Rows(new java.io.BufferedReader(new InputStreamReader(in, decoder), 1 << 16));
        Result res = new Result(src.name());
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
                res.lines++;
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
                if (rows.badReason() != null) {
                    res.lines++;
                    res.bad.add(new BadLine(src.name(), ln, rows.badReason()));
                    continue;
                }
                if (row.size() == 1 && row.get(0).isBlank()) {
                    continue;
                }
                res.lines++;
                try {
                    if (row.stream().anyMatch(c -> c.indexOf('\uFFFD') >= 0)) {
                        throw new BadInputException("invalid UTF-8");
                    }
                    finish(csv.map(row), res, sink, src, ln);
                } catch (BadInputException e) {
                    res.bad.add(new BadLine(src.name(), ln, e.getMessage()));
                } catch (RuntimeException e) {
                    res.bad.add(new BadLine(src.name(), ln, "unreadable row (" + e.getClass().getSimpleName() + ")"));
                }
                if (res.records.size() >= DOC_BATCH) {
                    submitDone(queue, res);
                    res = new Result(src.name());
                }
            }
        } finally {
            submitDone(queue, res);
        }
    }

    private Result badResult(LogSource src, long line, String reason) {
        Result r = new Result(src.name());
        r.lines++;
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
