package io.techopt.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;

/**
 * The long fuzz run (bench/fuzz.sh): at least {@code args[0]} lines (default 1,000,000) of mutated logs in every
 * input format. Every file goes through analyze and analyze --strict; every {@code args[1]}-th file (default 10)
 * through every command that reads logs. Prints lines, crashes, hangs, count mismatches, absurd figures, strict
 * failures; exits 1 when any is non-zero.
 */
public final class IngestFuzzBench {
    private IngestFuzzBench() {
    }

    public static void main(String[] args) throws Exception {
        long target = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        int everyCommand = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 18L;
        int perFile = 5000;
        ExecutorService pool = LogFuzzer.pool();
        Path dir = Files.createTempDirectory("techopt-fuzz-bench");
        long lines = 0, files = 0, crashes = 0, hangs = 0, mismatches = 0, absurd = 0, strict = 0;
        long started = System.nanoTime();
        LogFuzzer.Format[] formats = LogFuzzer.Format.values();
        try {
            while (lines < target) {
                LogFuzzer.Format f = formats[(int) (files % formats.length)];
                byte[] log = new LogFuzzer(seed * 1_000_003L + files, 2 << 20).log(f, perFile);
                Path p = dir.resolve(f == LogFuzzer.Format.CSV ? "fuzz.csv" : "fuzz.jsonl");
                Files.write(p, log);
                List<List<String>> cmds = files % everyCommand == 0 ? LogFuzzer.COMMANDS : List.of(List.of("analyze"));
                LogFuzzer.Findings r = LogFuzzer.check(p, f, cmds, pool, 120);
                lines += r.lines;
                files++;
                crashes += r.crashes.size();
                hangs += r.hangs.size();
                mismatches += r.mismatches.size();
                absurd += r.absurd.size();
                strict += r.strict.size();
                if (!r.clean()) {
                    Path keep = dir.resolveSibling("techopt-fuzz-failure-" + files + (f == LogFuzzer.Format.CSV ? ".csv" : ".jsonl"));
                    Files.copy(p, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    System.out.println("file " + files + " (" + f + ", kept as " + keep + "): " + r);
                }
                if (files % 10 == 0) {
                    System.out.printf(Locale.ROOT, "... %,d lines in %,d files, %.0f s%n", lines, files, (System.nanoTime() - started) / 1e9);
                }
            }
        } finally {
            Files.deleteIfExists(dir.resolve("fuzz.csv"));
            Files.deleteIfExists(dir.resolve("fuzz.jsonl"));
            Files.deleteIfExists(dir);
        }
        double s = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "fuzz: %,d mutated-log lines (about half mutated) in %,d files, %d formats, %.0f s%n",
                lines, files, formats.length, s);
        System.out.printf(Locale.ROOT, "crashes %d, hangs %d, count mismatches %d, absurd figures %d, strict failures %d%n",
                crashes, hangs, mismatches, absurd, strict);
        System.out.println("(no peer tool fuzzes LLM log ingest, so there is no peer figure to print beside ours)");
        System.exit(crashes + hangs + mismatches + absurd + strict == 0 ? 0 : 1);
    }
}
