package io.techopt.ingest;

import io.techopt.tokens.TokenCounter;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams records out of log files with bounded memory. One thread cuts each file into blocks of whole lines;
 * the blocks are parsed on every core; records reach the sink on the calling thread in input order, so
 * "last wins" and line numbers hold. A bad line is counted, kept (first 20) with its line number and reason,
 * and skipped; it never stops the run.
 * <p>The parts: {@link BlockPipeline} (parallel parse, in-order delivery, bounded memory), {@link FileProducer}
 * (opening, encodings, gzip damage) with the {@link FormatSniffer} and one producer per layout ({@link LineProducer},
 * {@link DocumentProducer}, {@link CsvProducer}), {@link RecordFinisher} (the checks every record passes),
 * {@link Delivery} (the reading thread's counts and warnings) and {@link TokenEstimatingSink}.
 */
public final class LogReader {
    static final int BLOCK = FileProducer.BLOCK;
    /** Longest label (model, provider, user, team, task, experiment, variant) kept whole; longer ones are marked. */
    public static final int MAX_LABEL = 200;

    private final IngestOptions options;
    private final TokenCounter tokens;
    private final JsonParsers json = JsonParsers.create();
    private final RecordFinisher finisher;
    private final Delivery delivery;
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong fileBytesRead = new AtomicLong();

    public LogReader(IngestOptions options, TokenCounter tokens) {
        this.options = options;
        this.tokens = tokens;
        this.finisher = new RecordFinisher(options, json);
        this.delivery = new Delivery(options, finisher, tokens);
    }

    /** Bytes read so far (after decompression), for progress display. */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** Bytes read so far from the files themselves (before gunzip): the measure of a file's size, for a progress bar. */
    public long fileBytesRead() {
        return fileBytesRead.get();
    }

    /** Reads every source into the sink; throws only for I/O failures that make a source unreadable. */
    public IngestStats read(List<LogSource> sources, RecordSink sink) throws IOException {
        IngestStats stats = new IngestStats();
        RecordSink estimating = new TokenEstimatingSink(sink, tokens);
        delivery.start();
        FileProducer files = new FileProducer(options, json, finisher, bytesRead, fileBytesRead, stats, estimating);
        BlockPipeline.run(options.threads(), sources, files, chunk -> delivery.take(chunk, stats, estimating));
        delivery.end(stats, estimating);
        delivery.warn(stats);
        return stats;
    }

    /**
     * Anchors a replay trace's relative offsets at {@code ms} instead of the window's start: analyze --compare-to reads
     * from the baseline's start, and the trace still starts at --since, as it does without --compare-to.
     */
    public LogReader anchorRelativeAt(long ms) {
        finisher.anchorRelativeAt(ms);
        return this;
    }

    /** The time to date Anthropic Message Batches results at (the batch's ended_at); they carry none themselves. */
    public LogReader batchEndedAt(long ms) {
        finisher.batchEndedAt(ms);
        return this;
    }
}
