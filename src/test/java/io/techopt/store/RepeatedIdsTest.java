package io.techopt.store;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The last-copy rule's aggregate within DuckDB's memory limit (#14): one hash aggregate over every row held every id
 * at once, and a 10M-request store did not fit in 256 MB; in passes by hash it does, with the same table.
 */
class RepeatedIdsTest {
    /** 400,000 rows in two sources of 200,000, ids 0..9,999 read twice (rows k and 390,000 + k), the other 380,000 once. */
    private static final String ROWS = "(SELECT i % 390000 AS request_key, i // 200000 AS seq, i % 200000 AS ord "
            + "FROM range(400000) t(i))";

    @Test
    void fourHundredThousandRowsAtEightMegabytesGiveInPassesTheTableOfOnePassUnlimited() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            RepeatedIds.create(st, "unlimited", ROWS, "true", 400_000);
            st.execute("SET memory_limit = '8MB'");
            try (Statement failing = c.createStatement()) { // DuckDB closes a statement that failed
                SQLException onePass = assertThrows(SQLException.class, () -> RepeatedIds.create(failing, "one_pass", ROWS, "true", 1));
                assertTrue(onePass.getMessage().contains("Out of Memory"), onePass.getMessage());
            }
            assertTrue(RepeatedIds.passes(400_000, RepeatedIds.memoryLimit(st)) > 1);

            RepeatedIds.create(st, "in_passes", ROWS, "true", 400_000);
            st.execute("SET memory_limit = '1GB'"); // the comparison's own hash tables need more than 8 MB

            assertEquals(10_000, count(st, "SELECT count(*) FROM in_passes WHERE copies = 2 AND last_pos = "
                    + "1099511627776 + 190000 + request_key"));
            assertEquals(0, count(st, "SELECT count(*) FROM (SELECT * FROM unlimited EXCEPT ALL SELECT * FROM in_passes "
                    + "UNION ALL (SELECT * FROM in_passes EXCEPT ALL SELECT * FROM unlimited))"));
        }
    }

    @Test
    void passesKeepAboutTwoHundredFiftySixBytesOfTheLimitARow() {
        assertEquals(1, RepeatedIds.passes(0, 256L << 20));
        assertEquals(1, RepeatedIds.passes(1_048_576, 256L << 20));
        assertEquals(10, RepeatedIds.passes(10_000_000, 256L << 20));
    }

    @Test
    void theMemoryLimitIsReadAsDuckDbShowsIt() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET memory_limit = '256MB'");
            assertEquals(256_000_000, RepeatedIds.memoryLimit(st), 100_000); // shown as 244.1 MiB
        }
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
