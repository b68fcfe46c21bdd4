package io.techopt.cli;

import com.sun.net.httpserver.HttpServer;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --table list} prints the csv tables' names and "writes no report", but the command ran whole: cost-forecast
 * posted its webhook, wrote --focus-csv and exited 4 under --fail-on-alert; ingest appended to the store; analyze wrote its
 * batch files; compress --write its log. Listing the tables does nothing else and exits 0.
 */
class ListingCsvTablesHasNoSideEffectTest {
    @TempDir
    Path dir;

    /** Fifty days at $1 a day and a $20 monthly budget: an alert fires. */
    private Path alertingLog() throws IOException {
        Path f = dir.resolve("spend.jsonl");
        try (Writer w = Files.newBufferedWriter(f)) {
            LocalDate d = LocalDate.parse("2026-09-01");
            for (int i = 0; i < 50; i++, d = d.plusDays(1)) {
                w.write("{\"timestamp\":\"" + d + "T12:00:00Z\",\"model\":\"gpt-4o\",\"team\":\"a\",\"prompt\":\"hello there\","
                        + "\"usage\":{\"input_tokens\":400000,\"output_tokens\":0}}\n");
            }
        }
        return f;
    }

    @Test
    void costForecastListsItsTablesWithoutPostingWritingOrExitingFour() throws Exception {
        Path log = alertingLog();
        Path budget = TestSupport.write(dir, "tight.yaml", "total: 20\n");
        AtomicInteger posts = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            posts.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            Path focus = dir.resolve("focus.csv"), forecast = dir.resolve("forecast.csv");
            // the same run without --table list does all three: the test's premise
            TestSupport.Run full = TestSupport.cli("cost-forecast", log.toString(), "--budget", budget.toString(), "--webhook", url,
                    "--focus-csv", focus.toString(), "--fail-on-alert", "-f", "json", "-q");
            assertEquals(4, full.code(), full.err());
            assertEquals(1, posts.get());
            assertTrue(Files.exists(focus));
            Files.delete(focus);
            TestSupport.Run list = TestSupport.cli("cost-forecast", log.toString(), "--budget", budget.toString(), "--webhook", url,
                    "--focus-csv", focus.toString(), "--forecast-csv", forecast.toString(), "--fail-on-alert", "-f", "csv", "--table", "list", "-q");
            assertEquals(0, list.code(), list.err());
            assertTrue(list.out().lines().anyMatch(l -> l.equals("alerts")), list.out());
            assertEquals(1, posts.get(), "no second webhook post");
            assertFalse(Files.exists(focus) || Files.exists(forecast), "no FOCUS or forecast file");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void ingestAnalyzeAndCompressListTheirTablesWithoutWritingAnything() throws IOException {
        Path log = alertingLog();
        Path store = dir.resolve("store"), batch = dir.resolve("batch"), written = dir.resolve("compressed.jsonl");
        TestSupport.Run ingest = TestSupport.cli("ingest", log.toString(), "--store", store.toString(), "--table", "list", "-q");
        assertEquals(0, ingest.code(), ingest.err());
        assertTrue(ingest.out().lines().anyMatch(l -> l.equals("sources")), ingest.out());
        assertFalse(Files.exists(store), "no store created");
        TestSupport.Run analyze = TestSupport.cli("analyze", log.toString(), "--batch-export", batch.toString(), "--table", "list", "-q");
        assertEquals(0, analyze.code(), analyze.err());
        assertFalse(Files.exists(batch), "no batch files");
        TestSupport.Run compress = TestSupport.cli("compress", log.toString(), "--write", written.toString(), "--table", "list", "-q");
        assertEquals(0, compress.code(), compress.err());
        assertFalse(Files.exists(written), "no compressed log");
    }
}
