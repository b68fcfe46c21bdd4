package io.techopt.store;

import io.techopt.TestSupport;
import io.techopt.ingest.IngestStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reading a store back record by record (StoredRecords: cost-forecast, ab-report, analyze --engine memory) runs within
 * DuckDB's memory limit, in read order, whatever the store's size: 20,000 generated requests at 8 MB (the default is
 * 256 MB). Every row joined to the request ids that redact alike, sorted at once and its result held whole did not fit:
 * 20,000 requests in 16 MB, nor 2M in 256 MB (cost-forecast --store ran out of memory, review r25s H2).
 */
class AStoreReadRecordByRecordInASmallMemoryLimitTest {
    @TempDir
    Path work;

    @Test
    void twentyThousandRequestsReadInOrderAtEightMegabytes() throws Exception {
        Path store = TestSupport.generatedStore(work, 20_000);
        try (DuckDbUsageStore s = DuckDbUsageStore.open(store)) {
            try (Statement st = s.sqlConnection().createStatement()) {
                st.execute("SET memory_limit = '8MB'");
            }
            AtomicLong delivered = new AtomicLong(), outOfOrder = new AtomicLong();
            long[] lastLine = {0};
            IngestStats stats = s.read(Long.MIN_VALUE, Long.MAX_VALUE, r -> {
                delivered.incrementAndGet();
                outOfOrder.addAndGet(r.line < lastLine[0] ? 1 : 0); // one log: read order is its line order
                lastLine[0] = r.line;
            });
            long rows = s.sources().get(0).rows();
            assertEquals(rows, delivered.get());
            assertEquals(rows, stats.records);
            assertEquals(0, outOfOrder.get());
        }
    }
}
