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
}
