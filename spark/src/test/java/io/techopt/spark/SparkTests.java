package io.techopt.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What the Spark module's tests share: a small local session, the CLI run as a user runs it, stores read by DuckDB. */
final class SparkTests {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = Path.of(System.getProperty("techopt.root", "..")).toAbsolutePath().normalize();
    static final Path CLI_JAR = ROOT.resolve("target/techopt.jar");

    private SparkTests() {
    }

    /** The real data beside the checkout (../shared from the root; -Dtechopt.shared=DIR), as the root's tests find it. */
    static final Path SHARED = Path.of(System.getProperty("techopt.shared", "../../shared")).toAbsolutePath().normalize();

    /** Whether the build runs under CI: CI set to anything but empty, "false" or "0" (as the root's TestSupport). */
    static boolean underCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
    }

    /**
     * A path in the shared data for a check that needs it: missing, the check is skipped on a developer's machine
     * saying what it needs, and fails saying so under CI (a broken checkout must not pass).
     */
    static Path shared(String relative) {
        Path p = SHARED.resolve(relative);
        if (!Files.exists(p)) {
            String why = "needs ../shared/" + relative + " (the real data beside the checkout, or -Dtechopt.shared=DIR): "
                    + p + " not found";
            if (underCi()) {
                throw new AssertionError(why + "; under CI a test that needs it fails instead of skipping");
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(false, why);
        }
        return p;
    }

    /**
     * Two cores, no UI, few shuffle partitions: the machine is shared. One session for every class of the JVM (its start
     * is seconds): classes do not stop it; Spark's shutdown hook does, and Main's own stop only makes the next call start
     * another.
     */
    static SparkSession session() {
        return SparkSession.builder().appName("techopt-spark tests").master("local[2]")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
    }

    /** Runs the CLI's jar (bin/test builds it before this module) and returns its standard output; exit code 0 expected. */
    static String cli(Path work, String... args) throws IOException, InterruptedException {
        return cliWithStderr(work, args)[0];
    }

    /** {@link #cli}: its standard output and its standard error. */
    static String[] cliWithStderr(Path work, String... args) throws IOException, InterruptedException {
        if (!Files.isRegularFile(CLI_JAR)) {
            fail("the CLI's jar " + CLI_JAR + " is not built: run `mvn -DskipTests package` in the root first");
        }
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", CLI_JAR.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(work, "cli", ".out");
        Path err = Files.createTempFile(work, "cli", ".err");
        Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int code = p.waitFor();
        assertEquals(0, code, () -> "techopt " + String.join(" ", args) + " exited " + code + ": " + read(err));
        return new String[]{Files.readString(out), Files.readString(err)};
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The store's schema as DuckDB reads its Parquet files (the day from the directory). */
    static List<String> schema(Path store) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + parquet(store))) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return out;
    }

    /** Every stored row, in ingest order (seq, ord), each column as DuckDB reads it. */
    static List<List<Object>> rows(Path store) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + parquet(store) + " ORDER BY seq, ord")) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    row.add(v == null ? null : v instanceof Double ? v : String.valueOf(v));
                }
                out.add(row);
            }
        }
        return out;
    }

    private static String parquet(Path store) {
        return "read_parquet('" + store.toString().replace("'", "''") + "/day=*/*.parquet', hive_partitioning = true)";
    }

    /**
     * Asserts two JSON documents equal: integers and strings exactly, other numbers to 1e-9 relative; paths matching
     * {@code ignored} (JSON pointers, {@code *} for any index) are not compared.
     */
    static void assertJsonEquals(JsonNode expected, JsonNode actual, Set<String> ignored) {
        List<String> diffs = new ArrayList<>();
        compare("", expected, actual, ignored.stream().map(s -> Pattern.compile(s.replace("*", "[^/]+"))).toList(), diffs);
        assertTrue(diffs.isEmpty(), () -> diffs.size() + " differences, first: " + diffs.subList(0, Math.min(10, diffs.size())));
    }

    private static void compare(String at, JsonNode e, JsonNode a, List<Pattern> ignored, List<String> diffs) {
        if (ignored.stream().anyMatch(p -> p.matcher(at).matches())) {
            return;
        }
        if (e == null || a == null || e.getNodeType() != a.getNodeType()) {
            diffs.add(at + ": " + e + " vs " + a);
            return;
        }
        if (e.isObject()) {
            if (!fieldNames(e).equals(fieldNames(a))) {
                diffs.add(at + ": keys " + fieldNames(e) + " vs " + fieldNames(a));
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                compare(at + "/" + f.getKey(), f.getValue(), a.get(f.getKey()), ignored, diffs);
            }
        } else if (e.isArray()) {
            if (e.size() != a.size()) {
                diffs.add(at + ": " + e.size() + " items vs " + a.size());
                return;
            }
            for (int i = 0; i < e.size(); i++) {
                compare(at + "/" + i, e.get(i), a.get(i), ignored, diffs);
            }
        } else if (e.isNumber() && !(e.isIntegralNumber() && a.isIntegralNumber())) {
            double x = e.asDouble(), y = a.asDouble();
            if (Math.abs(x - y) > 1e-9 * Math.max(Math.abs(x), Math.abs(y))) {
                diffs.add(at + ": " + x + " vs " + y);
            }
        } else if (!e.equals(a)) {
            diffs.add(at + ": " + e + " vs " + a);
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
