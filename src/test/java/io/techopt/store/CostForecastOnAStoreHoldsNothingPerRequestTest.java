package io.techopt.store;

import io.techopt.TestSupport;
import io.techopt.analyze.AnalyzeOptions;
import io.techopt.analyze.SpendAnalysis;
import io.techopt.core.Dimension;
import io.techopt.ingest.IngestStats;
import io.techopt.pricing.PriceBook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * cost-forecast on a store holds nothing per request: the store hands over last copies only and the forecast's figures
 * are sums (spend per day and per day x scope, per hour, charges), so no table of requests grows with the store (on the
 * 10M-request store that table filled the 768 MB heap). Its JSON stays the log's, repeated ids, --by, --since and
 * budgets included.
 */
class CostForecastOnAStoreHoldsNothingPerRequestTest {
    @TempDir
    Path work;

    @Test
    void theForecastsSinkKeepsNoRowPerRequestAndTheJsonIsTheLogs() throws Exception {
        Path store = TestSupport.generatedStore(work, 20_000, 30);
        SpendAnalysis analysis = SpendAnalysis.of(PriceBook.builtin(), new AnalyzeOptions(
                List.of(List.of(Dimension.DAY), List.of(Dimension.DAY, Dimension.TEAM)), null,
                AnalyzeOptions.DEFAULT_BATCHABLE, Integer.MAX_VALUE, AnalyzeOptions.DEFAULT_CACHE_TTL_MS), true);
        try (DuckDbUsageStore s = DuckDbUsageStore.open(store)) {
            IngestStats stats = s.read(Long.MIN_VALUE, Long.MAX_VALUE, analysis);
            assertEquals(s.sources().get(0).rows(), stats.records, "every copy is read and counted, as on the log");
            analysis.finishSpend(stats);
        }
        assertEquals(0, analysis.requestsHeld());
        assertTrue(analysis.duplicateRequestIds() > 0, "the generated log repeats request ids");

        Path budget = work.resolve("budget.yaml");
        Files.writeString(budget, "budgets:\n  - {scope: total, monthly_usd: 100}\n  - {scope: \"team:support\", monthly_usd: 10}\n");
        for (String[] options : new String[][]{{}, {"--by", "team"}, {"--by", "provider", "--since", "2026-10-05"},
                {"--budget", budget.toString(), "--by", "model", "--until", "2026-10-25"}, {"--by", "user", "--horizon", "quarter"}}) {
            String onLog = costForecast(work.resolve("generated.jsonl").toString(), options);
            String onStore = costForecast(store.toString(), options);
            assertEquals(onLog, onStore, String.join(" ", options));
        }
    }

    private static String costForecast(String input, String... options) {
        String[] args = new String[5 + options.length];
        System.arraycopy(new String[]{"cost-forecast", "-q", "-f", "json", input}, 0, args, 0, 5);
        System.arraycopy(options, 0, args, 5, options.length);
        TestSupport.Run r = TestSupport.cli(args);
        assertEquals(0, r.code(), r.err());
        return r.json().toPrettyString();
    }
}
