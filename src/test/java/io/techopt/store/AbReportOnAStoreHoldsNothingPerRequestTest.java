package io.techopt.store;

import io.techopt.TestSupport;
import io.techopt.experiment.ExperimentAnalyzer;
import io.techopt.ingest.IngestStats;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.Pricer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ab-report on a store holds nothing per request: the store applies the last-copy rule in a query (the request ids read
 * twice, with their last copy's place) and hands over last copies only, so the experiment's sink keeps no entry a
 * request to take an earlier copy back out (on the 4M store those entries and the 768 MB heap they filled put
 * ab-report --store at 990 MB peak RSS; at 10M they would not fit). Its JSON stays the log's, repeated ids included.
 */
class AbReportOnAStoreHoldsNothingPerRequestTest {
    @TempDir
    Path work;

    @Test
    void theExperimentsSinkKeepsNoEntryPerRequestAndTheJsonIsTheLogs() throws Exception {
        Path store = TestSupport.generatedStore(work, 20_000);
        ExperimentAnalyzer analyzer = new ExperimentAnalyzer("support-prompt-v2", new Pricer(PriceBook.builtin(), null));
        try (DuckDbUsageStore s = DuckDbUsageStore.open(store)) {
            IngestStats stats = s.read(Long.MIN_VALUE, Long.MAX_VALUE, analyzer);
            assertEquals(s.sources().get(0).rows(), stats.records, "every copy is read and counted, as on the log");
        }
        assertEquals(0, analyzer.requestsHeld());
        assertTrue(analyzer.repeatedRequestIds() > 0, "the generated log repeats request ids");

        for (String[] options : new String[][]{{}, {"--cuped", "--since", "2026-10-02"}}) {
            String onLog = abReport(work.resolve("generated.jsonl").toString(), options);
            String onStore = abReport(store.toString(), options);
            assertEquals(onLog, onStore, String.join(" ", options));
        }
    }

    private static String abReport(String input, String... options) {
        String[] args = new String[7 + options.length];
        System.arraycopy(new String[]{"ab-report", "-q", "-f", "json", "--experiment", "support-prompt-v2", input}, 0, args, 0, 7);
        System.arraycopy(options, 0, args, 7, options.length);
        TestSupport.Run r = TestSupport.cli(args);
        assertEquals(0, r.code(), r.err());
        return r.json().toPrettyString();
    }
}
