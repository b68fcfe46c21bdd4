package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets a clear message with its line number, loses nothing else, and never a stack trace. */
class BadInputTest {
    static final String GOOD = TestSupport.GOOD_LINE;

    @TempDir
    Path tmp;

    @Test
    void eachKindOfBadLineIsCountedWithItsLineAndReason() throws IOException {
        List<String> lines = List.of(
                GOOD,
                "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"usage\":{\"input_tok",
                "[1, 2, 3]",
                "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":42,\"usage\":{\"input_tokens\":1}}",
                "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"m\",\"usage\":\"lots\"}",
                "{\"timestamp\":\"yesterday\",\"model\":\"m\",\"usage\":{\"input_tokens\":1}}",
                "{\"model\":\"m\",\"usage\":{\"input_tokens\":1}}",
                "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"m\",\"usage\":{\"input_tokens\":1},\"latency_ms\":\"fast\"}",
                "",
                "   ",
                "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"m\",\"usage\":{}}",
                "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"m\",\"usage\":{\"input_tokens\":1}} trailing",
                "not json at all: sk-live-abcdefghijklmnop",
                GOOD);
        Path f = TestSupport.write(tmp, "mixed.jsonl", String.join("\r\n", lines) + "\n");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", f.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(2, j.get("requests").asLong());
        assertEquals(10, j.get("bad_lines").asLong());
        List<String> reasons = new ArrayList<>();
        List<Long> lineNumbers = new ArrayList<>();
        for (JsonNode b : j.get("bad_line_samples")) {
            reasons.add(b.get("reason").asText());
            lineNumbers.add(b.get("line").asLong());
        }
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L, 11L, 12L, 13L), lineNumbers);
        assertEquals("malformed JSON: unexpected end of line (truncated record?)", reasons.get(0));
        assertEquals("not a JSON object", reasons.get(1));
        assertEquals("field 'model' must be a string", reasons.get(2));
        assertEquals("field 'usage' must be an object", reasons.get(3));
        assertEquals("timestamp is not ISO-8601 or epoch milliseconds", reasons.get(4));
        assertEquals("missing required field 'timestamp'", reasons.get(5));
        assertEquals("field 'latency_ms' must be a number", reasons.get(6));
        assertEquals("field 'usage' has no token counts", reasons.get(7));
        assertTrue(reasons.get(8).startsWith("unexpected data after the JSON object"), reasons.get(8));
        assertTrue(reasons.get(9).startsWith("malformed JSON: unrecognized token"), reasons.get(9));
        assertTrue(run.err().contains("mixed.jsonl:2: malformed JSON"), run.err());
        assertNoStackTrace(run);
        assertFalse(run.out().contains("sk-live"), "a bad line's content never reaches the report");
        assertFalse(run.err().contains("sk-live"), "nor an error message");
    }

    @Test
    void invalidUtf8IsABadLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write((GOOD + "\n").getBytes(StandardCharsets.UTF_8));
        b.write("{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"caf".getBytes(StandardCharsets.UTF_8));
        b.write(new byte[]{(byte) 0xC3, (byte) 0x28}); // a lead byte followed by ASCII
        b.write("\",\"usage\":{\"input_tokens\":1}}\n".getBytes(StandardCharsets.UTF_8));
        b.write(("{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"\u00e9t\u00e9\",\"usage\":{\"input_tokens\":1}}\n").getBytes(StandardCharsets.UTF_8));
        b.write(new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'}); // an encoded surrogate
        Path f = tmp.resolve("utf8.jsonl");
        Files.write(f, b.toByteArray());
        JsonNode j = TestSupport.cli("analyze", "-f", "json", "-q", f.toString()).json();
        assertEquals(2, j.get("requests").asLong());
        assertEquals(2, j.get("bad_lines").asLong());
        assertEquals("invalid UTF-8 at byte 49", j.at("/bad_line_samples/0/reason").asText());
        assertEquals(2, j.at("/bad_line_samples/0/line").asLong());
        assertEquals(4, j.at("/bad_line_samples/1/line").asLong());
    }

    @Test
    void truncatedGzipKeepsTheRecordsBeforeTheCut() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream os = new GZIPOutputStream(gz)) {
            for (int i = 0; i < 5000; i++) {
                os.write((GOOD.replace("gpt-4o-mini", "gpt-4o-mini-" + (i % 3 == 0 ? "2024-07-18" : "x" + i)) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] whole = gz.toByteArray();
        Path f = tmp.resolve("cut.jsonl.gz");
        Files.write(f, Arrays.copyOf(whole, whole.length / 2));
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", f.toString());
        assertEquals(0, run.code());
        JsonNode j = run.json();
        long requests = j.get("requests").asLong();
        assertTrue(requests > 1000 && requests < 5000, "records before the cut are kept: " + requests);
        assertEquals(1, j.get("bad_lines").asLong(), "only the line cut in two is lost");
        assertEquals(requests + 1, j.at("/bad_line_samples/0/line").asLong());
        assertTrue(run.err().contains("gzip stream is truncated or corrupt after line " + requests), run.err());
        assertNoStackTrace(run);
        TestSupport.Run strict = TestSupport.cli("analyze", "-f", "json", "--strict", f.toString());
        assertEquals(3, strict.code());
    }

    @Test
    void emptyFileIsAReportOfNothingNotAFailure() throws IOException {
        Path f = TestSupport.write(tmp, "empty.jsonl", "");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", f.toString());
        assertEquals(0, run.code());
        assertEquals(0, run.json().get("requests").asLong());
        assertEquals(0.0, run.json().get("cost_usd").asDouble());
        assertTrue(run.err().contains("empty file"), run.err());
        Path blank = TestSupport.write(tmp, "blank.jsonl", "\n\n  \n");
        assertEquals(0, TestSupport.cli("analyze", "-f", "json", "-q", blank.toString()).json().get("bad_lines").asLong());
    }

    @Test
    void fiftyMegabyteLineIsReadOrReportedWithoutCrashing() throws IOException {
        String big = "x".repeat(50 << 20);
        Path f = tmp.resolve("big.jsonl");
        try (var w = Files.newBufferedWriter(f)) {
            w.write(GOOD + "\n");
            w.write("{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"usage\":{\"input_tokens\":7,\"output_tokens\":1},"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}\n");
            w.write(big + "\n");
            w.write(GOOD + "\n");
        }
        JsonNode j = TestSupport.cli("analyze", "-f", "json", "-q", f.toString()).json();
        assertEquals(3, j.get("requests").asLong(), "a 50 MB record within the limit is read");
        assertEquals(1, j.get("bad_lines").asLong());
        assertEquals(3, j.at("/bad_line_samples/0/line").asLong());
        assertTrue(j.at("/bad_line_samples/0/reason").asText().startsWith("malformed JSON"));

        JsonNode limited = TestSupport.cli("analyze", "-f", "json", "-q", "--max-line-mb", "16", f.toString()).json();
        assertEquals(2, limited.get("requests").asLong(), "lines after an over-long one are still read");
        assertEquals(2, limited.get("bad_lines").asLong());
        assertEquals("line longer than 16 MiB; skipped (raise --max-line-mb to read it)", limited.at("/bad_line_samples/0/reason").asText());
        assertEquals(2, limited.at("/bad_line_samples/0/line").asLong());
        assertEquals(3, limited.at("/bad_line_samples/1/line").asLong());
    }

    @Test
    void aCsvWithoutTheColumnsItNeedsIsOneBadLineAndAWarning() throws IOException {
        Path f = TestSupport.write(tmp, "scores.csv", "prompt,model_a,model_b\nWhat is 2+2?,True,False\n");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", f.toString());
        assertEquals(3, run.code(), "non-empty input of which no request could be read (issue 12)");
        assertTrue(run.err().contains("no request could be read from non-empty input: 1 bad line"), run.err());
        assertTrue(run.err().contains("no timestamp column"), run.err());
    }

    // review 2 (HIGH): one unterminated quote swallowed every later row, exit 0, no warning
    @Test
    void anUnterminatedCsvQuoteCostsOneRowNotTheRestOfTheFile() throws IOException {
        StringBuilder b = new StringBuilder("timestamp,model,input_tokens,output_tokens\n");
        b.append("2026-10-01T10:00:00Z,gpt-4o-mini,100,10\n");
        b.append("2026-10-01T10:00:01Z,\"gpt-4o-mini,100,10\n");
        for (int i = 0; i < 500; i++) {
            b.append("2026-10-01T10:00:02Z,gpt-4o-mini,100,10\n");
        }
        b.append("2026-10-01T10:00:03Z,gpt-4o-mini,100,\"10\n"); // and on the last line
        Path f = TestSupport.write(tmp, "openquote.csv", b.toString());
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", f.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(501, j.get("requests").asLong(), run.err());
        assertEquals(2, j.get("bad_lines").asLong());
        assertEquals(3, j.at("/bad_line_samples/0/line").asLong());
        assertTrue(j.at("/bad_line_samples/0/reason").asText().contains("unterminated quoted field"), j.toString());
        assertEquals(504, j.at("/bad_line_samples/1/line").asLong());
        assertTrue(run.err().contains("openquote.csv:3: unterminated quoted field"), run.err());
    }

    @Test
    void strictFailsAtTheFirstBadLineAndWritesNoReport() throws IOException {
        Path f = TestSupport.write(tmp, "strict.jsonl", GOOD + "\n{oops\n" + GOOD + "\n");
        Path out = tmp.resolve("report.json");
        TestSupport.Run run = TestSupport.cli("analyze", "--strict", "--out", out.toString(), f.toString());
        assertEquals(3, run.code());
        assertTrue(run.err().contains("strict.jsonl:2: malformed JSON"), run.err());
        assertFalse(Files.exists(out), "no half-written report");
        assertNoStackTrace(run);
    }

    @Test
    void unreadableInputsAndBadOptionsGetExitCodes() throws IOException {
        TestSupport.Run missing = TestSupport.cli("analyze", tmp.resolve("nope.jsonl").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no such file or directory"), missing.err());
        assertNoStackTrace(missing);
        Path f = TestSupport.write(tmp, "ok.jsonl", GOOD + "\n");
        assertEquals(2, TestSupport.cli("analyze", "--format", "pdf", f.toString()).code());
        assertEquals(2, TestSupport.cli("analyze", "--since", "someday", f.toString()).code());
        assertEquals(2, TestSupport.cli("analyze", "--group-by", "colour", f.toString()).code());
        assertEquals(2, TestSupport.cli("analyze").code());
        Path badPrices = TestSupport.write(tmp, "prices.json", "{\"models\": [{\"key\": \"m\"}]}");
        TestSupport.Run prices = TestSupport.cli("analyze", "--prices", badPrices.toString(), f.toString());
        assertEquals(1, prices.code());
        assertTrue(prices.err().contains("needs 'input' and/or 'output'"), prices.err());
    }

    /** Review: the reason named the canonical field ('input'), not the header the user wrote ('input_tokens'). */
    @Test
    void aBadCsvCellIsNamedByItsHeaderAsWritten() throws IOException {
        Path csv = TestSupport.write(tmp, "in.csv", "timestamp,model,Input_Tokens,output_tokens\n"
                + "2026-10-01T00:00:00Z,gpt-4o-mini,100,50\n2026-10-01T00:00:00Z,gpt-4o-mini,lots,50\n");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", csv.toString());
        assertTrue(run.err().contains("in.csv:3: column 'Input_Tokens'"), run.err());
        assertFalse(run.err().contains("'input'"), run.err());
    }

    static void assertNoStackTrace(TestSupport.Run run) {
        assertFalse(run.err().contains("\tat "), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }
}
