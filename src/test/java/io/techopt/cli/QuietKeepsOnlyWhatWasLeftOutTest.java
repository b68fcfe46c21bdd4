package io.techopt.cli;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * -q silences progress and warnings; it keeps one line when input or money was left out (skipped lines, unpriced
 * requests), and its help says exactly that (review late6 #8: help promised "no warnings" while some still printed).
 */
class QuietKeepsOnlyWhatWasLeftOutTest {
    @TempDir
    Path tmp;

    @Test
    void focusCsvWithoutABillingAccountWarnsOnlyWithoutQuiet() throws Exception {
        Path focus = tmp.resolve("focus.csv");
        TestSupport.Run quiet = TestSupport.cli("cost-forecast", "-q", "-f", "json", "--focus-csv", focus.toString(),
                "samples/requests.jsonl.gz");
        assertEquals(0, quiet.code(), quiet.err());
        assertEquals("", quiet.err().replaceAll("(?m)^techopt: \\d+ requests? of models without a price.*\\R?", ""),
                "-q printed a warning: " + quiet.err());
        TestSupport.Run loud = TestSupport.cli("cost-forecast", "-f", "json", "--focus-csv", focus.toString(),
                "samples/requests.jsonl.gz");
        assertTrue(loud.err().contains("--billing-account-id"), loud.err());
    }

    @Test
    void theHelpOfQuietSaysWhatItStillPrints() {
        TestSupport.Run help = TestSupport.cli("analyze", "--help");
        String h = help.out().replaceAll("\\s+", " ");
        assertTrue(h.contains("-q, --quiet No progress or warnings on stderr, except one line when input or money was left out"), h);
    }
}
