package io.techopt.store;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DuckDB's errors reached the user raw (review r24s): a store with a damaged Parquet footer gave "could not read the
 * store: Invalid Error: don't know what type: \u000d" (the file's byte, escaped, and no file named); running out of
 * memory gave DuckDB's whole hint block, its line breaks printed as \u000a escapes.
 */
class DuckDbErrorsAreOneLineWithoutSqlTest {
    @TempDir
    Path tmp;

    static void assertOneCleanLine(String err, String what) {
        String msg = err.strip();
        assertFalse(msg.contains("\n"), what + ": more than one line: " + err);
        assertFalse(msg.contains("\\u00"), what + ": escapes: " + err);
        for (String sql : List.of("SELECT", "LINE 1", "read_parquet", "Possible solutions", "SET ")) {
            assertFalse(msg.contains(sql), what + ": DuckDB's SQL or hints (" + sql + "): " + err);
        }
    }

    @Test
    void aStoreWithADamagedParquetFooterFailsInOneLineNamingTheFile() throws Exception {
        // the footer's metadata (before its 4-byte length and PAR1): the bytes DuckDB quoted back
        assertBothEnginesNameTheDamagedFile(length -> length - 300);
    }

    /** r25s M2: a data page damaged, the footer whole: the file was not named (DuckDB's probe read only the footer). */
    @Test
    void aStoreWithAParquetFileDamagedMidFileFailsInOneLineNamingTheFile() throws Exception {
        assertBothEnginesNameTheDamagedFile(length -> length / 2);
    }

    /** r25s L4: a file the manifest lists deleted gave DuckDB's "IO Error: No files found that match the pattern". */
    @Test
    void aStoreMissingAParquetFileItsManifestListsFailsInOneLineSayingWhichIsMissing() throws Exception {
        Path store = tmp.resolve("store");
        assertEquals(0, TestSupport.cli("ingest", "-q", StoreIngestTest.SAMPLE.toString(), "--store", store.toString()).code());
        Path gone;
        try (Stream<Path> s = Files.walk(store)) {
            gone = s.filter(p -> p.toString().endsWith(".parquet")).sorted().skip(2).findFirst().orElseThrow();
        }
        Files.delete(gone);
        for (String engine : List.of("memory", "duckdb")) {
            TestSupport.Run r = TestSupport.cli("analyze", "-q", "-f", "json", "--store", store.toString(), "--engine", engine);
            assertEquals(1, r.code(), engine + ": a runtime failure (cli.md): " + r.err());
            assertOneCleanLine(r.err(), engine);
            assertTrue(r.err().contains(gone + " is missing"), engine + ": the missing file is named: " + r.err());
            assertFalse(r.err().contains("No files found"), engine + ": DuckDB's words: " + r.err());
            assertEquals("", r.out(), engine + ": nothing half-written");
        }
    }

    /**
     * r26s M3: a listed file replaced by a Parquet file of another schema: DuckDB's schema mismatch names the healthy
     * first file it compared with as well, and the message told the user to restore that one.
     */
    @Test
    void aParquetFileOfAnotherSchemaIsNamedNotTheHealthyFileBesideIt() throws Exception {
        Path store = tmp.resolve("store");
        assertEquals(0, TestSupport.cli("ingest", "-q", StoreIngestTest.SAMPLE.toString(), "--store", store.toString()).code());
        List<Path> files;
        try (Stream<Path> s = Files.walk(store)) {
            files = s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
        }
        Path healthy = files.get(0), replaced = files.get(1);
        Files.delete(replaced);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT 1 AS other, 'x' AS columns_here) TO '" + replaced + "' (FORMAT parquet)");
        }
        for (String engine : List.of("memory", "duckdb")) {
            TestSupport.Run r = TestSupport.cli("analyze", "-q", "-f", "json", "--store", store.toString(), "--engine", engine);
            assertEquals(1, r.code(), engine + ": a runtime failure (cli.md): " + r.err());
            assertOneCleanLine(r.err(), engine);
            String blamed = r.err().substring(0, r.err().indexOf(" is damaged or not one a techopt ingest wrote"));
            assertTrue(blamed.endsWith(replaced.toString()), engine + ": the replaced file is the one to restore: " + r.err());
            assertFalse(blamed.contains(healthy.toString()), engine + ": the healthy file is not blamed: " + r.err());
        }
    }

    /** r26s LOW: a directory in place of a listed file gave DuckDB's raw "IO Error: No files found that match the pattern". */
    @Test
    void aDirectoryInPlaceOfAListedFileIsNamedAsNoParquetFile() throws Exception {
        Path store = tmp.resolve("store");
        assertEquals(0, TestSupport.cli("ingest", "-q", StoreIngestTest.SAMPLE.toString(), "--store", store.toString()).code());
        Path replaced;
        try (Stream<Path> s = Files.walk(store)) {
            replaced = s.filter(p -> p.toString().endsWith(".parquet")).sorted().skip(1).findFirst().orElseThrow();
        }
        Files.delete(replaced);
        Files.createDirectory(replaced);
        for (String engine : List.of("memory", "duckdb")) {
            TestSupport.Run r = TestSupport.cli("analyze", "-q", "-f", "json", "--store", store.toString(), "--engine", engine);
            assertEquals(1, r.code(), engine + ": a runtime failure (cli.md): " + r.err());
            assertOneCleanLine(r.err(), engine);
            assertTrue(r.err().contains("the Parquet file " + replaced + " is a directory, not a file (the store's manifest "
                    + "lists it)"), engine + ": the file is named and what is wrong with it: " + r.err());
            assertFalse(r.err().contains("No files found"), engine + ": DuckDB's words: " + r.err());
        }
    }

    /** The sample ingested, 290 bytes of the first Parquet file overwritten from {@code at(length)}, then analyze. */
    private void assertBothEnginesNameTheDamagedFile(java.util.function.LongUnaryOperator at) throws Exception {
        Path store = tmp.resolve("store");
        assertEquals(0, TestSupport.cli("ingest", "-q", StoreIngestTest.SAMPLE.toString(), "--store", store.toString()).code());
        Path victim;
        try (Stream<Path> s = Files.walk(store)) {
            victim = s.filter(p -> p.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw")) {
            f.seek(at.applyAsLong(f.length()));
            byte[] junk = new byte[290];
            for (int i = 0; i < junk.length; i++) {
                junk[i] = (byte) (i % 2 == 0 ? 0x0d : 0x0a);
            }
            f.write(junk);
        }
        for (String engine : List.of("memory", "duckdb")) {
            TestSupport.Run r = TestSupport.cli("analyze", "-q", "-f", "json", "--store", store.toString(), "--engine", engine);
            assertEquals(1, r.code(), engine + ": a runtime failure (cli.md): " + r.err());
            assertOneCleanLine(r.err(), engine);
            assertTrue(r.err().contains(victim.getFileName().toString()), engine + ": the damaged file is named: " + r.err());
            assertEquals("", r.out(), engine + ": nothing half-written");
        }
    }

    @Test
    void runningOutOfMemoryIsOneLineSayingHowToGiveMore() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET memory_limit = '1MB'");
            SQLException oom = null;
            try {
                st.executeQuery("SELECT string_agg(x::VARCHAR, ',') FROM (SELECT range x FROM range(3000000) ORDER BY random())");
            } catch (SQLException e) {
                oom = e;
            }
            assertNotNull(oom, "DuckDB ran within 1MB");
            assertTrue(oom.getMessage().contains("\n"), "DuckDB's own text is several lines: " + oom.getMessage());
            IOException e = DuckDbErrors.failure("could not read the store /x", oom);
            assertOneCleanLine(e.getMessage(), "out of memory");
            assertTrue(e.getMessage().startsWith("could not read the store /x: DuckDB ran out of memory ("), e.getMessage());
            assertTrue(e.getMessage().contains("TECHOPT_STORE_MEMORY"), e.getMessage());
        }
    }

    @Test
    void aQueryErrorKeepsItsFirstLineWithoutTheSqlUnderIt() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            SQLException bad = null;
            try {
                st.executeQuery("SELECT nosuchcol FROM range(3)");
            } catch (SQLException e) {
                bad = e;
            }
            assertNotNull(bad);
            IOException e = DuckDbErrors.failure("could not analyze the store /x", bad);
            assertOneCleanLine(e.getMessage(), "binder error");
            assertEquals("could not analyze the store /x: Binder Error: Referenced column \"nosuchcol\" not found in FROM clause!",
                    e.getMessage());
        }
    }
}
