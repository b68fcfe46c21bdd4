package io.techopt.analyze;

import io.techopt.core.Charges;
import io.techopt.core.DailySpend;
import io.techopt.ingest.IngestStats;
import io.techopt.ingest.RecordSink;
import io.techopt.pricing.PricesUsed;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What cost-forecast reads of the requests: their spend per day (and per day x scope), charges, first and last request,
 * the prices used. The {@link Analyzer} gives it from its table of requests; on a store, which hands over last copies
 * only, a {@link SpendSink} gives the same figures from sums alone (#14: a 10M-request store's table filled the heap).
 */
public interface SpendAnalysis extends RecordSink {
    /** Ends the read: the figures below are made. */
    void finishSpend(IngestStats stats);

    DailySpend dailySpend();

    Charges charges();

    /** The first request on or after a UTC day (null: none). */
    Instant firstRequestFrom(LocalDate day);

    /** The last request (null: none). */
    Instant lastRequest();

    PricesUsed pricesUsed();

    /** Requests logged again under an id they had already (counted once): ingest's duplicate_request_ids. */
    long duplicateRequestIds();

    /** Requests held now: analyze's table holds every one; the sink of sums at most a chunk, none once finished. */
    int requestsHeld();

    /** The analysis the command reads: on a store the sink of sums, on logs analyze's own. */
    static SpendAnalysis of(io.techopt.pricing.PriceBook book, AnalyzeOptions options, boolean onStore) {
        return onStore ? new SpendSink(book, options) : new Analyzer(book, options);
    }
}
