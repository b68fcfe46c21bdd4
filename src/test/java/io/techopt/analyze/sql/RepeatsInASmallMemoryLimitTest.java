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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exact cache's repeats within DuckDB's memory limit (#14): the window over every prompt (AnalyzeSql#repeats) did not
 * fit in 256 MB on a 10M-request store; DuckDbAnalyze's first successes in passes by hash give the window's figures.
 */
class RepeatsInASmallMemoryLimitTest {
    /**
     * 400,000 rows as the relation w: 150,000 prompts (every 97th row without one), times with ties, every 7th row failed,
     * every 50th a replaced copy; costs in 1/1024ths, so sums in any order are exact.
     */
    private static final String W = "SELECT CASE WHEN i % 97 = 0 THEN NULL ELSE i % 150000 END AS prompt_key, "
            + "(i * 7919) % 100000 AS ms, i AS pos, i % 7 = 0 AS error, i % 50 <> 0 AS live, "
            + "struct_pack(cost := (i % 1000) / 1024.0) AS p FROM range(400000) t(i)";

    @TempDir
    Path spill;

    @Test
    void fourHundredThousandRowsAtSixteenMegabytesGiveTheWindowsFiguresUnlimited() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET temp_directory = '" + spill + "'");
            st.execute("SET threads = 2");
            st.execute("SET preserve_insertion_order = false"); // as DuckDbAnalyze runs
            st.execute("CREATE TEMP VIEW w AS " + W);
            long[] window = figures(st, AnalyzeSql.repeats());
            assertTrue(window[2] > 100_000 && window[1] < window[0], "hits and repeats both occur");

            st.execute("SET memory_limit = '16MB'");
            try (Statement failing = c.createStatement()) { // DuckDB closes a statement that failed
                SQLException oneWindow = assertThrows(SQLException.class, () -> figures(failing, AnalyzeSql.repeats()));
                assertTrue(oneWindow.getMessage().contains("Out of Memory"), oneWindow.getMessage());
            }
            DuckDbAnalyze.Repeats inPasses = new DuckDbAnalyze(c, AnalyzeOptions.defaults(), null).repeats();

            assertEquals(window[0], inPasses.withPrompt());
            assertEquals(window[1], inPasses.distinct());
            assertEquals(window[2], inPasses.hits());
            assertEquals(Double.longBitsToDouble(window[3]), inPasses.usd());
        }
    }

    /** with_prompt, distinct_prompts, hits and the bits of usd. */
    private static long[] figures(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return new long[]{rs.getLong("with_prompt"), rs.getLong("distinct_prompts"), rs.getLong("hits"),
                    Double.doubleToLongBits(rs.getDouble("usd"))};
        }
    }
}
