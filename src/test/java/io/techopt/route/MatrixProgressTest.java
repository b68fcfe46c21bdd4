package io.techopt.route;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12: route-sim --matrix on all of MMLU ran for minutes saying nothing. Each stage (tokens, embeddings, the kNN
 * routers) now reports its progress on stderr, never in the report, and -q silences it.
 */
class MatrixProgressTest {
    @Test
    void eachStageOfAMatrixRunIsInTheSummaryLineOnStderrAndQuietSilencesIt() {
        Path gsm8k = TestSupport.shared("data/routellm/gsm8k/gsm8k_responses.csv");
        // the summary is written for runs of 2 s and more; lowered so that this quick run has one
        System.setProperty("techopt.progress.summaryAfterMs", "0");
        TestSupport.Run run;
        try {
            run = TestSupport.cli("route-sim", "--matrix", gsm8k.toString(), "--embedder", "hash", "-f", "json");
        } finally {
            System.clearProperty("techopt.progress.summaryAfterMs");
        }
        assertEquals(0, run.code(), run.err());
        // not a terminal: nothing while it runs, one summary line naming each stage with its count and time
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), "one summary line:\n" + run.err());
        String summary = lines.get(0);
        assertTrue(summary.startsWith("techopt: route-sim: "), summary);
        for (String stage : List.of("counting tokens 2,638 of 2,638 in ", "embedding prompts (hash-ngram-256) 1,319 of 1,319 in ",
                "kNN router (hash-ngram-256) 1,319 of 1,319 in ", "stacking routers in ")) {
            assertTrue(summary.contains(stage), "stage '" + stage + "' is in the summary:\n" + summary);
        }
        assertFalse(run.err().contains("\r") || run.err().contains("\u001b"), "no carriage return or escape in a log");
        assertEquals(1319, run.json().get("prompts").asInt(), "the report is intact");
        assertFalse(run.out().contains("techopt: route-sim --matrix"), "progress never goes into the report");

        TestSupport.Run quiet = TestSupport.cli("route-sim", "--matrix", gsm8k.toString(), "--embedder", "hash", "-f", "json", "-q");
        assertEquals(0, quiet.code(), quiet.err());
        assertEquals("", quiet.err(), "-q: no progress");
        assertEquals(run.json(), quiet.json(), "progress changes nothing in the report");
    }
}
