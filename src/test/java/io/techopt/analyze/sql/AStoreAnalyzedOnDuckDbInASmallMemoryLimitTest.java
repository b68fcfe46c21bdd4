package io.techopt.analyze.sql;

import io.techopt.TestSupport;
import io.techopt.analyze.AnalyzeOptions;
import io.techopt.analyze.AnalyzeReport;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.Pricer;
import io.techopt.report.Report;
import io.techopt.store.DuckDbUsageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * DuckDbAnalyze runs within DuckDB's memory limit: what it keeps of every row must spill or stream, so a store analyzed
 * at a limit far below its rows' size (20,000 generated requests at 32 MB, the default being 256 MB) gives its report
 * rather than DuckDB's out-of-memory error. Materializing the priced rows with every column (the relation w as a table)
 * did not fit: the same failure as a 3.2M-request store at 256 MB (#14).
 */
class AStoreAnalyzedOnDuckDbInASmallMemoryLimitTest {
    @TempDir
    Path work;

    @Test
    void twentyThousandRequestsAnalyzeAtThirtyTwoMegabytes() throws Exception {
        Path store = TestSupport.generatedStore(work, 20_000);
        try (DuckDbUsageStore s = DuckDbUsageStore.open(store)) {
            try (Statement st = s.sqlConnection().createStatement()) {
                st.execute("SET memory_limit = '32MB'");
            }
            Report r = DuckDbAnalyze.run(s, new Pricer(PriceBook.builtin(), null),
                    AnalyzeOptions.defaults(), Long.MIN_VALUE, Long.MAX_VALUE, stats -> { });
            while (r instanceof Report.WithSection w) {
                r = w.base();
            }
            assertEquals(20_000, ((AnalyzeReport) r).result().requests());
        }
    }
}
