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
    void eachStageOfAMatrixRunReportsItsProgressOnStderrAndQuietSilencesIt() {
        Path gsm8k = TestSupport.shared("data/routellm/gsm8k/gsm8k_responses.csv");
        TestSupport.Run run = TestSupport.cli("route-sim", "--matrix", gsm8k.toString(), "--embedder", "hash", "-f", "json");
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.err().lines().toList();
        for (String stage : List.of("counting tokens", "embedding prompts (hash-ngram-256)", "kNN router (hash-ngram-256)")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("techopt: route-sim --matrix: " + stage)),
                    "stage '" + stage + "' is reported:\n" + run.err());
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("kNN router") && l.contains("1,319/1,319 (100%)")),
                "the kNN stage reports its end:\n" + run.err());
        assertTrue(lines.size() < 40, "a log gets a few lines per stage, not one per prompt:\n" + run.err());
        assertEquals(1319, run.json().get("prompts").asInt(), "the report is intact");
        assertFalse(run.out().contains("techopt: route-sim --matrix"), "progress never goes into the report");

        TestSupport.Run quiet = TestSupport.cli("route-sim", "--matrix", gsm8k.toString(), "--embedder", "hash", "-f", "json", "-q");
        assertEquals(0, quiet.code(), quiet.err());
        assertEquals("", quiet.err(), "-q: no progress");
        assertEquals(run.json(), quiet.json(), "progress changes nothing in the report");
    }
}
