package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A LiteLLM proxy's spend logs read where the proxy keeps them: the real PostgreSQL server bin/test starts
 * (TECHOPT_TEST_PG_URL, PGPASSWORD), its table made by LiteLLM's definition, loaded with the spend-log row of
 * ../shared/data/litellm-logs and generated rows of the same shape. Read from the database they cost exactly what
 * the same rows cost read from a file; a server that cannot be reached or refuses the password says so, exit 1,
 * and no password is printed anywhere.
 */
class LiteLlmSpendLogsInPostgresTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-sonnet-4-20250514", "claude-haiku-4-5-20251001"};
    private static String url;
    private static String schema;

    @TempDir
    Path tmp;

    @BeforeAll
    static void server() {
        url = System.getenv("TECHOPT_TEST_PG_URL");
        TestSupport.needs(url != null && !url.isBlank(), "needs TECHOPT_TEST_PG_URL and PGPASSWORD (bin/test starts a "
                + "PostgreSQL server for this test)");
        schema = "t" + Long.toHexString(System.nanoTime());
    }

    private static Connection connect() throws SQLException {
        URI u = URI.create(url);
        String user = u.getUserInfo() == null ? System.getProperty("user.name") : u.getUserInfo().split(":")[0];
        return DriverManager.getConnection("jdbc:postgresql://" + u.getHost() + ":" + u.getPort() + u.getPath(), user,
                System.getenv("PGPASSWORD"));
    }

    /** A schema of this test's own with LiteLLM's table, loaded with {@code rows} (spend-log objects as LiteLLM writes them). */
    private static String load(String name, List<ObjectNode> rows) throws Exception {
        String ddl = new String(LiteLlmSpendLogsInPostgresTest.class.getResourceAsStream("/postgres/litellm_spendlogs.sql").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        String s = schema + name;
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + s);
            st.execute("SET search_path TO " + s);
            st.execute(ddl);
        }
        insert(s, rows);
        return s;
    }

    /** Inserts {@code rows} into the table of schema {@code s}, as the proxy does. */
    private static void insert(String s, List<ObjectNode> rows) throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + s);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO \"LiteLLM_SpendLogs\" SELECT * FROM "
                    + "jsonb_populate_record(NULL::\"LiteLLM_SpendLogs\", ?::jsonb)")) {
                for (ObjectNode r : rows) {
                    ins.setString(1, asStored(r).toString());
                    ins.addBatch();
                }
                ins.executeBatch();
            }
        }
    }

    /** In the table, LiteLLM's JSON columns hold JSON; its Pub/Sub and file exports write metadata as a string of it. */
    private static ObjectNode asStored(ObjectNode row) throws IOException {
        ObjectNode r = row.deepCopy();
        for (String col : List.of("metadata", "messages", "response", "proxy_server_request", "request_tags")) {
            if (r.get(col) != null && r.get(col).isTextual()) {
                r.set(col, JSON.readTree(r.get(col).asText()));
            }
        }
        return r;
    }

    private static ObjectNode sharedRow() throws IOException {
        return (ObjectNode) JSON.readTree(Files.readString(TestSupport.shared("data/litellm-logs/gcs_pub_sub_body/spend_logs_payload.json")));
    }

    /** Rows of the shared row's shape over three weeks: several models and teams, cached tokens, failures, e-mail users. */
    private static List<ObjectNode> generated(ObjectNode template, int n) throws IOException {
        Random rnd = new Random(7);
        List<ObjectNode> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectNode r = template.deepCopy();
            String model = MODELS[rnd.nextInt(MODELS.length)];
            int prompt = 50 + rnd.nextInt(4000);
            int completion = 10 + rnd.nextInt(800);
            int cached = rnd.nextInt(4) == 0 ? rnd.nextInt(prompt) : 0;
            long start = java.time.Instant.parse("2026-10-01T00:00:00Z").toEpochMilli() + (long) i * 21 * 86_400_000L / n
                    + rnd.nextInt(1000);
            String ts = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(java.time.ZoneOffset.UTC)
                    .format(java.time.Instant.ofEpochMilli(start));
            String end = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(java.time.ZoneOffset.UTC)
                    .format(java.time.Instant.ofEpochMilli(start + 300 + rnd.nextInt(9000)));
            r.put("request_id", String.format(Locale.ROOT, "chatcmpl-%08d", i));
            r.put("model", model);
            r.put("custom_llm_provider", model.startsWith("claude") ? "anthropic" : "openai");
            r.put("startTime", ts);
            r.put("endTime", end);
            r.put("completionStartTime", end);
            r.put("prompt_tokens", prompt);
            r.put("completion_tokens", completion);
            r.put("total_tokens", prompt + completion);
            r.put("user", "user" + rnd.nextInt(9) + "@example.com");
            r.put("team_id", "team-" + (char) ('a' + rnd.nextInt(3)));
            r.put("api_key", "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b");
            r.put("status", rnd.nextInt(40) == 0 ? "failure" : "success");
            r.put("spend", 0.0); // a cost the proxy did not compute: techopt prices the tokens
            ObjectNode usage = JSON.createObjectNode();
            usage.put("prompt_tokens", prompt);
            usage.put("completion_tokens", completion);
            usage.put("total_tokens", prompt + completion);
            if (cached > 0) {
                usage.putObject("prompt_tokens_details").put("cached_tokens", cached);
            }
            ObjectNode meta = JSON.createObjectNode();
            meta.set("usage_object", usage);
            r.put("metadata", meta.toString());
            rows.add(r);
        }
        return rows;
    }

    private Path asFile(List<ObjectNode> rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (ObjectNode r : rows) {
            sb.append(r.toString()).append('\n');
        }
        return TestSupport.write(tmp, "spend_logs.jsonl", sb.toString());
    }

    private static String inSchema(String s) {
        return url + "?options=" + "-c%20search_path%3D" + s;
    }

    @Test
    void spendLogRowsReadFromPostgresCostExactlyWhatTheSameRowsCostFromAFile() throws Exception {
        ObjectNode shared = sharedRow();
        List<ObjectNode> rows = new ArrayList<>(generated(shared, 2_500)); // 3 cursor pages of 1,000
        ObjectNode asInTheTable = shared.deepCopy(); // the table keeps milliseconds (timestamp(3)): 46.851954 is 46.852
        asInTheTable.put("startTime", "2025-01-24 09:20:46.847");
        asInTheTable.put("endTime", "2025-01-24 09:20:46.852");
        asInTheTable.put("completionStartTime", "2025-01-24 09:20:46.852");
        rows.add(asInTheTable);
        String s = load("a", rows);
        TestSupport.Run db = TestSupport.cli("analyze", "-q", "-f", "json", "--group-by", "team", inSchema(s));
        assertEquals(0, db.code(), db.err());
        TestSupport.Run file = TestSupport.cli("analyze", "-q", "-f", "json", "--group-by", "team", asFile(rows).toString());
        assertEquals(0, file.code(), file.err());
        JsonNode a = db.json(), b = file.json();
        assertEquals(2_501, a.get("requests").asLong());
        assertEquals(0, a.get("bad_lines").asLong());
        for (String key : List.of("requests", "errors", "cost_usd", "tokens", "by_model", "latency_ms", "period", "billing", "groups")) {
            assertEquals(b.get(key), a.get(key), key + " differs between the database and the file");
        }
        assertTrue(a.get("cost_usd").asDouble() > 1, a.get("cost_usd").toString());
        assertTrue(a.get("tokens").get("cache_read").asLong() > 0, "cached tokens read from metadata.usage_object");
        String all = db.out() + db.err();
        assertFalse(all.contains("@example.com"), "e-mail addresses are pseudonymized: " + all);
        assertFalse(db.err().contains("without a UTC offset"), "the table's UTC times are read as UTC without a warning: " + db.err());
    }

    /** Review r14: LiteLLM's own DATABASE_URL (Prisma's) carries ?schema= and pool settings: they were usage errors. */
    @Test
    void theSharedSpendLogRowCostsWhatLiteLlmLoggedFromTheDatabaseToo() throws Exception {
        String s = load("b", List.of(sharedRow()));
        TestSupport.Run run = TestSupport.cli("analyze", "-q", "-f", "json", url + "?schema=" + s + "&connection_limit=5&pool_timeout=10");
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(1, j.get("requests").asLong());
        assertEquals(0.000225, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals(0.000225, j.get("billing").get("logged_cost_usd").asDouble(), 1e-12);
        assertEquals("2025-01-24T09:20:46.847Z", j.get("period").get("first").asText());
    }

    @Test
    void ingestFromPostgresStoresTheRowsOnceAndTheStoreAnswersAsTheDatabaseDoes() throws Exception {
        List<ObjectNode> rows = generated(sharedRow(), 1_200);
        String s = load("c", rows);
        Path store = tmp.resolve("store");
        TestSupport.Run first = TestSupport.cli("ingest", "-q", "-f", "json", "--store", store.toString(), inSchema(s));
        assertEquals(0, first.code(), first.err());
        TestSupport.Run again = TestSupport.cli("ingest", "-f", "json", "--store", store.toString(), inSchema(s));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("already in the store"), "the same rows again are skipped: " + again.err());
        JsonNode fromDb = TestSupport.cli("analyze", "-q", "-f", "json", inSchema(s)).json();
        JsonNode fromStore = TestSupport.cli("analyze", "-q", "-f", "json", "--store", store.toString()).json();
        assertEquals(1_200, fromStore.get("requests").asLong());
        for (String key : List.of("requests", "errors", "cost_usd", "tokens", "by_model", "latency_ms", "period")) {
            TestSupport.assertSameFigures(fromDb.get(key), fromStore.get(key), key); // DuckDB adds in another order
        }
        String manifest = Files.readString(store.resolve("manifest.json"));
        assertFalse(manifest.contains(System.getenv("PGPASSWORD")), "no password in the store's manifest");
        assertTrue(manifest.contains("postgresql://"), manifest);
    }

    @Test
    void reIngestingATableThatGainedRowsAppendsOnlyTheNewRows() throws Exception {
        // review r14 #8: a nightly ingest of the proxy's table stored every row again whenever one was added
        List<ObjectNode> rows = generated(sharedRow(), 1_210);
        String s = load("g", rows.subList(0, 1_200));
        Path store = tmp.resolve("store");
        TestSupport.Run first = TestSupport.cli("ingest", "-q", "-f", "json", "--store", store.toString(), inSchema(s));
        assertEquals(0, first.code(), first.err());
        long bytes = first.json().at("/store_totals/bytes").asLong();
        insert(s, rows.subList(1_200, 1_210));
        TestSupport.Run again = TestSupport.cli("ingest", "-q", "-f", "json", "--store", store.toString(), inSchema(s));
        assertEquals(0, again.code(), again.err());
        JsonNode source = again.json().at("/sources/0");
        assertEquals("ingested", source.get("status").asText(), source.toString());
        assertEquals(10, source.get("rows_added").asLong(), "only the rows the store lacks: " + source);
        assertEquals(10, source.get("requests_added").asLong(), source.toString());
        assertEquals(1_210, again.json().at("/store_totals/rows").asLong());
        assertTrue(again.json().at("/store_totals/bytes").asLong() < bytes * 3 / 2, "not the table again: " + again.json().get("store_totals"));
        JsonNode fromDb = TestSupport.cli("analyze", "-q", "-f", "json", inSchema(s)).json();
        JsonNode fromStore = TestSupport.cli("analyze", "-q", "-f", "json", "--store", store.toString()).json();
        for (String key : List.of("requests", "errors", "cost_usd", "tokens", "by_model", "period", "duplicate_request_ids")) {
            TestSupport.assertSameFigures(fromDb.get(key), fromStore.get(key), key); // DuckDB adds in another order
        }
        assertEquals(fromDb.get("ingest").get("lines_read"), fromStore.get("ingest").get("lines_read"), "each row read once");
    }

    @Test
    void anUnreachableServerIsARuntimeFailureThatNamesItWithoutThePassword() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String secret = "s3cr3t-Pa55word";
        for (String command : List.of("analyze", "budget", "compress", "cache-warm", "route-sim", "cost-forecast")) {
            // compress took the URL for a prompt file's path: "no such file or directory: postgresql:/127.0.0.1..."
            TestSupport.Run run = TestSupport.cli(command, "-f", "json", "postgresql://techopt:" + secret + "@127.0.0.1:" + closed + "/techopt");
            assertEquals(1, run.code(), command + ": " + run.err());
            assertTrue(run.err().contains("could not connect to postgresql://127.0.0.1:" + closed + "/techopt"), command + ": " + run.err());
            assertTrue(run.err().contains("is the server running"), run.err());
            assertFalse((run.out() + run.err()).contains(secret), run.err());
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndNeverPrinted() {
        URI u = URI.create(url);
        String secret = "wrong-" + Long.toHexString(new Random().nextLong());
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json",
                "postgresql://" + u.getUserInfo() + ":" + secret + "@" + u.getHost() + ":" + u.getPort() + u.getPath());
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("password authentication failed"), run.err());
        assertTrue(run.err().contains("PGPASSWORD"), "says where the password comes from: " + run.err());
        assertFalse((run.out() + run.err()).contains(secret), run.err());
        assertEquals("", run.out(), "no report when nothing could be read");
    }

    /** Review r14 #7: a password pasted unencoded ('@', ':', '/', '#', '%') was printed, all but its first characters. */
    @Test
    void aPasswordPastedWithoutEncodingIsNeverPrintedInAnyPart() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String secret = "Pw@x:y/z%41#q%zz";
        for (String u : List.of("postgresql://proxy:" + secret + "@127.0.0.1:" + closed + "/litellm",
                "postgresql://proxy:" + secret + "@127.0.0.1:" + closed, "postgres://proxy:" + secret + "@/litellm")) {
            TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", u);
            assertTrue(run.code() == 1 || run.code() == 2, u + ": " + run.err());
            String all = run.out() + run.err();
            for (String part : List.of("x:y", "y/z", "z%41", "41#q", "#q", "%zz", "Pw@")) {
                assertFalse(all.contains(part), u + " printed '" + part + "': " + all);
            }
        }
    }

    @Test
    void aDatabaseWithoutTheTableSaysWhichTableItLookedFor() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema + "empty");
        }
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", inSchema(schema + "empty"));
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("LiteLLM_SpendLogs"), run.err());
    }

    @Test
    void urlsThatNameNoDatabaseOrAnUnknownParameterAreUsageErrors() {
        TestSupport.Run noDb = TestSupport.cli("analyze", "postgresql://techopt:pw123456@127.0.0.1:5432");
        assertEquals(2, noDb.code(), noDb.err());
        assertFalse(noDb.err().contains("pw123456"), noDb.err());
        TestSupport.Run unknown = TestSupport.cli("analyze", "postgresql://127.0.0.1/db?password=pw123456");
        assertEquals(2, unknown.code(), unknown.err());
        assertFalse(unknown.err().contains("pw123456"), unknown.err());
    }
}
