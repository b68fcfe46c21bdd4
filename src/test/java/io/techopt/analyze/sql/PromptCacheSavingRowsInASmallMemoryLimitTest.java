package io.techopt.analyze.sql;

import io.techopt.analyze.AnalyzeOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The prompt-cache lever's saving rows within DuckDB's memory limit (#14): joining every offer to its hits and sorting
 * them at once did not fit in 256 MB on a 10M-request store; in consecutive ranges of places the rows come in the same
 * order, the same rows.
 */
class PromptCacheSavingRowsInASmallMemoryLimitTest {
    /** 400,000 offers as the table o (numbered in read order), their hits as h; places in shuffled insertion order. */
    private static final String O = "SELECT (i * 48271) % 400000 * 3 AS pos, (i * 48271) % 400000 + 1 AS idx, "
            + "1780000000000 + i AS ms, 'model-' || (i % 5) AS model, 'provider' AS provider, 2000 + i % 300 AS input_tokens, "
            + "CASE WHEN i % 9 = 0 THEN 5 ELSE 0 END AS cache_read_tokens, 0 AS cache_write_tokens, "
            + "0 AS cache_write_1h_tokens, i % 700 AS output_tokens, 0 AS reasoning_tokens, i % 11 = 0 AS batch "
            + "FROM range(400000) t(i)";
    private static final String H = "SELECT pos, CASE WHEN pos % 4 = 0 THEN 1024 ELSE 0 END AS hit_tokens, "
            + "1024 + pos % 3 AS write_tokens FROM o";

    @TempDir
    Path spill;

    @Test
    void fourHundredThousandOffersAtThirtyTwoMegabytesComeInRangesAsTheyDidUnlimited() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET temp_directory = '" + spill + "'");
            st.execute("SET threads = 2");
            st.execute("SET preserve_insertion_order = false"); // as DuckDbAnalyze runs
            st.execute("CREATE TEMP TABLE o AS " + O);
            st.execute("CREATE TEMP TABLE h AS " + H);
            List<String> atOnce = rows(st, AnalyzeSql.promptCacheSavingRows("true"));
            assertTrue(atOnce.size() > 300_000, "most offers did not use caching");

            // At 32 MB the query at once ran out of memory here, but not in one CI run (DuckDB spilled the sort in time):
            // what must hold is that the ranges fit and give the same rows in the same order.
            st.execute("SET memory_limit = '32MB'");
            List<String> ranges = new DuckDbAnalyze(c, AnalyzeOptions.defaults(), null).offerRanges();
            assertTrue(ranges.size() > 1);
            List<String> inRanges = new ArrayList<>();
            for (String range : ranges) {
                inRanges.addAll(rows(st, AnalyzeSql.promptCacheSavingRows(range)));
            }

            assertEquals(atOnce, inRanges);
        }
    }

    private static List<String> rows(Statement st, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(rs.getObject(i)).append('|');
                }
                out.add(b.toString());
            }
        }
        return out;
    }
}
