package io.techopt.store;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ingest --keep-text runs within DuckDB's memory limit (#14): the staging table held every row's prompt and answer text
 * in memory (the Appender's unflushed rows, an in-memory table) and the Parquet writer a row group of 122,880 rows of
 * text for every day at once, so the generated 200k log needed TECHOPT_STORE_MEMORY=1GB and 1,568 MB peak RSS. Here 20,000
 * generated requests (77 MB of text) at 96 MB, in a child JVM, as the limit is read from the environment.
 */
class AKeepTextIngestInASmallMemoryLimitTest {
    @TempDir
    Path work;

    @Test
    void twentyThousandRequestsWithTheirTextAtNinetySixMegabytes() throws Exception {
        Path log = work.resolve("generated.jsonl"), store = work.resolve("store");
        TestSupport.Run generate = TestSupport.cli("samples", "generate", "--requests", "20000", "--seed", "3", "--days", "4",
                "-o", log.toString());
        assertEquals(0, generate.code(), generate.err());
        ProcessBuilder child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("child-tmp")),
                "io.techopt.cli.Main", "ingest", "-q", "--keep-text", "--store", store.toString(), log.toString()));
        child.environment().put("TECHOPT_STORE_MEMORY", "96MB");
        Path out = work.resolve("child.out");
        int code = child.redirectErrorStream(true).redirectOutput(out.toFile()).start().waitFor();
        assertEquals(0, code, Files.readString(out));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(messages), count(DISTINCT day) FROM read_parquet('"
                     + store + "/day=*/*.parquet', hive_partitioning = true)")) {
            rs.next();
            long rows = rs.getLong(1);
            assertEquals(StoreManifest.read(store).sources().get(0).rows(), rows);
            assertEquals(rows, rs.getLong(2), "every row keeps its prompt");
            assertEquals(4, rs.getLong(3));
        }
    }
}
