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
    void aMissingLogIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = run(err, "ingest", "--master", "local[1]", "--store", work.resolve("store").toString(),
                work.resolve("missing.jsonl").toString());
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("missing.jsonl: no such file or directory"), err.toString());
    }
}
