package io.techopt.ingest;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, "keep it caught": mutated lines of every input format through every command that reads logs. Nothing
 * crashes or hangs, every line is accounted for, no cost or token figure is negative, NaN or absurd, and --strict
 * stops with exit 3 at the first bad line. Sized for the suite (about 15 s); bench/fuzz.sh runs 1M+ lines.
 */
class IngestFuzzTest {
    private static final ExecutorService POOL = LogFuzzer.pool();

    @Property(tries = 20, seed = "18")
    void mutatedLogsNeverCrashHangLoseLinesOrGiveAbsurdFigures(@ForAll long seed,
                                                                @ForAll LogFuzzer.Format format,
                                                                @ForAll @IntRange(min = 3, max = 40) int lines) throws Exception {
        Path dir = Files.createTempDirectory("techopt-fuzz");
        try {
            byte[] log = new LogFuzzer(seed, 100_000).log(format, lines);
            Path f = dir.resolve(format == LogFuzzer.Format.CSV ? "fuzz.csv" : "fuzz.jsonl");
            Files.write(f, log);
            LogFuzzer.Findings r = LogFuzzer.check(f, format, LogFuzzer.COMMANDS, POOL, 60);
            assertTrue(r.clean(), format + " seed " + seed + " lines " + lines + ": " + r);
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
