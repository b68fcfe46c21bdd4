package io.techopt.ingest;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, "keep it caught": mutated lines of every input format, as a file, a gzip file, a pretty-printed JSON
 * document, a directory of several files or stdin, through every command that reads logs. Nothing crashes or
 * hangs, every line is accounted for exactly (counted by the generator, not by the product), exit 3 only when no
 * line was valid and then nothing written, no cost or token figure negative, NaN or absurd, and --strict stops
 * with exit 3 at the first bad line. Sized for the suite; bench/fuzz.sh runs 1M+ lines.
 */
class IngestFuzzTest {
    private static final ExecutorService POOL = LogFuzzer.pool();

    @Property(tries = 24, seed = "18")
    void mutatedLogsNeverCrashHangLoseLinesOrGiveAbsurdFigures(@ForAll long seed,
                                                                @ForAll LogFuzzer.Format format,
                                                                @ForAll LogFuzzer.Shape shape,
                                                                @ForAll @IntRange(min = 3, max = 90) int lines) throws Exception {
        Path dir = Files.createTempDirectory("techopt-fuzz");
        try {
            LogFuzzer.Generated g = new LogFuzzer(seed, 100_000).generate(format, shape, lines);
            LogFuzzer.Findings r = LogFuzzer.check(g, dir, LogFuzzer.COMMANDS, POOL, 60);
            assertTrue(r.clean(), format + "/" + shape + " seed " + seed + " lines " + lines + ": " + r);
        } finally {
            LogFuzzer.delete(dir);
        }
    }
}
