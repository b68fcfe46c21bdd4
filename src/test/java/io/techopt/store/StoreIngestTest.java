package io.techopt.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.core.Redactor;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.Pricer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** techopt ingest into a real DuckDB/Parquet store: its figures against analyze on the raw logs, idempotency, privacy. */
class StoreIngestTest {
    static final Path SAMPLE = Path.of("samples/requests.jsonl.gz");

    @TempDir
    Path tmp;

    static UsageStore.Totals totals(Path store) throws IOException {
        try (DuckDbUsageStore s = DuckDbUsageStore.open(store)) {
            return s.totals(Long.MIN_VALUE, Long.MAX_VALUE);
        }
    }

    /** The stored totals equal analyze's figures on the raw logs: requests, errors, tokens by kind, cost. */
    static void assertSameAsAnalyze(UsageStore.Totals t, String... logs) {
        List<String> args = new ArrayList<>(List.of("analyze", "-f", "json", "-q"));
        args.addAll(List.of(logs));
        JsonNode a = TestSupport.cli(args.toArray(String[]::new)).json();
        assertEquals(a.get("requests").asLong(), t.requests(), "requests");
        assertEquals(a.get("errors").asLong(), t.errors(), "errors");
        JsonNode tok = a.get("tokens");
        assertEquals(tok.get("input").asLong(), t.inputTokens(), "input tokens");
        assertEquals(tok.get("output").asLong(), t.outputTokens(), "output tokens");
        assertEquals(tok.get("cache_read").asLong(), t.cacheReadTokens(), "cache read tokens");
        assertEquals(tok.get("cache_write").asLong(), t.cacheWriteTokens(), "cache write tokens");
        assertEquals(tok.get("reasoning").asLong(), t.reasoningTokens(), "reasoning tokens");
        assertEquals(a.get("cost_usd").asDouble(), t.costUsd(), "cost, summed in the order analyze sums it");
    }

    static TestSupport.Run ingest(String... args) {
        List<String> all = new ArrayList<>(List.of("ingest", "-f", "json", "-q"));
        all.addAll(List.of(args));
        return TestSupport.cli(all.toArray(String[]::new));
    }

    @Test
    void theBundledSampleIngestedHoldsAnalyzesFiguresInOneParquetDirectoryADay() throws Exception {
        Path store = tmp.resolve("store");
        TestSupport.Run run = ingest(SAMPLE.toString(), "--store", store.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode r = run.json();
        assertEquals(1, r.get("ingested").asInt());
        assertEquals(3015, r.at("/sources/0/rows_added").asLong(), "every line is kept; reading counts each id once");
        assertEquals(3000, r.at("/store_totals/requests").asLong());
        UsageStore.Totals t = totals(store);
        assertSameAsAnalyze(t, SAMPLE.toString());
        assertEquals(30, t.days());
        TreeSet<String> days = new TreeSet<>();
        try (Stream<Path> s = Files.list(store)) {
            s.filter(Files::isDirectory).forEach(p -> days.add(p.getFileName().toString()));
        }
        assertEquals(30, days.stream().filter(d -> d.matches("day=2026-10-\\d\\d")).count(), days.toString());
        // any Parquet reader takes the store as it is: DuckDB's own glob over the day directories
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT day), min(day)::VARCHAR FROM read_parquet('"
                     + store + "/day=*/*.parquet', hive_partitioning = true)")) {
            rs.next();
            assertEquals(3015, rs.getLong(1));
            assertEquals(30, rs.getLong(2));
            assertEquals("2026-10-01", rs.getString(3));
        }
    }

    @Test
    void theStoredColumnsAreExactlyTheDocumentedSchema() throws Exception {
        Path log = TestSupport.write(tmp, "a.jsonl", StoreLogs.log(0, 30, 0));
        Path store = tmp.resolve("store");
        assertEquals(0, ingest(log.toString(), "--store", store.toString()).code());
        List<String> columns = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + store + "/day=*/*.parquet', hive_partitioning = true)")) {
            while (rs.next()) {
                columns.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        List<String> expected = StoreSchema.COLUMNS.stream().filter(col -> !col.name().equals("day"))
                .map(col -> col.name() + " " + col.type()).toList();
        assertEquals(expected, columns.subList(0, columns.size() - 1), "file columns");
        assertEquals("day DATE", columns.get(columns.size() - 1), "the partition column, from the directory name");
        String doc = Files.readString(Path.of("docs/store.md"));
        for (StoreSchema.Column col : StoreSchema.COLUMNS) {
            assertTrue(doc.contains("| `" + col.name() + "` | " + col.type() + " |"), "docs/store.md documents " + col.name());
        }
    }

    @Test
    void theSameLogTwiceEvenUnderAnotherNameIsSkippedAndCountedOnce() throws Exception {
        String text = StoreLogs.log(0, 60, 0);
        Path a = TestSupport.write(tmp, "a.jsonl", text);
        Path copy = TestSupport.write(tmp, "copy-of-a.jsonl", text);
        Path store = tmp.resolve("store");
        assertEquals(0, ingest(a.toString(), "--store", store.toString()).code());
        UsageStore.Totals once = totals(store);
        TestSupport.Run again = ingest(a.toString(), copy.toString(), "--store", store.toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(0, again.json().get("ingested").asInt());
        assertEquals(2, again.json().get("skipped").asInt());
        assertEquals("skipped", again.json().at("/sources/1/status").asText());
        assertEquals(1, again.json().at("/sources/1/seq").asInt(), "names the source it repeats");
        assertEquals(once, totals(store));
        try (DuckDbUsageStore s = DuckDbUsageStore.open(store)) {
            assertEquals(1, s.sources().size());
        }
        assertSameAsAnalyze(once, a.toString());
    }

    /**
     * Review rev24 HIGH-2: a log ingested, then ingested again after lines were appended to it (an hourly job on today's
     * log): its rows without a request id were stored twice (70 requests where the log holds 50). The grown log now
     * replaces the source it began with, in the same commit, and the earlier copy's files leave the store (a reader of
     * its Parquet files counts each row once); a gzip log grown by a member, and a log with ids, too.
     */
    @Test
    void aLogThatGrewSinceItWasIngestedReplacesItsEarlierCopy() throws Exception {
        List<String> lines = StoreLogs.log(0, 50, 0).lines().map(l -> l.replaceFirst("\"request_id\": *\"[^\"]*\", *", ""))
                .toList();
        assertFalse(lines.get(0).contains("request_id"), lines.get(0));
        Path log = tmp.resolve("today.jsonl");
        Files.writeString(log, String.join("\n", lines.subList(0, 20)) + "\n");
        Path store = tmp.resolve("store");
        assertEquals(0, ingest(log.toString(), "--store", store.toString()).code());
        assertEquals(20, totals(store).requests());
        Files.writeString(log, String.join("\n", lines.subList(20, 50)) + "\n", java.nio.file.StandardOpenOption.APPEND);
        DuckDbUsageStore reader = DuckDbUsageStore.open(store); // a command reading the store meanwhile
        TestSupport.Run grown = TestSupport.cli("ingest", "-f", "json", "--store", store.toString(), log.toString());
        assertEquals(0, grown.code(), grown.err());
        // the reader finds the replaced source's files gone: told the store changed, not to restore a file or rebuild a
        // whole store (review adv25 MED-2)
        try (reader) {
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> reader.totals(Long.MIN_VALUE, Long.MAX_VALUE));
            assertTrue(e.getMessage().contains("the store changed while this command read it: an ingest committed meanwhile "
                    + "and replaced the source of s000001-"), e.getMessage());
            assertTrue(e.getMessage().endsWith("the store is whole: run the command again"), e.getMessage());
        }
        assertTrue(grown.err().contains("today.jsonl begins with the whole content of source 1"), grown.err());
        assertTrue(grown.json().get("notes").toString().contains("it replaces that source as source 2"), grown.json().toString());
        UsageStore.Totals t = totals(store);
        assertEquals(50, t.requests(), "each row of the grown log once");
        assertSameAsAnalyze(t, log.toString());
        try (DuckDbUsageStore s = DuckDbUsageStore.open(store)) {
            assertEquals(List.of(2), s.sources().stream().map(StoreManifest.Source::seq).toList());
        }
        assertEquals(50, parquetRows(store), "the replaced source's files are gone");

        // a gzip log grown by a second member; a log with request ids (the same figures either way)
        Path gz = tmp.resolve("today.jsonl.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write((String.join("\n", lines.subList(0, 30)) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Path gzStore = tmp.resolve("gz-store");
        assertEquals(0, ingest(gz.toString(), "--store", gzStore.toString()).code());
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz, java.nio.file.StandardOpenOption.APPEND))) {
            out.write((String.join("\n", lines.subList(30, 50)) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals(0, ingest(gz.toString(), "--store", gzStore.toString()).code());
        assertEquals(50, totals(gzStore).requests());
        assertEquals(50, parquetRows(gzStore));

        // the log recompressed whole (not a byte prefix): both stay, and a warning says what counts twice (review
        // rev24b HIGH-2); the plain log rotated into gzip likewise
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz), 1 << 16)) {
            out.write((String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        TestSupport.Run recompressed = ingest(gz.toString(), "--store", gzStore.toString());
        assertEquals(0, recompressed.code(), recompressed.err());
        assertTrue(recompressed.json().get("warnings").toString().contains("today.jsonl.gz has the name of source 2"),
                recompressed.json().toString());
        assertTrue(recompressed.err().contains("warning: " + gz + " has the name of source 2"), recompressed.err()); // adv25 LOW-5
        TestSupport.Run plainThenGzip = ingest(tmp.resolve("today.jsonl.gz").toString(), "--store", store.toString());
        assertTrue(plainThenGzip.json().get("warnings").toString().contains("has the name of source 2 ("),
                plainThenGzip.json().toString());

        // the same log written another way (review adv25 MED-1: a relative name, then cron's absolute one, was not warned)
        assertTrue(IngestReport.sameLog("w2/a.jsonl", "/tmp/adv25/w2/a.jsonl.gz"));
        assertTrue(IngestReport.sameLog("./w2/a.jsonl.gz", "w2/a.jsonl"));
        assertTrue(IngestReport.sameLog("/srv/logs/../logs/a.jsonl", "/srv/logs/a.jsonl.GZ"));
        assertFalse(IngestReport.sameLog("logs/12-01/app.jsonl", "logs/12-02/app.jsonl"));
        assertFalse(IngestReport.sameLog("/a/app.jsonl", "/b/app.jsonl"));
        assertFalse(IngestReport.sameLog("a/app.jsonl", "b/xapp.jsonl"));

        Path withIds = TestSupport.write(tmp, "ids.jsonl", StoreLogs.log(0, 30, 0));
        Path idStore = tmp.resolve("id-store");
        assertEquals(0, ingest(withIds.toString(), "--store", idStore.toString()).code());
        Files.writeString(withIds, StoreLogs.log(30, 60, 0), java.nio.file.StandardOpenOption.APPEND);
        assertEquals(0, ingest(withIds.toString(), "--store", idStore.toString()).code());
        assertSameAsAnalyze(totals(idStore), withIds.toString());
        assertEquals(60, parquetRows(idStore));
    }

    /**
     * A log's copies of a request id are counted in passes by hash when its ids outgrow DuckDB's memory (a raw 10M-request
     * log through a temporary store ran out of 256MB in one count(DISTINCT)): here 700 ids a pass, so the sample's
     * 3,015 rows take five; the count is analyze's, and a single pass's.
     */
    @Test
    void aLogsRepeatedIdsCountedInPassesAreAnalyzesCount() throws Exception {
        long analyzed = TestSupport.cli("analyze", "-q", "-f", "json", SAMPLE.toString()).json().get("duplicate_request_ids").asLong();
        assertTrue(analyzed > 0, "the sample repeats ids (retries): " + analyzed);
        System.setProperty("techopt.repeatedIdsPerPass", "700");
        try {
            TestSupport.Run run = ingest(SAMPLE.toString(), "--store", tmp.resolve("store").toString());
            assertEquals(0, run.code(), run.err());
            assertEquals(analyzed, run.json().at("/ingest/duplicate_request_ids").asLong(), run.json().toString());
        } finally {
            System.clearProperty("techopt.repeatedIdsPerPass");
        }
        assertEquals(analyzed, ingest(SAMPLE.toString(), "--store", tmp.resolve("one-pass").toString()).json()
                .at("/ingest/duplicate_request_ids").asLong());
    }

    /** Rows in every Parquet file under the store, as a tool reading the directory sees them. */
    private static long parquetRows(Path store) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + store.toString().replace("'", "''")
                     + "/day=*/*.parquet')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void overlappingLogsCountEachRequestIdOnceWithItsLastCopyAsAnalyzeDoes() throws Exception {
        // ids 40..59 are in both logs with different tokens: the second log's copies win
        Path a = TestSupport.write(tmp, "a.jsonl", StoreLogs.log(0, 60, 0));
        Path b = TestSupport.write(tmp, "b.jsonl", StoreLogs.log(40, 100, 1000));
        Path store = tmp.resolve("store");
        assertEquals(0, ingest(a.toString(), "--store", store.toString()).code());
        assertEquals(0, ingest(b.toString(), "--store", store.toString()).code());
        UsageStore.Totals t = totals(store);
        assertEquals(100, t.requests());
        assertSameAsAnalyze(t, a.toString(), b.toString());
        // one run of both: the same store
        Path together = tmp.resolve("together");
        assertEquals(0, ingest(a.toString(), b.toString(), "--store", together.toString()).code());
        assertEquals(t, totals(together));
    }

    @Test
    void aWindowReadsOnlyItsDaysAndCountsTheLastCopyWithinIt() throws Exception {
        Path a = TestSupport.write(tmp, "a.jsonl", StoreLogs.log(0, 90, 0));
        Path store = tmp.resolve("store");
        assertEquals(0, ingest(a.toString(), "--store", store.toString()).code());
        long since = io.techopt.ingest.Timestamps.parse("2026-10-02"), until = io.techopt.ingest.Timestamps.parse("2026-10-03");
        try (DuckDbUsageStore s = DuckDbUsageStore.open(store)) {
            assertEquals(1, s.files(since, until).size(), "one day's partition");
            UsageStore.Totals day = s.totals(since, until);
            JsonNode an = TestSupport.cli("analyze", "-f", "json", "-q", a.toString(), "--since", "2026-10-02", "--until", "2026-10-03").json();
            assertEquals(an.get("requests").asLong(), day.requests());
            assertEquals(an.get("cost_usd").asDouble(), day.costUsd(), 1e-9);
            assertEquals(1, day.days());
        }
    }

    @Test
    void promptAndAnswerTextAreStoredOnlyWithKeepTextAndNoTextColumnHoldsASecret() throws Exception {
        Path a = TestSupport.write(tmp, "a.jsonl", StoreLogs.log(0, 40, 0));
        Path plain = tmp.resolve("plain"), kept = tmp.resolve("kept");
        assertEquals(0, ingest(a.toString(), "--store", plain.toString()).code());
        assertEquals(0, ingest(a.toString(), "--store", kept.toString(), "--keep-text").code());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(messages), count(response), count(prompt_key), count(system_prefix_key) "
                    + "FROM read_parquet('" + plain + "/day=*/*.parquet')")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "no prompt text by default");
                assertEquals(0, rs.getLong(2), "no answer text by default");
                assertEquals(40, rs.getLong(3), "the prompt keys are there");
                assertEquals(40, rs.getLong(4), "and the system prefix keys");
            }
            try (ResultSet rs = st.executeQuery("SELECT messages, response FROM read_parquet('" + kept + "/day=*/*.parquet') "
                    + "ORDER BY ord LIMIT 1")) {
                rs.next();
                assertTrue(rs.getString(1).startsWith("[{\"role\":\"system\",\"content\":\"You answer   briefly.\"}"), rs.getString(1));
                assertEquals("Answer 0", rs.getString(2));
            }
            for (Path store : List.of(plain, kept)) {
                List<String> text = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT concat_ws(' | ', request_id, model, provider, user_id, team, session_id, "
                        + "task_type, error_text, catalog_key, experiment, variant, messages, response) FROM read_parquet('"
                        + store + "/day=*/*.parquet')")) {
                    while (rs.next()) {
                        text.add(rs.getString(1));
                    }
                }
                String all = String.join("\n", text);
                assertFalse(all.contains(StoreLogs.API_KEY), "an API key reached the store");
                assertFalse(all.contains(StoreLogs.EMAIL), "an e-mail address reached the store");
                assertFalse(Redactor.containsSecret(all), "a secret reached the store");
                assertTrue(all.contains("upstream refused key " + Redactor.MASK), "the error text is kept, redacted");
            }
            // users stay apart: e-mails become stable pseudonyms
            try (ResultSet rs = st.executeQuery("SELECT count(DISTINCT user_id) FROM read_parquet('" + plain + "/day=*/*.parquet')")) {
                rs.next();
                assertEquals(4, rs.getLong(1));
            }
        }
        String manifest = Files.readString(plain.resolve(StoreManifest.FILE));
        assertFalse(manifest.contains(StoreLogs.API_KEY));
    }

    @Test
    void aDirectoryThatIsNotAStoreIsNeverWrittenInto() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("photos"));
        TestSupport.write(dir, "holiday.jpg", "not a store");
        Path a = TestSupport.write(tmp, "a.jsonl", StoreLogs.log(0, 5, 0));
        TestSupport.Run run = ingest(a.toString(), "--store", dir.toString());
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("holds files but no store manifest"), run.err());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("holiday.jpg"), s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList());
        }
    }

    @Test
    void standardInputAndAWindowAreUsageErrors() throws Exception {
        Path a = TestSupport.write(tmp, "a.jsonl", StoreLogs.log(0, 5, 0));
        TestSupport.Run stdin = ingest("-", "--store", tmp.resolve("s").toString());
        assertEquals(2, stdin.code(), stdin.err());
        assertTrue(stdin.err().contains("not standard input"), stdin.err());
        TestSupport.Run window = ingest(a.toString(), "--since", "2026-10-02", "--store", tmp.resolve("s").toString());
        assertEquals(2, window.code(), window.err());
        assertTrue(window.err().contains("--since/--until select requests when a store is read"), window.err());
    }

    /**
     * Review r21 L4: `ingest S --store S2` (and `--store S` itself) read S's manifest.json as a log: exit 3, "missing
     * required field 'timestamp'". A store given where ingest wants logs is a usage error naming what to do, exit 2, and
     * neither store is touched.
     */
    @Test
    void aStoreGivenAsALogToIngestIsAUsageError() throws Exception {
        Path a = TestSupport.write(tmp, "a.jsonl", StoreLogs.log(0, 5, 0));
        Path store = tmp.resolve("store");
        assertEquals(0, ingest(a.toString(), "--store", store.toString()).code());
        String manifest = Files.readString(store.resolve(StoreManifest.FILE));
        for (Path into : List.of(tmp.resolve("other"), store)) {
            TestSupport.Run run = ingest(store.toString(), "--store", into.toString());
            assertEquals(2, run.code(), into + ": " + run.err());
            assertTrue(run.err().contains("is a usage store: ingest reads logs"), run.err());
            assertEquals(manifest, Files.readString(store.resolve(StoreManifest.FILE)));
        }
        assertFalse(Files.exists(tmp.resolve("other")), "no store made for nothing");
    }

    /**
     * Review r21 L8: `ingest --help` offered --since/--until, which ingest refuses, and described --store as a store to
     * read. Its help shows ingest's own options and its own --store; the refusal of a window still explains itself.
     */
    @Test
    void ingestsHelpOffersOnlyWhatIngestDoes() {
        TestSupport.Run help = TestSupport.cli("ingest", "--help");
        assertEquals(0, help.code(), help.err());
        assertFalse(help.out().contains("--since") || help.out().contains("--until"), help.out());
        assertFalse(help.out().contains("instead of logs"), help.out());
        assertTrue(help.out().contains("--store=DIR"), help.out());
        // nor standard input, which ingest refuses (a store skips a log it holds by its content)
        assertFalse(help.out().contains("stdin") || help.out().contains("standard input"), help.out());
        assertTrue(help.out().contains("[FILE...]") && help.out().contains("directories (every log file inside)"), help.out());
        TestSupport.Run analyzeHelp = TestSupport.cli("analyze", "--help");
        assertTrue(analyzeHelp.out().contains("--since") && analyzeHelp.out().contains("instead of logs"), "other commands keep them");
        assertTrue(analyzeHelp.out().matches("(?s).*- for\\s+stdin.*"), analyzeHelp.out());
    }

    @Test
    void aSecondWriterIsRefusedWhileTheFirstHoldsTheStore() throws Exception {
        Path store = tmp.resolve("store");
        Pricer pricer = new Pricer(PriceBook.builtin(), null);
        try (DuckDbUsageStore first = DuckDbUsageStore.forIngest(store, pricer, false)) {
            assertNotNull(first);
            IOException e = assertThrows(IOException.class, () -> DuckDbUsageStore.forIngest(store, pricer, false));
            assertTrue(e.getMessage().contains("being written by another ingest"), e.getMessage());
        }
        DuckDbUsageStore.forIngest(store, pricer, false).close(); // released with the first
    }

    /**
     * r25s L5: ingest into a read-only store said only "techopt: DIR/.lock" (the AccessDeniedException's path). Root
     * writes through permission bits, so the denials Java gives for EACCES and EROFS are also mapped directly.
     */
    @Test
    void aReadOnlyStoreIsRefusedSayingItIsNotWritableAndWhatToDo() throws Exception {
        Path store = tmp.resolve("store");
        Path lock = store.resolve(".lock");
        List<IOException> refusals = new ArrayList<>(List.of(
                DuckDbUsageStore.notWritable(store, new java.nio.file.AccessDeniedException(lock.toString())),
                DuckDbUsageStore.notWritable(store, new java.nio.file.FileSystemException(lock.toString(), null, "Read-only file system"))));
        Pricer pricer = new Pricer(PriceBook.builtin(), null);
        DuckDbUsageStore.forIngest(store, pricer, false).close();
        Files.delete(lock);
        store.toFile().setWritable(false, false);
        try {
            if (!Files.isWritable(store)) { // not root: the real denial
                refusals.add(assertThrows(IOException.class, () -> DuckDbUsageStore.forIngest(store, pricer, false)));
            }
        } finally {
            store.toFile().setWritable(true, false);
        }
        for (IOException e : refusals) {
            assertTrue(e.getMessage().startsWith("the store " + store + " is not writable ("), e.getMessage());
            assertTrue(e.getMessage().contains("make it writable, or ingest into another store"), e.getMessage());
        }
        assertTrue(refusals.get(1).getMessage().contains("Read-only file system"), refusals.get(1).getMessage());
    }

    /**
     * r26s L8: the table gave the store's Requests 3,000 beside the sample's requests_added 3,015 and said nothing of
     * why: the 15 repeated request ids are stored (every copy) and counted once by every reader.
     */
    @Test
    void ingestSaysWhatItsRequestsAndTheLogsRequestsAddedCount() throws Exception {
        Path store = tmp.resolve("store");
        TestSupport.Run run = TestSupport.cli("ingest", "-q", "-f", "table", SAMPLE.toString(), "--store", store.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().matches("(?s).*Requests \\(each request id once\\) +3,000\n.*"), run.out());
        String note = "15 stored rows repeat a request id read before (a request logged twice, or logs that overlap): the "
                + "store keeps every copy, and rows_added and requests_added count them; Requests and store_totals count "
                + "each request id once, its last copy, as every command reading the store does";
        assertTrue(run.out().replaceAll("\\s+", " ").contains(note), run.out());
        TestSupport.Run json = ingest(SAMPLE.toString(), "--store", tmp.resolve("again").toString());
        assertTrue(json.json().path("notes").toString().contains(note), json.out());
    }

    /**
     * r26s M2: a store that cannot be written but has its .lock (every store after its first ingest) said only
     * ".../.tmp: Operation not permitted", and refused even a log it already holds, which needs no write. Root can write
     * any directory but an immutable one ({@code chattr +i}), so that is the store that cannot be written here.
     */
    @Test
    void aStoreThatCannotBeWrittenButHasItsLockSaysSoAndSkipsALogItHolds() throws Exception {
        Path a = TestSupport.write(tmp, "a.jsonl", StoreLogs.log(0, 30, 0));
        Path b = TestSupport.write(tmp, "b.jsonl", StoreLogs.log(30, 40, 0));
        Path store = tmp.resolve("store");
        assertEquals(0, ingest(a.toString(), "--store", store.toString()).code());
        assertTrue(Files.exists(store.resolve(".lock")));
        // a kernel capability (CAP_LINUX_IMMUTABLE), not a package bin/test can install: where a container withholds
        // it the test says so and skips, under CI too
        TestSupport.needs(chattr("+i", store) && !canCreate(store.resolve("probe")),
                "chattr +i (an immutable directory: a store that even root cannot write; needs CAP_LINUX_IMMUTABLE)", false);
        try {
            TestSupport.Run again = ingest(a.toString(), "--store", store.toString());
            assertEquals(0, again.code(), "a log the store holds is skipped, nothing written: " + again.err());
            assertEquals("skipped", again.json().path("sources").get(0).path("status").asText(), again.out());
            TestSupport.Run other = ingest(b.toString(), "--store", store.toString());
            assertEquals(1, other.code(), other.err());
            assertTrue(other.err().startsWith("techopt: the store " + store + " is not writable (Operation not permitted): "),
                    other.err());
            assertTrue(other.err().contains("make it writable, or ingest into another store"), other.err());
        } finally {
            chattr("-i", store);
        }
    }

    private static boolean chattr(String flag, Path dir) throws Exception {
        try {
            return new ProcessBuilder("chattr", flag, dir.toString()).redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false; // no chattr
        }
    }

    private static boolean canCreate(Path p) {
        try {
            Files.createDirectory(p);
            Files.delete(p);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void whatAKilledIngestLeftIsNotPartOfTheStoreAndTheNextIngestRemovesIt() throws Exception {
        Path a = TestSupport.write(tmp, "a.jsonl", StoreLogs.log(0, 30, 0));
        Path store = tmp.resolve("store");
        assertEquals(0, ingest(a.toString(), "--store", store.toString()).code());
        UsageStore.Totals before = totals(store);
        // what an ingest killed between its renames and its commit leaves: files no manifest lists, a temporary directory
        Path stray = store.resolve("day=2026-10-01/s000002-deadbeef-0.parquet");
        Files.copy(Files.list(store.resolve("day=2026-10-01")).findFirst().orElseThrow(), stray);
        Files.createDirectories(store.resolve(".tmp/s000002-deadbeef/day=2026-10-02"));
        Files.writeString(store.resolve("manifest.json.tmp"), "{half");
        assertEquals(before, totals(store), "a reader counts only what the manifest lists");
        Path b = TestSupport.write(tmp, "b.jsonl", StoreLogs.log(30, 40, 0));
        assertEquals(0, ingest(b.toString(), "--store", store.toString()).code());
        assertFalse(Files.exists(stray));
        assertFalse(Files.exists(store.resolve(".tmp")));
        assertFalse(Files.exists(store.resolve("manifest.json.tmp")));
        assertEquals(40, totals(store).requests());
    }

    @Test
    void aManifestListingAFileOutsideTheStoreIsRefused() throws Exception {
        Path store = Files.createDirectories(tmp.resolve("store"));
        Files.writeString(store.resolve(StoreManifest.FILE), "{\"format\":\"techopt usage store\",\"version\":1,\"sources\":[{\"seq\":1,"
                + "\"name\":\"x\",\"fingerprint\":\"sha256:00\",\"files\":[\"day=2026-10-01/../../../etc/passwd\"]}]}");
        IOException e = assertThrows(IOException.class, () -> DuckDbUsageStore.open(store));
        assertTrue(e.getMessage().contains("not a day partition's Parquet file of the store"), e.getMessage());
    }

    @Test
    void aStoreWhosePathHoldsAQuoteIsWrittenAndRead() throws Exception {
        Path a = TestSupport.write(tmp, "a.jsonl", StoreLogs.log(0, 20, 0));
        Path store = tmp.resolve("it's a store");
        TestSupport.Run run = ingest(a.toString(), "--store", store.toString());
        assertEquals(0, run.code(), run.err());
        assertSameAsAnalyze(totals(store), a.toString());
    }

    @Test
    void aDamagedManifestIsAClearErrorNotAnEmptyStore() throws Exception {
        Path store = Files.createDirectories(tmp.resolve("store"));
        Files.writeString(store.resolve(StoreManifest.FILE), "{\"format\":\"something else\",\"version\":1,\"sources\":[]}");
        IOException e = assertThrows(IOException.class, () -> DuckDbUsageStore.open(store));
        assertTrue(e.getMessage().contains("is not a techopt store manifest"), e.getMessage());
        Path a = TestSupport.write(tmp, "a.jsonl", StoreLogs.log(0, 5, 0));
        TestSupport.Run run = ingest(a.toString(), "--store", store.toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains("is not a techopt store manifest"), run.err());
    }

    /** Review rev21 LOW-9: a cut-short manifest gave Jackson's text; a missing store "no manifest.json". */
    @Test
    void aCutShortManifestAndAMissingStoreAreSaidInPlainWords() throws Exception {
        Path store = Files.createDirectories(tmp.resolve("store"));
        Files.writeString(store.resolve(StoreManifest.FILE), "{\"sources\": [");
        TestSupport.Run run = TestSupport.cli("analyze", "-q", "--store", store.toString());
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("is not a techopt store manifest: it is cut short (it ends at line 1, column 14"), run.err());
        assertFalse(run.err().contains("marker") || run.err().contains("StreamReadFeature"), run.err());
        Files.writeString(store.resolve(StoreManifest.FILE), "{\"sources\": [}");
        run = TestSupport.cli("analyze", "-q", "--store", store.toString());
        assertTrue(run.err().contains("not valid JSON at line 1, column 14"), run.err());
        Files.writeString(store.resolve(StoreManifest.FILE), "{\"format\": \"techopt usage store\", \"version\": \"one\", \"sources\": []}");
        run = TestSupport.cli("analyze", "-q", "--store", store.toString());
        assertTrue(run.err().contains("a value of the wrong kind at line 1"), run.err());
        run = TestSupport.cli("analyze", "-q", "--store", tmp.resolve("nowhere").toString());
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("no such store: " + tmp.resolve("nowhere") + " does not exist"), run.err());
    }
}
