package io.techopt.ingest;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The logs of the long fuzz run (bench/fuzz.sh) that found count mismatches, replayed from their seed, log number
 * and mutated share (the run's arguments), so each stays fixed: analyze accounts for every unit the generator wrote.
 */
class LongFuzzRunMismatchesTest {
    private static final ExecutorService POOL = LogFuzzer.pool();

    /** `bench/fuzz.sh 560000 10 21 0.9` at 57e5d99: log 22 (Langfuse, directory) and log 198 (CSV file). */
    @Test
    void seed21Logs22And198AtShare09AccountForEveryUnit() throws Exception {
        for (long log : new long[]{22, 198}) {
            LogFuzzer.Generated g = IngestFuzzBench.generate(21, log - 1, 0.9);
            Path dir = Files.createTempDirectory("techopt-fuzz-mismatch");
            try {
                LogFuzzer.Findings r = LogFuzzer.check(g, dir, List.of(List.of("analyze")), POOL, 120);
                assertTrue(r.clean(), "seed 21 log " + log + " (" + g.format() + "/" + g.shape() + "): " + r);
            } finally {
                LogFuzzer.delete(dir);
            }
        }
    }

    /** `bench/fuzz.sh 560000 10 20 0.9` at fa2b265: logs 17 and 137 (OTEL documents; a nested close mutated into "}  } ]"), 257 ("}        }, {"). */
    @Test
    void seed20Logs17And137And257AtShare09AccountForEveryUnit() throws Exception {
        for (long log : new long[]{17, 137, 257}) {
        LogFuzzer.Generated g = IngestFuzzBench.generate(20, log - 1, 0.9);
        Path dir = Files.createTempDirectory("techopt-fuzz-mismatch");
        try {
            LogFuzzer.Findings r = LogFuzzer.check(g, dir, List.of(List.of("analyze")), POOL, 120);
            assertTrue(r.clean(), "seed 20 log " + log + " (" + g.format() + "/" + g.shape() + "): " + r);
        } finally {
            LogFuzzer.delete(dir);
        }
        }
    }
}
