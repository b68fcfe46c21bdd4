package io.techopt.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The long fuzz run (bench/fuzz.sh): at least {@code args[0]} lines (default 1,000,000) of mutated logs in every
 * input format and every shape (file, gzip, pretty-printed document, directory of several files, stdin). Every log
 * goes through analyze and analyze --strict; every {@code args[1]}-th (default 10) through every command that reads
 * logs. {@code args[2]} is the seed (default 18), {@code args[3]} the share of lines mutated (default 0.5). Prints lines, files, crashes, hangs, count mismatches, absurd figures, strict failures; exits 1 when any is
 * non-zero. Failing inputs are kept beside the temp directory.
 */
public final class IngestFuzzBench {
    private IngestFuzzBench() {
    }

    /** The log run number {@code logs} (from 0; printed as logs + 1) of a run with this seed, about half mutated. */
    static LogFuzzer.Generated generate(long seed, long logs) {
        return generate(seed, logs, 0.5);
    }

    /** The same, with {@code share} of the lines that may be mutated mutated. */
    static LogFuzzer.Generated generate(long seed, long logs, double share) {
        LogFuzzer.Format[] formats = LogFuzzer.Format.values();
        LogFuzzer.Shape[] shapes = LogFuzzer.Shape.values();
        LogFuzzer.Format f = formats[(int) (logs % formats.length)];
        LogFuzzer.Shape shape = shapes[(int) ((logs / formats.length) % shapes.length)];
        LogFuzzer gen = new LogFuzzer(seed * 1_000_003L + logs, 2 << 20, share);
        int perLog = logs % 4 == 0 ? 5000 : 70 + (int) (logs % 400); // big files, and many small ones
        return gen.generate(f, shape, perLog);
    }

    public static void main(String[] args) throws Exception {
        long target = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        int everyCommand = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 18L;
        double share = args.length > 3 ? Double.parseDouble(args[3]) : 0.5;
        ExecutorService pool = LogFuzzer.pool();
        Path base = Files.createTempDirectory("techopt-fuzz-bench");
        long lines = 0, mutated = 0, logs = 0, files = 0, crashes = 0, hangs = 0, mismatches = 0, absurd = 0, strict = 0;
        Map<LogFuzzer.Shape, Long> byShape = new EnumMap<>(LogFuzzer.Shape.class);
        long started = System.nanoTime();
        LogFuzzer.Format[] formats = LogFuzzer.Format.values();
        try {
            while (lines < target) {
                LogFuzzer.Generated g = generate(seed, logs, share);
                LogFuzzer.Format f = g.format();
                Path dir = base.resolve("log");
                List<List<String>> cmds = logs % everyCommand == 0 ? LogFuzzer.COMMANDS : List.of(List.of("analyze"));
                LogFuzzer.Findings r = LogFuzzer.check(g, dir, cmds, pool, 120);
                lines += r.lines;
                mutated += g.mutated();
                logs++;
                files += g.parts().size();
                byShape.merge(g.shape(), r.lines, Long::sum);
                crashes += r.crashes.size();
                hangs += r.hangs.size();
                mismatches += r.mismatches.size();
                absurd += r.absurd.size();
                strict += r.strict.size();
                if (!r.clean()) {
                    Path keep = Files.createTempDirectory(base.getParent(), "techopt-fuzz-failure-" + logs + "-");
                    Files.move(dir, keep.resolve("log"));
                    System.out.println("log " + logs + " (" + f + "/" + g.shape() + ", kept in " + keep + "): " + r);
                } else {
                    LogFuzzer.delete(dir);
                }
                if (logs % 20 == 0) {
                    System.out.printf(Locale.ROOT, "... %,d lines (%,d mutated) in %,d logs (%,d files), %.0f s%n", lines, mutated, logs, files,
                            (System.nanoTime() - started) / 1e9);
                }
            }
        } finally {
            LogFuzzer.delete(base.resolve("log"));
            Files.deleteIfExists(base);
        }
        double s = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "fuzz: %,d mutated-log lines (%,d of them mutated) in %,d logs, %,d files, %d formats, %.0f s (%,.0f lines/s)%n",
                lines, mutated, logs, files, formats.length, s, lines / s);
        System.out.println("lines by shape: " + byShape);
        System.out.printf(Locale.ROOT, "crashes %d, hangs %d, count mismatches %d, absurd figures %d, strict failures %d%n",
                crashes, hangs, mismatches, absurd, strict);
        System.out.println("(no peer tool fuzzes LLM log ingest, so there is no peer figure to print beside ours)");
        System.exit(crashes + hangs + mismatches + absurd + strict == 0 ? 0 : 1);
    }
}
