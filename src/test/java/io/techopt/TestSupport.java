package io.techopt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.techopt.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Paths to the shared real data, and a way to run the CLI in-process. */
public final class TestSupport {
    public static final ObjectMapper JSON = new ObjectMapper();
    /** One valid canonical record. */
    public static final String GOOD_LINE = "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\","
            + "\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}";

    private TestSupport() {
    }

    /**
     * A path in the shared real data beside the checkout (../shared, or -Dtechopt.shared=DIR). Missing, the test is
     * skipped on a developer's machine, and fails under CI (CI=true): a broken checkout must not pass.
     */
    public static Path shared(String relative) {
        return shared(sharedRoot(), relative, underCi());
    }

    /** Where the shared data is looked for, whether or not it is there (to mask its path in an output). */
    public static Path sharedRoot() {
        return Path.of(System.getProperty("techopt.shared", "../shared"));
    }

    /** Runs {@code r} with the shared data looked for at {@code root} (as -Dtechopt.shared=root would), then restores it. */
    public static void withSharedRoot(Path root, Runnable r) {
        String before = System.getProperty("techopt.shared");
        System.setProperty("techopt.shared", root.toString());
        try {
            r.run();
        } finally {
            if (before == null) {
                System.clearProperty("techopt.shared");
            } else {
                System.setProperty("techopt.shared", before);
            }
        }
    }

    static Path shared(Path root, String relative, boolean ci) {
        Path p = root.resolve(relative);
        if (!Files.exists(p)) {
            needs(false, "shared data not found at " + p.toAbsolutePath() + " (the real data beside the checkout: "
                    + "../shared, or -Dtechopt.shared=DIR)", ci);
        }
        return p;
    }

    /**
     * What a test needs from outside (the shared data, a server, a program): missing, the test is skipped on a
     * developer's machine with {@code why} printed, and fails under CI, where bin/test provides it all.
     */
    public static void needs(boolean available, String why) {
        needs(available, why, underCi());
    }

    public static void needs(boolean available, String why, boolean ci) {
        if (available) {
            return;
        }
        if (ci) {
            throw new AssertionError(why + "; under CI a test that needs it fails instead of skipping");
        }
        System.out.println("SKIPPED: " + why);
        assumeTrue(false, why);
    }

    /** Whether the build runs under CI: CI set to anything but empty, "false" or "0" (GitHub Actions sets "true"). */
    public static boolean underCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
    }

    /** Result of one CLI run: exit code, stdout, stderr. */
    public record Run(int code, String out, String err) {
        public JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON:\n" + out + "\nstderr:\n" + err, e);
            }
        }
    }

    public static Run cli(String... args) {
        var cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * Every table a {@code -f csv} run can write (those {@code --table list} names, each its own csv), joined by a line
     * feed: for checks that must hold in all of them (no secret, no formula). With {@code --out}/{@code -o} in
     * {@code args} each table is read from that file.
     */
    public static String everyCsvTable(String... args) {
        return cliWithEveryCsvTable(args).out();
    }

    /**
     * {@link #cli} for every format but csv; for csv ({@code -f csv}/{@code --format csv}) one run, then every table of
     * its report written as {@code --table NAME} would ({@link io.techopt.cli.CsvTablesOfOneRun}): the tables (or what
     * each left in the --out file) joined, the run's stderr and exit code. Lets a check made "in every format" still
     * see every table of csv, which writes one a run.
     */
    public static Run cliWithEveryCsvTable(String... args) {
        boolean csv = false;
        for (int i = 0; i + 1 < args.length; i++) {
            csv |= (args[i].equals("-f") || args[i].equals("--format")) && args[i + 1].equals("csv");
        }
        if (!csv) {
            return cli(args);
        }
        io.techopt.cli.CsvTablesOfOneRun.Tables tables = io.techopt.cli.CsvTablesOfOneRun.of(args);
        StringBuilder all = new StringBuilder();
        tables.csv().values().forEach(t -> all.append(t).append('\n'));
        return new Run(tables.run().code(), all.toString(), tables.run().err());
    }

    /** A store in {@code work}/store of {@code requests} generated requests over 4 days (seed 3), ingested as a user would. */
    public static Path generatedStore(Path work, int requests) {
        return generatedStore(work, requests, 4);
    }

    /** {@code requests} generated over {@code days} days into work/generated.jsonl, ingested into work/store. */
    public static Path generatedStore(Path work, int requests, int days) {
        Path log = work.resolve("generated.jsonl"), store = work.resolve("store");
        Run generate = cli("samples", "generate", "--requests", String.valueOf(requests), "--seed", "3", "--days",
                String.valueOf(days), "-o", log.toString());
        if (generate.code() != 0) {
            throw new AssertionError("samples generate: exit " + generate.code() + "\n" + generate.err());
        }
        Run ingest = cli("ingest", "-q", "-f", "json", "--store", store.toString(), log.toString());
        if (ingest.code() != 0) {
            throw new AssertionError("ingest: exit " + ingest.code() + "\n" + ingest.err());
        }
        return store;
    }

    public static Path write(Path dir, String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    /** Captures System.out for code that prints there directly. */
    public static String captureStdout(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
    /**
     * The same JSON up to the last digits of its non-integral numbers: keys in the same order, words, booleans and
     * integers exactly, other numbers to 1e-9 relative. For analyze on a store, whose figures DuckDB adds up in another
     * order than the log's read (docs/store.md).
     */
    public static void assertSameFigures(JsonNode expected, JsonNode actual, String what) {
        java.util.List<String> diffs = new java.util.ArrayList<>();
        compare("", expected, actual, diffs);
        if (!diffs.isEmpty()) {
            throw new AssertionError(what + ": " + diffs.size() + " differences, first: "
                    + diffs.subList(0, Math.min(10, diffs.size())));
        }
    }

    private static void compare(String at, JsonNode e, JsonNode a, java.util.List<String> diffs) {
        if (e == null || a == null || e.getNodeType() != a.getNodeType()) {
            diffs.add(at + ": " + e + " vs " + a);
        } else if (e.isObject()) {
            java.util.List<String> ek = new java.util.ArrayList<>(), ak = new java.util.ArrayList<>();
            e.fieldNames().forEachRemaining(ek::add);
            a.fieldNames().forEachRemaining(ak::add);
            if (!ek.equals(ak)) {
                diffs.add(at + ": keys " + ek + " vs " + ak);
                return;
            }
            for (String k : ek) {
                compare(at + "/" + k, e.get(k), a.get(k), diffs);
            }
        } else if (e.isArray()) {
            if (e.size() != a.size()) {
                diffs.add(at + ": " + e.size() + " items vs " + a.size());
                return;
            }
            for (int i = 0; i < e.size(); i++) {
                compare(at + "/" + i, e.get(i), a.get(i), diffs);
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
}
