package io.techopt.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** techopt-spark's exit codes and messages are the CLI's for the same mistakes (cli.md). */
class MainExitCodesTest {
    @TempDir
    Path work;

    private int run(StringWriter err, String... args) {
        return Main.run(new PrintWriter(err, true), args);
    }

    @Test
    void aStoreThatIsAFileIsRefusedWithTheCliMessage() throws Exception {
        Path file = Files.writeString(work.resolve("afile"), "x");
        StringWriter err = new StringWriter();
        int code = run(err, "ingest", "--master", "local[1]", "--store", file.toString(),
                SparkTests.ROOT.resolve("samples/requests.jsonl.gz").toString());
        assertEquals(1, code, err.toString());
        assertTrue(err.toString().contains(file + " is not a directory"), err.toString());
        assertFalse(err.toString().contains("IOException"), "the message alone, as the CLI prints it: " + err);
    }

    @Test
    void aMissingLogIsAnIoErrorWithTheCliMessage() {
        StringWriter err = new StringWriter();
        Path missing = work.resolve("missing.jsonl");
        int code = run(err, "ingest", "--master", "local[1]", "--store", work.resolve("store").toString(), missing.toString());
        assertEquals(1, code, err.toString());
        assertEquals("techopt-spark: no such file or directory: " + missing, err.toString().trim());
    }

    @Test
    void aGlobThatMatchesNothingIsAnIoErrorWithTheCliMessage() {
        StringWriter err = new StringWriter();
        String glob = work.resolve("logs").toString() + "/*.jsonl";
        int code = run(err, "ingest", "--master", "local[1]", "--store", work.resolve("store").toString(), glob);
        assertEquals(1, code, err.toString());
        assertEquals("techopt-spark: no such file or directory: " + glob, err.toString().trim());
    }

    @Test
    void aDirectoryHoldingNoLogFileIsExitThreeNamingWhatWasSkipped() throws Exception {
        Path dir = Files.createDirectories(work.resolve("nolog"));
        Files.writeString(dir.resolve("readme.txt"), "hi");
        StringWriter err = new StringWriter();
        int code = run(err, "ingest", "--master", "local[1]", "--store", work.resolve("store").toString(), dir.toString());
        assertEquals(3, code, err.toString());
        assertTrue(err.toString().startsWith("techopt-spark: no request could be read from non-empty input: directory "
                + dir + " holds no log file: 1 file skipped (readme.txt): a log file's name ends in .jsonl"), err.toString());
        assertFalse(Files.exists(work.resolve("store").resolve("manifest.json")), "no store made from nothing");
    }

    @Test
    void aBadLineUnderStrictIsExitThreeWithTheCliMessageInOneLine() throws Exception {
        Path log = Files.writeString(work.resolve("strict.jsonl"), "{\"request_id\": \"x\n"
                + "{\"request_id\":\"r1\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"model\":\"gpt-4o\","
                + "\"input_tokens\":10,\"output_tokens\":5}\n");
        StringWriter err = new StringWriter();
        int code = run(err, "ingest", "--master", "local[1]", "--strict", "--store", work.resolve("store").toString(),
                log.toString());
        assertEquals(3, code, err.toString());
        assertTrue(err.toString().startsWith("techopt-spark: bad input at " + log + ":1: "), err.toString());
        assertTrue(err.toString().trim().endsWith("(--strict)"), err.toString());
        assertEquals(1, err.toString().trim().lines().count(), err.toString());
    }

    /**
     * Review r21 H1 (Spark): `ingest --store S bad.jsonl --out S/manifest.json` exited 0 with the report as the store's
     * manifest, and every later read of S failed. --out inside the store is refused as the CLI's, exit 2, nothing written.
     */
    @Test
    void outInsideTheStoreIsRefusedAndTheStoreKept() throws Exception {
        Path store = Files.createDirectories(work.resolve("store"));
        Path manifest = Files.writeString(store.resolve("manifest.json"), "{\"format\": \"kept as it was\"}");
        Path log = Files.writeString(work.resolve("a.jsonl"), "{\"request_id\":\"r1\",\"timestamp\":\"2026-01-01T00:00:00Z\","
                + "\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}\n");
        for (Path out : java.util.List.of(manifest, store.resolve("new-report.json"))) {
            StringWriter err = new StringWriter();
            int code = run(err, "ingest", "--master", "local[1]", "--store", store.toString(), "--out", out.toString(), log.toString());
            assertEquals(2, code, err.toString());
            assertTrue(err.toString().contains("is inside the usage store"), err.toString());
            assertEquals("{\"format\": \"kept as it was\"}", Files.readString(manifest));
            assertFalse(Files.exists(store.resolve("new-report.json")));
        }
    }

    @Test
    void outNamingTheLogReadIsRefusedAndTheLogKept() throws Exception {
        Path log = Files.writeString(work.resolve("keep.jsonl"), "{\"request_id\":\"r1\",\"timestamp\":\"2026-01-01T00:00:00Z\","
                + "\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}\n");
        String before = Files.readString(log);
        StringWriter err = new StringWriter();
        int code = run(err, "ingest", "--master", "local[1]", "--store", work.resolve("store").toString(), "--out", log.toString(),
                work.toString());
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("is an input of this run"), err.toString());
        assertEquals(before, Files.readString(log));
        assertFalse(Files.exists(work.resolve("store")), "refused before anything is written");
    }

    @Test
    void outThroughALinkWritesTheLinksTargetAndKeepsTheLink() throws Exception {
        Path log = Files.writeString(work.resolve("a.jsonl"), "{\"request_id\":\"r1\",\"timestamp\":\"2026-01-01T00:00:00Z\","
                + "\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}\n");
        Path target = Files.writeString(work.resolve("tgt.json"), "old");
        Path link = Files.createSymbolicLink(work.resolve("lnk.json"), target.getFileName());
        StringWriter err = new StringWriter();
        int code = run(err, "ingest", "--master", "local[1]", "--store", work.resolve("store").toString(), "--out", link.toString(),
                log.toString());
        assertEquals(0, code, err.toString());
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertTrue(Files.readString(target).contains("\"ingested\""), Files.readString(target));
        // the file written is said, as the CLI says it (review r23s L1)
        assertTrue(err.toString().contains("techopt-spark: wrote " + link + " ("), err.toString());
        try (var files = Files.list(work)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tmp")), "no temporary file left");
        }
    }

    @Test
    void analyzesOptionsTheJobDoesNotTakeAreRefusedByNameBeforeSparkStarts() {
        String store = work.resolve("store").toString();
        for (String[] args : new String[][]{{"--plan"}, {"--semantic-cache", "minilm"}, {"--compare-to"},
                {"--input-format", "csv"}, {"--strict"}}) {
            StringWriter err = new StringWriter();
            java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("analyze", "--master", "local[1]", store));
            all.addAll(java.util.List.of(args));
            int code = run(err, all.toArray(new String[0]));
            assertEquals(2, code, String.join(" ", args) + ": " + err);
            assertTrue(err.toString().startsWith("techopt-spark: " + args[0] + " is not taken by the Spark job"), err.toString());
            assertTrue(err.toString().contains("run techopt analyze --store"), err.toString());
        }
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "analyze", "--master", "local[1]", store, "-f", "table"), err.toString());
        assertTrue(err.toString().contains("techopt render FILE.json -f table"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "analyze", "--master", "local[1]", store, "--store", store), err.toString());
        assertTrue(err.toString().contains("name the store once"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "analyze", "--master", "local[1]", store, "--bogus"), err.toString());
        assertTrue(err.toString().contains("Unknown option: '--bogus'"), err.toString());
    }

    @Test
    void analyzeOfADirectoryWithoutAManifestIsAnIoErrorWithTheCliMessage() throws Exception {
        Path dir = Files.createDirectories(work.resolve("nostore"));
        StringWriter err = new StringWriter();
        int code = run(err, "analyze", "--master", "local[1]", dir.toString());
        assertEquals(1, code, err.toString());
        assertEquals("techopt-spark: " + dir + " is not a techopt store (no manifest.json)", err.toString().trim());
    }

    @Test
    void outOntoThePricesFileEitherJobReadsIsRefusedAndTheCatalogKept() throws Exception {
        Path prices = Files.writeString(work.resolve("prices.yaml"), """
                models:
                  - key: acme-mini
                    provider: vllm
                    prices:
                      - {effective: 2026-01-01, input: 0.1, output: 0.2}
                """);
        String before = Files.readString(prices);
        for (String[] args : new String[][]{{"analyze", work.resolve("store").toString()},
                {"ingest", "--store", work.resolve("store").toString(), SparkTests.ROOT.resolve("samples/requests.jsonl.gz").toString()}}) {
            StringWriter err = new StringWriter();
            java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
            all.addAll(java.util.List.of("--master", "local[1]", "--prices", prices.toString(), "--out", prices.toString()));
            assertEquals(2, run(err, all.toArray(new String[0])), args[0] + ": " + err);
            assertTrue(err.toString().contains("is the --prices file"), err.toString());
            assertEquals(before, Files.readString(prices), args[0] + " kept the catalog");
        }
        assertFalse(Files.exists(work.resolve("store")), "refused before anything is written");
    }
    /**
     * A bad value is refused in one line before Spark starts: the master named here is one Spark cannot parse, so a
     * run that reached Spark would fail with Spark's message instead (review r23s L2, L3).
     */
    @Test
    void analyzesBadValuesAreRefusedInOneLineBeforeSparkStarts() throws Exception {
        Path store = Files.createDirectories(work.resolve("notastore"));
        String[][] cases = {
                {"-g", "bogus"}, {"--since", "garbage"}, {"--top", "-1"}, {"--since", "2026-11-02", "--until", "2026-11-01"},
                {"--cache-ttl", "bogus"}};
        Files.writeString(store.resolve("manifest.json"), "{}");
        for (String[] c : cases) {
            StringWriter err = new StringWriter();
            java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("analyze", "--master", "nosuchmaster://x", store.toString()));
            all.addAll(java.util.List.of(c));
            int code = run(err, all.toArray(new String[0]));
            String[] lines = err.toString().trim().split("\n");
            assertEquals(2, code, String.join(" ", c) + ": " + err);
            assertTrue(lines[0].startsWith("techopt-spark: "), err.toString());
            assertFalse(err.toString().contains("Master URL"), "refused before Spark starts: " + err);
            assertTrue(lines.length <= 2, "one line and the pointer to --help, not the whole usage: " + err);
        }
        Path empty = Files.createDirectories(work.resolve("empty"));
        StringWriter err = new StringWriter();
        assertEquals(1, run(err, "analyze", "--master", "nosuchmaster://x", empty.toString()), err.toString());
        assertEquals("techopt-spark: " + empty + " is not a techopt store (no manifest.json)", err.toString().trim());
    }
}
