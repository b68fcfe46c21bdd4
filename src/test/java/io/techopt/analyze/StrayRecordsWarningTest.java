package io.techopt.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18: one record dated years away from the rest of the log stretched period.days to thousands without a word
 * (cost-forecast already left such days out). analyze keeps the record in every total (it is a real request) and
 * warns, naming its date and what it did to the period. Absurd numeric timestamps are bad lines with a reason.
 */
class StrayRecordsWarningTest {
    @TempDir
    Path tmp;

    private static String sample() throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("samples/requests.jsonl.gz")))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode analyze(Path f, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("analyze", "-f", "json", "-q"));
        args.addAll(List.of(extra));
        args.add(f.toString());
        TestSupport.Run r = TestSupport.cli(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return r.json();
    }

    @Test
    void oneRecordOf2020InA2026LogIsNamedInAWarningAndStillCounted() throws IOException {
        String sample = sample();
        JsonNode base = analyze(TestSupport.write(tmp, "sample.jsonl", sample));
        assertFalse(base.get("warnings").toString().contains("days away from the rest of the log"), base.get("warnings").toString());
        String stray = "{\"timestamp\":\"2020-01-01T00:00:00Z\",\"request_id\":\"stray-2020\",\"model\":\"gpt-4o-mini\","
                + "\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}\n";
        JsonNode j = analyze(TestSupport.write(tmp, "stray.jsonl", sample + stray));
        assertEquals(base.get("requests").asLong() + 1, j.get("requests").asLong(), "the record is real: it stays counted");
        assertTrue(j.get("cost_usd").asDouble() > base.get("cost_usd").asDouble());
        long days = j.at("/period/days").asLong();
        assertTrue(days > 2400, "period " + j.get("period"));
        String w = j.get("warnings").toString();
        assertTrue(w.contains("1 request is dated more than 60 days away from the rest of the log"), w);
        assertTrue(w.contains("2020-01-01 (1 request)"), w);
        assertTrue(w.contains("with them period.days is " + days + ", without them " + base.at("/period/days").asLong()), w);
    }

    @Test
    void aReplayTraceWithOneAbsoluteTimestampIsNamedInAWarning() throws IOException {
        Path trace = TestSupport.shared("data/mooncake-trace/conversation_trace.jsonl");
        List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8).subList(0, 2000);
        lines.set(1500, lines.get(1500).replaceFirst("\"timestamp\": \\d+", "\"timestamp\": 1790000000000"));
        Path f = tmp.resolve("trace.jsonl");
        Files.write(f, lines, StandardCharsets.UTF_8);
        JsonNode j = analyze(f, "--default-model", "gpt-4o-mini");
        assertEquals(2000, j.get("requests").asLong());
        String w = j.get("warnings").toString();
        assertTrue(w.contains("1 request is dated more than 60 days away from the rest of the log"), w);
        assertTrue(w.contains(java.time.Instant.ofEpochMilli(1790000000000L).toString().substring(0, 10) + " (1 request)"), w);
    }

    @Test
    void negativeAndAbsurdNumericTimestampsAreBadLinesWithAReason() throws IOException {
        String good = TestSupport.GOOD_LINE + "\n";
        String content = good + "{\"timestamp\":-1790000000000,\"model\":\"gpt-4o-mini\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}\n"
                + "{\"timestamp\":1e300,\"model\":\"gpt-4o-mini\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}\n";
        JsonNode j = analyze(TestSupport.write(tmp, "times.jsonl", content));
        assertEquals(1, j.get("requests").asLong());
        assertEquals(2, j.get("bad_lines").asLong());
        String samples = j.get("bad_line_samples").toString();
        assertFalse(samples.contains("292278994"), samples);
        assertEquals("numeric timestamp must be non-negative epoch milliseconds (or seconds)", j.at("/bad_line_samples/0/reason").asText());
        assertEquals("numeric timestamp is out of range (more than 10^14 epoch milliseconds)", j.at("/bad_line_samples/1/reason").asText());
    }
}
