package io.techopt.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import static io.techopt.ingest.Bytes.indexOf;
import static io.techopt.ingest.Bytes.readFully;

/**
 * Reads one source on the producer thread: opens it (gzip, a cut or corrupt gzip stream, a .gz name over plain text),
 * drops a UTF-8 byte order mark, decodes UTF-16 and UTF-32 text to UTF-8, asks the {@link FormatSniffer} how the file
 * is laid out and hands it to the producer for that shape: {@link LineProducer}, {@link DocumentProducer} or
 * {@link CsvProducer}. One per read.
 */
final class FileProducer implements BlockPipeline.Producer {
    /** The first block read of a file, and the size of the blocks of lines parsed in parallel. */
    static final int BLOCK = 2 << 20;

    private final IngestOptions options;
    private final FormatSniffer sniffer;
    private final LineProducer lines;
    private final DocumentProducer documents;
    private final CsvProducer csv;
    private final AtomicLong bytesRead;
    /** Bytes read from the files themselves, before gunzip: what a file's size is measured in (progress). */
    private final AtomicLong fileBytesRead;
    private final IngestStats stats;

    FileProducer(IngestOptions options, JsonParsers json, RecordFinisher finisher, AtomicLong bytesRead, AtomicLong fileBytesRead,
                 IngestStats stats, RecordSink sink) {
        this.options = options;
        this.sniffer = new FormatSniffer(options, json);
        this.lines = new LineProducer(options, json, finisher, sniffer, bytesRead, stats, sink);
        this.documents = new DocumentProducer(options, json, finisher, stats, sink);
        this.csv = new CsvProducer(options, finisher, stats, sink);
        this.bytesRead = bytesRead;
        this.fileBytesRead = fileBytesRead;
        this.stats = stats;
    }

    @Override
    public void produce(LogSource src, BlockPipeline out) throws IOException {
        stats.files++;
        try (InputStream opened = src.open(fileBytesRead::addAndGet)) {
            InputStream in = opened;
            TruncatedGzipStream gzip = opened instanceof TruncatedGzipStream g ? g : null;
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
                        new ByteArrayInputStream(Arrays.copyOfRange(block, enc.bom(), len)), opened), enc.charset());
                len = readFully(in, block, 0, block.length);
                stats.warnings.add(src.name() + ": " + enc.describe() + " text, not UTF-8; decoded from " + enc.charset().name());
            }
            if (src.namedAsGzip() && gzip == null) {
                int bad = Utf8.firstInvalid(block, 0, len);
                if ((bad >= 0 && !(len == block.length && bad >= len - 3)) || indexOf(block, (byte) 0, 0, len) >= 0) {
                    stats.formats.put(src.name(), "not gzip");
                    stats.warnings.add(src.name() + ": not a gzip file (the name ends in .gz but there is no gzip header) "
                            + "and not UTF-8 text; file skipped");
                    out.deliver(Chunk.badLine(src, 1, "not a gzip file (no gzip header) and not UTF-8 text; file skipped"));
                    return;
                }
                stats.warnings.add(src.name() + ": named .gz but not gzip-compressed; read as plain text");
            }
            if (len == 0 && gzip != null && gzip.truncated()) {
                stats.formats.put(src.name(), "gzip (corrupt)");
                out.deliver(Chunk.badLine(src, 1, "gzip data is corrupt or cut short before the first line; nothing could be read"));
                stats.warnings.add(src.name() + ": gzip stream is corrupt or cut short before the first line");
                return;
            }
            // last whole line before a gzip cut, for the warning: this file's own (-1: unknown, not cut, or not read as lines)
            long truncatedAfter = -1;
            FormatSniffer.Shape shape = sniffer.shape(src, block, len);
            stats.formats.put(src.name(), shape == FormatSniffer.Shape.CSV ? "csv" : shape == FormatSniffer.Shape.EMPTY ? "empty" : "json");
            switch (shape) {
                case EMPTY -> stats.warnings.add(src.name() + ": empty file, no records");
                case CSV -> csv.produce(src, new SequenceInputStream(new ByteArrayInputStream(block, 0, len), in), out);
                case DOCUMENT -> documents.produce(src, block, len, in, out);
                case LINES -> {
                    // null: no line of the first block parsed (e.g. line 1 is longer than the block); the first
                    // chunk of whole lines that has one decides (see LineProducer)
                    InputFormat fmt = options.format() != null ? options.format() : sniffer.lineFormat(block, len);
                    stats.formats.put(src.name(), (fmt == null ? InputFormat.CANONICAL : fmt).id);
                    truncatedAfter = lines.produce(src, in, block, len, fmt, gzip, out);
                }
            }
            if (gzip != null && gzip.truncated()) {
                stats.warnings.add(src.name() + ": gzip stream is truncated or corrupt"
                        + (truncatedAfter >= 0 ? " after line " + truncatedAfter : "") + "; the records before it were read");
            }
            if (gzip != null && gzip.garbageAt() >= 0) {
                stats.warnings.add(src.name() + ": data after the end of the gzip stream, from byte offset " + gzip.garbageAt()
                        + ", is not another gzip member and was ignored");
            }
        }
    }
}
