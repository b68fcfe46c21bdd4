package io.techopt.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.core.LogRecord;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.techopt.ingest.Bytes.countNewlines;
import static io.techopt.ingest.Bytes.firstNonSpace;
import static io.techopt.ingest.Bytes.indexOf;
import static io.techopt.ingest.Bytes.lastIndexOf;
import static io.techopt.ingest.Bytes.readFully;

/**
 * JSON lines (JSONL, one record per line, in any {@link InputFormat}): cuts the stream into blocks of whole lines,
 * each parsed on a parser thread. A line longer than --max-line-mb is reported and skipped; a last line cut by a
 * damaged gzip stream is reported, never parsed as half a record; a bad line is reported with its number and reason.
 */
final class LineProducer {
    private final IngestOptions options;
    private final JsonParsers json;
    private final RecordFinisher finisher;
    private final FormatSniffer sniffer;
    private final AtomicLong bytesRead;
    private final IngestStats stats;
    private final RecordSink sink;

    LineProducer(IngestOptions options, JsonParsers json, RecordFinisher finisher, FormatSniffer sniffer,
                 AtomicLong bytesRead, IngestStats stats, RecordSink sink) {
        this.options = options;
        this.json = json;
        this.finisher = finisher;
        this.sniffer = sniffer;
        this.bytesRead = bytesRead;
        this.stats = stats;
        this.sink = sink;
    }

    /**
     * Reads the rest of {@code in}, {@code block} holding its first {@code len} bytes; {@code fmt} null until a line
     * parses. Returns the last whole line before a gzip cut (-1: unknown or not cut).
     */
    long produce(LogSource src, InputStream in, byte[] block, int len, InputFormat fmt, TruncatedGzipStream gzip,
                 BlockPipeline out) throws IOException {
        long truncatedAfter = -1;
        long line = 1;
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
                out.deliver(Chunk.badLine(src, line, "file ends inside this line (gzip stream cut short)"));
                truncatedAfter = line - 1;
                len = 0;
                continue;
            } else if (cut >= 0 || (eof && len > 0)) {
                int chunkLen = cut >= 0 ? cut + 1 : len;
                byte[] next = new byte[Math.max(FileProducer.BLOCK, len - chunkLen)];
                int rest = len - chunkLen;
                System.arraycopy(block, chunkLen, next, 0, rest);
                final byte[] data = block;
                final long first = line;
                line += countNewlines(block, chunkLen);
                if (fmt == null) {
                    // undecided until a chunk has a line that parses: the lines before it are bad in any format
                    fmt = sniffer.lineFormat(data, chunkLen);
                    if (fmt != null) {
                        stats.formats.put(src.name(), fmt.id);
                    }
                }
                final InputFormat chunkFmt = fmt == null ? InputFormat.CANONICAL : fmt;
                out.parallel(() -> parse(src, chunkFmt, data, chunkLen, first));
                block = next;
                len = rest;
                continue;
            } else if (len == block.length) {
                if (block.length >= options.maxLineBytes()) {
                    out.deliver(Chunk.badLine(src, line, "line longer than " + (options.maxLineBytes() >> 20)
                            + " MiB; skipped (raise --max-line-mb to read it)"));
                    skipping = true;
                    len = 0;
                } else {
                    block = Arrays.copyOf(block, (int) Math.min((long) block.length * 2, options.maxLineBytes()));
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
        return truncatedAfter;
    }

    /** One block of whole lines, on a parser thread. */
    private Chunk parse(LogSource src, InputFormat fmt, byte[] b, int len, long firstLine) {
        Chunk res = new Chunk(src.name());
        TreeFormat tree = finisher.treeFormat(fmt, src);
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
                            try (JsonParser p = json.factory().createParser(b, i, e - i)) {
                                LogRecord r = json.canonical().read(p);
                                boolean trailing;
                                try {
                                    trailing = p.nextToken() != null;
                                } catch (JsonProcessingException ex) {
                                    trailing = true;
                                }
                                if (trailing) {
                                    throw new BadInputException("unexpected data after the JSON object");
                                }
                                finisher.finish(r, res, sink, src, line);
                            }
                        } else {
                            JsonNode node = json.lineReader().readTree(b, i, e - i);
                            List<LogRecord> out = new ArrayList<>(1);
                            List<Span> spans = RecordFinisher.listsSpans(tree, sink) ? new ArrayList<>() : null;
                            finisher.mapTree(tree, node, out, spans, res, sink, src.name(), line, b, i, e - i);
                        }
                    } catch (BadInputException ex) {
                        res.bad.add(new BadLine(src.name(), line, ex.getMessage()));
                    } catch (JsonProcessingException ex) {
                        res.bad.add(new BadLine(src.name(), line, RecordFinisher.jsonReason(ex)));
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
}
