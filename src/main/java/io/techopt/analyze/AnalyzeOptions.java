package io.techopt.analyze;

import io.techopt.core.Dimension;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * @param groupBys     one table per entry; an entry of several dimensions groups by their combination
 * @param priceDate    price every request at this date's prices; null prices each at its own date
 * @param batchable    task types that could have gone through a Batch API
 * @param top          rows shown per group table (the rest are summed into one row); day tables show every day
 * @param cacheTtlMs   provider prompt-cache lifetime, refreshed on every hit
 */
public record AnalyzeOptions(List<List<Dimension>> groupBys, LocalDate priceDate, Set<String> batchable, int top,
                             long cacheTtlMs) {
    public static final Set<String> DEFAULT_BATCHABLE = Set.of("summarization", "classification", "extraction",
            "translation", "tagging", "evaluation", "data_labeling", "embedding", "batch");
    public static final long DEFAULT_CACHE_TTL_MS = 5 * 60_000L;

    public static AnalyzeOptions defaults() {
        return new AnalyzeOptions(List.of(), null, DEFAULT_BATCHABLE, 25, DEFAULT_CACHE_TTL_MS);
    }
}
