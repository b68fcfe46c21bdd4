package io.techopt.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request ids read more than once, each with the place of its last copy (latest seq, then ord) and how many copies
 * were read, as a temporary table. One hash aggregate over every row holds every id at once (10M ids did not fit in
 * DuckDB's 256 MB, #14), so the ids are grouped in passes by {@code hash(request_key)}, each holding about
 * {@link #BYTES_PER_ROW} bytes of the memory limit per row; an id falls in exactly one pass, so the table is the same.
 */
public final class RepeatedIds {
    /** The memory limit's share of a row in one pass: 1.25M rows passed in 256 MB (215 bytes a row), 100k failed in 8 MB. */
    static final long BYTES_PER_ROW = 256;

    private static final Pattern SIZE = Pattern.compile("([0-9.]+)\\s*(bytes|KiB|MiB|GiB|TiB)");

    private RepeatedIds() {
    }

    /**
     * Creates (or replaces) temporary table {@code table} (request_key, last_pos, copies) of the ids read more than once
     * among the rows of relation {@code rows} where {@code where} holds, of which there are at most {@code rowCount}.
     */
    public static void create(Statement st, String table, String rows, String where, long rowCount) throws SQLException {
        long passes = passes(st, rowCount);
        for (long i = 0; i < passes; i++) {
            String part = passes == 1 ? "" : " AND hash(request_key) % " + passes + " = " + i;
            String select = "SELECT request_key, max(" + StoreSchema.POSITION + ") AS last_pos, count(*) AS copies FROM " + rows
                    + " WHERE request_key IS NOT NULL AND " + where + part + " GROUP BY request_key HAVING count(*) > 1";
            st.execute(i == 0 ? "CREATE OR REPLACE TEMP TABLE " + table + " AS " + select : "INSERT INTO " + table + " " + select);
        }
    }

    /** How many passes by hash keep each pass's {@code rowCount} rows within the memory limit of the statement's connection. */
    public static long passes(Statement st, long rowCount) throws SQLException {
        return passes(rowCount, memoryLimit(st));
    }

    /** How many passes keep each pass's rows within the memory limit's share. */
    static long passes(long rowCount, long memoryLimitBytes) {
        // the system property sets the rows of a pass: a test's many passes over a small log
        long rowsPerPass = Math.max(1, Long.getLong("techopt.repeatedIdsPerPass", memoryLimitBytes / BYTES_PER_ROW));
        return Math.max(1, (rowCount + rowsPerPass - 1) / rowsPerPass);
    }

    /** The connection's memory limit in bytes, as DuckDB shows it ("244.1 MiB"). */
    static long memoryLimit(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT current_setting('memory_limit')")) {
            rs.next();
            String shown = rs.getString(1);
            Matcher m = SIZE.matcher(shown);
            if (!m.find()) {
                throw new SQLException("DuckDB's memory limit is not a size: " + shown);
            }
            int power = switch (m.group(2)) {
                case "KiB" -> 1;
                case "MiB" -> 2;
                case "GiB" -> 3;
                case "TiB" -> 4;
                default -> 0;
            };
            return (long) (Double.parseDouble(m.group(1)) * Math.pow(1024, power));
        }
    }
}
