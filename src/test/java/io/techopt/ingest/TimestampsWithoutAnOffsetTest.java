package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 (review of session 5): log-format.md asks for timestamps with 'Z' or an offset; one without ("2025-03-01
 * T10:00:00", a bare date) was read as UTC silently, so a log written in local time moved hours (and days) without a
 * word. They are still read as UTC (nothing is lost), counted, and the report's warnings and stderr say how many and
 * where the first is.
 */
class TimestampsWithoutAnOffsetTest {
    @TempDir
    Path tmp;

    private static String line(String ts, String id) {
        return "{\"timestamp\":" + ts + ",\"request_id\":\"" + id + "\",\"model\":\"gpt-4o-mini\","
                + "\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}\n";
    }

    @Test
    void timestampsWithoutAnOffsetAreReadAsUtcCountedAndNamedInTheWarnings() throws IOException {
        Path f = TestSupport.write(tmp, "local.jsonl", line("\"2026-10-01T10:00:00Z\"", "a")
                + line("\"2026-10-01T10:00:00\"", "b")
                + line("\"2026-10-01T12:00:00+02:00\"", "c")
                + line("\"2026-10-01 11:00:00.250\"", "d")
                + line("1790848800000", "e")
                + line("\"2026-10-02\"", "f"));
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", f.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(6, j.get("requests").asLong());
        assertEquals(0, j.get("bad_lines").asLong());
        String want = "3 lines have timestamps without a UTC offset (first at " + f + ":2), read as UTC";
        assertTrue(r.err().contains(want), r.err());
        assertTrue(j.get("warnings").toString().contains(want), j.get("warnings").toString());
    }

    @Test
    void aLogWhoseTimestampsAllCarryAnOffsetSaysNothingAboutThem() throws IOException {
        Path f = TestSupport.write(tmp, "utc.jsonl", line("\"2026-10-01T10:00:00Z\"", "a")
                + line("\"2026-10-01T12:00:00.5+02:00\"", "b") + line("1790848800000", "c"));
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", f.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("UTC offset"), r.err());
        assertFalse(r.json().get("warnings").toString().contains("UTC offset"), r.json().get("warnings").toString());
    }
}
