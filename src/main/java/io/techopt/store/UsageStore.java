package io.techopt.store;

import io.techopt.ingest.IngestStats;
import io.techopt.ingest.LogSource;
import io.techopt.ingest.RecordSink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The usage store (issue #14): normalized, priced requests kept on disk as Parquet, one directory a UTC day
 * ({@code day=YYYY-MM-DD/}), listed by a manifest ({@link StoreManifest}). Appends are idempotent (a source whose
 * content is already in is skipped) and atomic (a store is always as before or as after each source); reads count
 * each request id once, its last copy, as analyze does on the raw logs. {@link DuckDbUsageStore} is the adapter.
 */
public interface UsageStore extends AutoCloseable {
    /** The store's directory. */
    Path dir();

    /** The sources ingested, in the order they were. */
    List<StoreManifest.Source> sources();

    /**
     * Appends one log, unless a source with the same content is already in the store.
     *
     * @param reading reads the log into the sink it is given (techopt's parsers, with their options)
     */
    Appended append(LogSource source, Reading reading) throws IOException;

    /** Totals of the stored requests with a timestamp in [sinceMs, untilMs), each request id counted once (its last copy). */
    Totals totals(long sinceMs, long untilMs) throws IOException;

    /**
     * Feeds the stored requests with a timestamp in [sinceMs, untilMs) to {@code sink} as the records their logs gave
     * (repeated request ids included, in the order the logs were read; text only in a --keep-text store, the prompt key
     * always), opening only the day partitions that meet the window; returns the counts reading the logs would give.
     */
    IngestStats read(long sinceMs, long untilMs, RecordSink sink) throws IOException;

    /** The LLM calls without usage the ingested logs' spans held, by UTC day, the days in [sinceMs, untilMs). */
    java.util.SortedMap<java.time.LocalDate, Long> callsWithoutUsageByDay(long sinceMs, long untilMs);

    @Override
    void close() throws IOException;

    /** Reads one log into a sink. */
    @FunctionalInterface
    interface Reading {
        IngestStats read(RecordSink sink) throws IOException;

        /**
         * After {@link #read}: the LLM calls without usage (of unknown cost) the log's spans held, by UTC day. The store
         * keeps no spans, so what needs this count (cost-forecast's share of unknown cost) reads it from the manifest.
         */
        default java.util.SortedMap<java.time.LocalDate, Long> callsWithoutUsageByDay() {
            return java.util.Collections.emptySortedMap();
        }
    }

    /**
     * What an append did: {@code skippedAs} is the earlier source with the same content (nothing appended), else null;
     * {@code stats} the reader's counts (null when skipped); {@code replaced} the earlier sources whose whole content
     * this log begins with (it grew since they were ingested), taken out of the store as it went in.
     */
    record Appended(String name, String fingerprint, StoreManifest.Source source, StoreManifest.Source skippedAs,
                    IngestStats stats, List<StoreManifest.Source> replaced) {
        public Appended(String name, String fingerprint, StoreManifest.Source source, StoreManifest.Source skippedAs,
                        IngestStats stats) {
            this(name, fingerprint, source, skippedAs, stats, List.of());
        }

        public boolean skipped() {
            return skippedAs != null;
        }

        /** A log that gave no request (every line bad): nothing of it was stored; {@code stats} says what was read. */
        public boolean nothingRead() {
            return source == null && skippedAs == null;
        }
    }

    /**
     * Stored figures: {@code rows} stored rows counted (one a request id), {@code requests} the requests they stand for,
     * {@code costUsd} the cost of the priced ones ({@code pricedRequests}), tokens by kind.
     */
    record Totals(long rows, long requests, long errors, long pricedRequests, double costUsd, long inputTokens,
                  long cacheReadTokens, long cacheWriteTokens, long cacheWrite1hTokens, long outputTokens,
                  long reasoningTokens, long days) {
    }
}
