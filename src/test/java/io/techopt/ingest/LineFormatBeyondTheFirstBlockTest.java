package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 18, fuzz log 82 (LANGFUSE/DIR): a JSONL file whose first line is longer than the reader's first block (2 MiB:
 * a 2 MiB model name) left no whole line to vote on the format, so every line was read as canonical and all of
 * them, 24 valid Langfuse records among them, became bad lines. The format is decided by the first whole lines
 * that parse, wherever they are.
 */
class LineFormatBeyondTheFirstBlockTest {
    @TempDir
    Path tmp;

    private static String generation(int i, String model) {
        return "{\"id\":\"g" + i + "\",\"type\":\"GENERATION\",\"traceId\":\"t" + i + "\",\"startTime\":\"2026-10-13T21:54:4"
                + (i % 10) + ".433Z\",\"model\":\"" + model + "\",\"usageDetails\":{\"input\":60,\"output\":12,\"total\":72},"
                + "\"costDetails\":{\"total\":0.0001}}\n";
    }

    @Test
    void langfuseLinesAfterAFirstLineLongerThanTheBlockAreReadAsLangfuse() throws IOException {
        StringBuilder b = new StringBuilder(generation(0, "m".repeat(LogReader.BLOCK)));
        b.append("{\"id\":\"g1\",\"type\":\"GENERATION\",\"usageDetails\":{\"input\":60,\n"); // a cut line
        for (int i = 2; i < 12; i++) {
            b.append(generation(i, "gpt-4o-mini"));
        }
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        TestSupport.write(dir, "part1.jsonl", b.toString());
        TestSupport.write(dir, "part0.json", "[\n  " + generation(20, "gpt-4o-mini").trim() + "\n]\n");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", dir.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        String what = j.get("bad_line_samples") + " " + j.get("inputs");
        assertEquals(12, j.get("requests").asLong(), what);
        assertEquals(1, j.get("bad_lines").asLong(), what);
        assertEquals(2, j.at("/bad_line_samples/0/line").asLong(), what);
        for (JsonNode in : j.get("inputs")) {
            assertEquals("langfuse", in.get("format").asText(), what);
        }
    }
}
