package io.techopt.cli;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r13 #13: `analyze log.jsonl --out log.jsonl` (or cost-forecast's --focus-csv pointing at the log) replaced the
 * log with the report, exit 0: a typo destroyed the data being analysed. A file this run writes that is one of its
 * inputs (by name, through a directory, or through a link) is a usage error, exit 2, and the log is left as it was.
 */
class AnOutputNeverOverwritesTheInputLogTest {
    @TempDir
    Path tmp;

    @Test
    void everyOptionThatWritesAFileRefusesAnInputLog() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("logs"));
        Path log = TestSupport.write(dir, "a.jsonl", TestSupport.GOOD_LINE + "\n");
        Path link = Files.createSymbolicLink(tmp.resolve("link.jsonl"), log);
        String before = Files.readString(log);
        List<List<String>> runs = List.of(
                List.of("analyze", log.toString(), "--out", log.toString()),
                List.of("analyze", dir.toString(), "--out", log.toString()),
                List.of("analyze", log.toString(), "--out", link.toString()),
                List.of("budget", log.toString(), "-o", log.toString()),
                List.of("cost-forecast", log.toString(), "--focus-csv", log.toString()),
                List.of("cost-forecast", log.toString(), "--forecast-csv", log.toString()),
                List.of("compress", log.toString(), "--write", log.toString()),
                List.of("cache-warm", log.toString(), "--l1-snapshot", log.toString(), "--min-count", "1"),
                // ingest reads its logs outside read(): its report replaced the log (review r20s F3, exit 0)
                List.of("ingest", log.toString(), "--store", tmp.resolve("store").toString(), "-f", "json", "--out", log.toString()));
        for (List<String> args : runs) {
            TestSupport.Run run = TestSupport.cli(args.toArray(new String[0]));
            assertEquals(2, run.code(), args + ": " + run.err());
            String option = args.get(Math.max(args.lastIndexOf(log.toString()), args.lastIndexOf(link.toString())) - 1);
            option = option.equals("-o") ? "--out" : option;
            assertTrue(run.err().contains(option + " ") && (run.err().contains("is an input of this run")
                    || run.err().contains("is the log being read")), args + ": " + run.err());
            assertEquals(before, Files.readString(log), args + ": the log is untouched");
        }
        // a new file beside the log is fine
        assertEquals(0, TestSupport.cli("analyze", "-q", log.toString(), "--out", tmp.resolve("report.json").toString()).code());
    }

    /**
     * Review r21 H1: an output onto a usage store's own files (its manifest.json, a stored Parquet file) was accepted,
     * exit 0, and the store was unreadable after. A store is an input: whatever lies under its directory is refused, exit
     * 2, before anything is read or written, whether the store is read (--store S, or S as the FILE) or ingested into.
     */
    @Test
    void anOutputInsideAUsageStoreIsRefusedAndTheStoreKeepsWorking() throws IOException {
        Path log = TestSupport.write(tmp, "a.jsonl", TestSupport.GOOD_LINE + "\n");
        Path store = tmp.resolve("store");
        assertEquals(0, TestSupport.cli("ingest", "-q", log.toString(), "--store", store.toString(), "--keep-text").code());
        Path manifest = store.resolve("manifest.json");
        Path parquet;
        try (var files = Files.walk(store)) {
            parquet = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        String manifestBefore = Files.readString(manifest);
        byte[] parquetBefore = Files.readAllBytes(parquet);
        List<List<String>> runs = List.of(
                List.of("analyze", "--store", store.toString(), "--out", manifest.toString()),
                List.of("analyze", store.toString(), "--out", manifest.toString()),
                List.of("analyze", "--store", store.toString(), "--out", parquet.toString()),
                List.of("analyze", "--store", store.toString(), "--out", store.resolve("new-report.json").toString()),
                List.of("cost-forecast", "--store", store.toString(), "--focus-csv", manifest.toString()),
                List.of("ingest", log.toString(), "--store", store.toString(), "-f", "json", "--out", manifest.toString()),
                List.of("analyze", "--store", store.toString(), "-o", tmp.resolve("r.json").toString(), "--batch-export", store.toString()),
                // every other option that writes (review r21 H1's remainder: --index wrote its directory into the store)
                List.of("cache-warm", "--store", store.toString(), "--l1-snapshot", manifest.toString()),
                List.of("cache-warm", store.toString(), "--l1-snapshot", store.resolve("l1.jsonl").toString()),
                List.of("cache-warm", "--store", store.toString(), "--index", tmp.resolve("idx").toString(), "--checkpoint", manifest.toString()),
                List.of("cache-warm", "--store", store.toString(), "--index", store.resolve("idx").toString()),
                List.of("compress", "--store", store.toString(), "--write", manifest.toString()));
        for (List<String> args : runs) {
            TestSupport.Run run = TestSupport.cli(args.toArray(new String[0]));
            assertEquals(2, run.code(), args + ": " + run.err());
            assertTrue(run.err().contains("inside the usage store"), args + ": " + run.err());
            assertTrue(Files.notExists(store.resolve("idx")) && Files.notExists(store.resolve("l1.jsonl")), args + ": nothing new in the store");
            assertEquals(manifestBefore, Files.readString(manifest), args + ": the manifest is untouched");
            assertTrue(java.util.Arrays.equals(parquetBefore, Files.readAllBytes(parquet)), args + ": the stored file is untouched");
        }
        assertEquals(0, TestSupport.cli("analyze", "-q", "--store", store.toString()).code(), "the store still reads");
    }

    /**
     * Review r21 M2: --batch-export into the directory the logs are read from wrote a manifest.json there, and the next
     * `analyze DIR` took the log directory for a store (exit 1); --batch-export onto --out's target wrote the batch
     * files and then failed, exit 1. Both are usage errors before anything is written.
     */
    @Test
    void aBatchExportIntoTheLogsDirectoryOrOntoTheReportIsRefused() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("logs"));
        Path log = TestSupport.write(dir, "a.jsonl", TestSupport.GOOD_LINE + "\n");
        Path out = tmp.resolve("x.d");
        List<List<String>> runs = List.of(
                List.of("analyze", dir.toString(), "-o", tmp.resolve("r1.json").toString(), "--batch-export", dir.toString()),
                List.of("analyze", log.toString(), "-o", tmp.resolve("r2.json").toString(), "--batch-export", dir.toString()),
                List.of("analyze", log.toString(), "-o", out.toString(), "--batch-export", out.toString()));
        for (List<String> args : runs) {
            TestSupport.Run run = TestSupport.cli(args.toArray(new String[0]));
            assertEquals(2, run.code(), args + ": " + run.err());
            assertTrue(run.err().contains("--batch-export"), args + ": " + run.err());
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(log), files.toList(), "nothing written beside the log");
        }
        assertTrue(Files.notExists(out), "nothing written at the shared target");
        assertEquals(0, TestSupport.cli("analyze", "-q", dir.toString()).code(), "the log directory still reads as logs");
    }

    /**
     * Review r21 L1: `analyze L.jsonl -f json >> L.jsonl` appended the report to the log it read, exit 0 (400 -> 806
     * lines, the next run had bad lines), while `--out /dev/stdout >> L.jsonl` was refused. The report on standard
     * output is a write to the file stdout is redirected to: exit 2, the log as it was; another file is fine.
     */
    @Test
    void theReportOnStandardOutputRedirectedIntoTheLogIsRefused() throws Exception {
        Path log = TestSupport.write(tmp, "a.jsonl", TestSupport.GOOD_LINE + "\n");
        String before = Files.readString(log);
        Path err = tmp.resolve("err.txt");
        Process appended = child(ProcessBuilder.Redirect.appendTo(log.toFile()), err, "analyze", log.toString(), "-f", "json");
        assertEquals(2, appended.waitFor(), Files.readString(err));
        assertTrue(Files.readString(err).contains("standard output"), Files.readString(err));
        assertEquals(before, Files.readString(log), "the log is untouched");

        Path report = tmp.resolve("report.json");
        Process elsewhere = child(ProcessBuilder.Redirect.to(report.toFile()), err, "analyze", log.toString(), "-f", "json");
        assertEquals(0, elsewhere.waitFor(), Files.readString(err));
        assertTrue(Files.readString(report).contains("\"requests\""));
    }

    /** techopt in its own JVM, its standard output sent where a shell's redirection would send it. */
    private static Process child(ProcessBuilder.Redirect stdout, Path err, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.techopt.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(stdout).redirectError(err.toFile()).start();
    }

    /**
     * Review r22 H1: `render an.json -f html -o an.json` (also through a link, or with stdout redirected there) replaced
     * the report it read, exit 0; so did --out onto the --prices, --budget or --pairs file a run reads. Each is exit 2
     * before anything is read or written, the file as it was.
     */
    @Test
    void anOutputOntoAnyFileTheRunReadsIsRefused() throws Exception {
        Path log = TestSupport.write(tmp, "a.jsonl", TestSupport.GOOD_LINE + "\n");
        Path report = tmp.resolve("an.json");
        assertEquals(0, TestSupport.cli("analyze", "-q", log.toString(), "-f", "json", "--out", report.toString()).code());
        Path link = Files.createSymbolicLink(tmp.resolve("an-link.json"), report);
        Path prices = TestSupport.write(tmp, "prices.json",
                "{\"gpt-4o-mini\": {\"input_cost_per_token\": 1.5e-7, \"output_cost_per_token\": 6e-7, \"litellm_provider\": \"openai\"}}\n");
        Path pairs = TestSupport.write(tmp, "pairs.json", "[{\"text_a\": \"How do I reset a password?\", \"text_b\": "
                + "\"How can I reset my password?\", \"label\": 1}]\n");
        Path budget = TestSupport.write(tmp, "b.yaml", "total: 20\n");
        java.util.Map<Path, String> before = new java.util.HashMap<>();
        for (Path p : List.of(report, prices, pairs, budget)) {
            before.put(p, Files.readString(p));
        }
        List<List<String>> runs = List.of(
                List.of("render", report.toString(), "-f", "html", "-o", report.toString()),
                List.of("render", report.toString(), "-f", "markdown", "-o", link.toString()),
                List.of("analyze", log.toString(), "--prices", prices.toString(), "-o", prices.toString()),
                List.of("cost-forecast", log.toString(), "--budget", budget.toString(), "--forecast-csv", budget.toString()),
                List.of("cache-warm", "simulate", "--pairs", pairs.toString(), "--embedder", "hash", "-o", pairs.toString()),
                List.of("cache-warm", "calibrate", "--pairs", pairs.toString(), "--embedder", "hash", "-o", pairs.toString()));
        for (List<String> args : runs) {
            TestSupport.Run run = TestSupport.cli(args.toArray(new String[0]));
            assertEquals(2, run.code(), args + ": " + run.err());
            assertTrue(run.err().contains("which this run reads"), args + ": " + run.err());
            for (Path p : before.keySet()) {
                assertEquals(before.get(p), Files.readString(p), args + ": " + p + " untouched");
            }
        }
        Path err = tmp.resolve("render-err.txt");
        Process appended = child(ProcessBuilder.Redirect.appendTo(report.toFile()), err, "render", report.toString(), "-f", "html");
        assertEquals(2, appended.waitFor(), Files.readString(err));
        assertEquals(before.get(report), Files.readString(report), "the report is untouched");
        assertEquals(0, TestSupport.cli("render", "-q", report.toString(), "-f", "markdown", "-o", tmp.resolve("an.md").toString()).code());
    }
}
