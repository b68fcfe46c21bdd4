package io.techopt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cli.md: FILE may be '-' for stdin; calibrate's --pairs and route-sim --matrix take it like every other input. */
class DashReadsStdinForPairsAndMatricesTest {
    @TempDir
    Path tmp;

    static TestSupport.Run withStdin(byte[] bytes, String... args) {
        InputStream old = System.in;
        try {
            System.setIn(new ByteArrayInputStream(bytes));
            return TestSupport.cli(args);
        } finally {
            System.setIn(old);
        }
    }

    static Path shared(String relative) {
        return TestSupport.shared(relative);
    }

    static String[] args(String... a) {
        List<String> l = new ArrayList<>(List.of(a));
        l.addAll(List.of("--embedder", "hash", "-f", "json", "-q"));
        return l.toArray(String[]::new);
    }

    @Test
    void calibratePairsDashReadsQqpPairsFromStdinLikeTheFile() throws IOException {
        Path pairs = shared("data/gptcache-qqp/similiar_qqp_full.json");
        TestSupport.Run file = TestSupport.cli(args("cache-warm", "calibrate", "--pairs", pairs.toString(), "--limit", "300", "--seed", "5"));
        TestSupport.Run stdin = withStdin(Files.readAllBytes(pairs), args("cache-warm", "calibrate", "--pairs", "-", "--limit", "300", "--seed", "5"));
        assertEquals(0, stdin.code(), stdin.err());
        JsonNode a = file.json(), b = stdin.json();
        assertEquals(300, b.get("pairs").asLong());
        assertEquals(a, b, "the same pairs give the same calibration whether read from the file or from stdin");
        assertEquals(a.get("recommended"), b.get("recommended"));
    }

    @Test
    void routeSimMatrixDashReadsARouteLlmMatrixFromStdinLikeTheFile() throws IOException {
        Path m = shared("data/routellm/mmlu_responses/mmlu_astronomy.csv");
        JsonNode file = TestSupport.cli(args("route-sim", "--matrix", m.toString())).json();
        TestSupport.Run stdin = withStdin(Files.readAllBytes(m), args("route-sim", "--matrix", "-"));
        assertEquals(0, stdin.code(), stdin.err());
        JsonNode b = stdin.json();
        assertEquals(152, b.get("prompts").asLong());
        assertEquals(file.get("models"), b.get("models"));
        assertEquals(file.get("routers"), b.get("routers"));
    }

    @Test
    void anEmptyStdinIsAUsageErrorLikeAnEmptyFile() {
        TestSupport.Run pairs = withStdin(new byte[0], args("cache-warm", "calibrate", "--pairs", "-"));
        assertEquals(2, pairs.code(), pairs.err());
        assertTrue(pairs.err().startsWith("techopt: <stdin> is empty"), pairs.err());
        TestSupport.Run matrix = withStdin(new byte[0], args("route-sim", "--matrix", "-"));
        assertEquals(2, matrix.code(), matrix.err());
        assertTrue(matrix.err().startsWith("techopt: <stdin> is empty"), matrix.err());
        TestSupport.Run bad = withStdin("prompt,gpt-4\nWhat is 2+2?,maybe\n".getBytes(), args("route-sim", "--matrix", "-"));
        assertEquals(3, bad.code(), bad.err());
        assertTrue(bad.err().contains("<stdin>: line 2, column 'gpt-4'"), bad.err());
    }
}
