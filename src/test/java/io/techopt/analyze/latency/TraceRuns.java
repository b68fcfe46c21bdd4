package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.contract.JsonSchemas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trace tests' one way to run analyze on lines of a trace log: exit 0 and JSON that keeps analyze's schema. */
final class TraceRuns {
    private TraceRuns() {
    }

    /** Writes {@code lines} to {@code dir/file}, runs {@code analyze -f json [args] FILE} and returns its validated JSON. */
    static JsonNode analyze(Path dir, String file, List<String> lines, String... args) throws IOException {
        Path f = dir.resolve(file);
        Files.write(f, lines);
        List<String> cmd = new ArrayList<>(List.of("analyze", "-f", "json"));
        cmd.addAll(List.of(args));
        cmd.add(f.toString());
        TestSupport.Run run = TestSupport.cli(cmd.toArray(new String[0]));
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertTrue(JsonSchemas.violations("analyze-logs", j).isEmpty(), JsonSchemas.violations("analyze-logs", j).toString());
        return j;
    }
}
