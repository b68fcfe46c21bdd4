package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 (review of session 5): a UTF-16 log with a byte order mark exited 3 with "invalid UTF-8"; without one
 * only line 1 was read (the parser guessed UTF-16 for that line alone, then every line began with the NUL of the
 * line break before it); a UTF-16 line inside a UTF-8 file was read silently. Windows tools write UTF-16LE (and
 * Excel's "Unicode text"): such a file is decoded whole, streaming, and read like its UTF-8 twin, with a warning
 * naming its encoding; a lone UTF-16 line in a UTF-8 file is a bad line that says so.
 */
class Utf16InputTest {
    @TempDir
    Path tmp;

    /** The bundled sample's first 300 lines, plus one with Chinese text and an emoji (a surrogate pair in UTF-16). */
    private String sample() throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("samples/requests.jsonl.gz")))) {
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (lines.size() < 300) {
                    lines.add(l);
                }
            }
        }
        lines.add("{\"timestamp\":\"2026-10-02T10:00:00Z\",\"request_id\":\"zh-1\",\"model\":\"gpt-4o-mini\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"总结这份报告 \uD83D\uDE80\"}],"
                + "\"usage\":{\"input_tokens\":120,\"output_tokens\":30}}");
        return String.join("\n", lines) + "\n";
    }

    private static byte[] encode(String text, Charset cs, byte[] bom) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(bom);
        b.writeBytes(text.getBytes(cs));
        return b.toByteArray();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(z)) {
            g.write(b);
        }
        return z.toByteArray();
    }

    @Test
    void utf16AndUtf32LogsWithOrWithoutAByteOrderMarkAreReadLikeTheirUtf8Twin() throws IOException {
        String text = sample();
        Path utf8 = TestSupport.write(tmp, "utf8.jsonl", text);
        JsonNode want = analyze(utf8).json();
        assertEquals(0, want.get("bad_lines").asLong(), want.get("bad_line_samples").toString());
        assertEquals(301, want.get("requests").asLong() + want.get("duplicate_request_ids").asLong());
        Charset le32 = Charset.forName("UTF-32LE"), be32 = Charset.forName("UTF-32BE");
        record Case(String name, byte[] bytes, String says) {
        }
        List<Case> cases = List.of(
                new Case("le-bom.jsonl", encode(text, StandardCharsets.UTF_16LE, new byte[]{(byte) 0xFF, (byte) 0xFE}), "UTF-16LE (byte order mark)"),
                new Case("be-bom.jsonl", encode(text, StandardCharsets.UTF_16BE, new byte[]{(byte) 0xFE, (byte) 0xFF}), "UTF-16BE (byte order mark)"),
                new Case("le.jsonl", encode(text, StandardCharsets.UTF_16LE, new byte[0]), "UTF-16LE (no byte order mark"),
                new Case("be.jsonl", encode(text, StandardCharsets.UTF_16BE, new byte[0]), "UTF-16BE (no byte order mark"),
                new Case("le32.jsonl", encode(text, le32, new byte[]{(byte) 0xFF, (byte) 0xFE, 0, 0}), "UTF-32LE (byte order mark)"),
                new Case("be32.jsonl", encode(text, be32, new byte[0]), "UTF-32BE (no byte order mark"),
                new Case("le-bom.jsonl.gz", gzip(encode(text, StandardCharsets.UTF_16LE, new byte[]{(byte) 0xFF, (byte) 0xFE})), "UTF-16LE (byte order mark)"),
                new Case("le.json", encode("[\n" + String.join(",\n", text.strip().split("\n")) + "\n]\n", StandardCharsets.UTF_16LE,
                        new byte[]{(byte) 0xFF, (byte) 0xFE}), "UTF-16LE (byte order mark)"));
        for (Case c : cases) {
            Path f = tmp.resolve(c.name);
            Files.write(f, c.bytes);
            TestSupport.Run r = analyze(f);
            assertEquals(0, r.code(), c.name + ": " + r.err());
            JsonNode got = r.json();
            assertEquals(want.get("requests"), got.get("requests"), c.name + ": " + got.get("bad_line_samples"));
            assertEquals(want.get("duplicate_request_ids"), got.get("duplicate_request_ids"), c.name);
            assertEquals(0, got.get("bad_lines").asLong(), c.name + ": " + got.get("bad_line_samples"));
            assertEquals(want.get("cost_usd").decimalValue(), got.get("cost_usd").decimalValue(), c.name);
            assertEquals(want.get("tokens"), got.get("tokens"), c.name);
            assertTrue(r.err().contains(c.says) && r.err().contains("text, not UTF-8"), c.name + ": " + r.err());
        }
    }

    @Test
    void aUtf16ExcelCsvOfTheRealAzureTraceIsReadLikeItsUtf8Twin() throws IOException {
        Path azure = TestSupport.shared("data/azure-llm-trace-2023/AzureLLMInferenceTrace_code.csv");
        String text = String.join("\n", Files.readAllLines(azure, StandardCharsets.UTF_8).subList(0, 501)) + "\n";
        JsonNode want = analyze(TestSupport.write(tmp, "azure.csv", text)).json();
        assertEquals(500, want.get("requests").asLong());
        Path f = tmp.resolve("azure-utf16.csv");
        Files.write(f, encode(text.replace("\n", "\r\n"), StandardCharsets.UTF_16LE, new byte[]{(byte) 0xFF, (byte) 0xFE}));
        TestSupport.Run r = analyze(f);
        assertEquals(0, r.code(), r.err());
        assertEquals(500, r.json().get("requests").asLong(), r.json().get("bad_line_samples").toString());
        assertEquals(0, r.json().get("bad_lines").asLong());
        assertEquals(want.get("tokens"), r.json().get("tokens"));
    }

    /** w_nul_interleaved: with one short UTF-8 line after it, the UTF-16 line filled the sample; line 2 was lost (exit 3). */
    @Test
    void aUtf16LineThenOneUtf8LineReadsTheUtf8LineAndNamesTheUtf16OneAsBad() throws IOException {
        String[] lines = sample().split("\n");
        for (Charset cs : new Charset[]{StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(lines[0].getBytes(cs));
            b.write('\n');
            b.writeBytes((lines[1] + "\n").getBytes(StandardCharsets.UTF_8));
            Path f = tmp.resolve("two-" + cs.name() + ".jsonl");
            Files.write(f, b.toByteArray());
            TestSupport.Run r = analyze(f);
            assertEquals(0, r.code(), cs + ": " + r.err());
            JsonNode j = r.json();
            assertEquals(1, j.get("requests").asLong(), cs + ": " + j.get("bad_line_samples"));
            assertEquals(1, j.get("bad_lines").asLong(), cs.name());
            assertEquals(1, j.at("/bad_line_samples/0/line").asLong(), cs.name());
        }
    }

    @Test
    void aUtf16LineInAUtf8FileIsABadLineThatSaysSoAndTheUtf8LinesAreRead() throws IOException {
        String[] lines = sample().split("\n");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(lines[0].getBytes(StandardCharsets.UTF_16LE));
        b.write('\n');
        for (int i = 1; i < 50; i++) {
            b.writeBytes((lines[i] + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path f = tmp.resolve("mixed.jsonl");
        Files.write(f, b.toByteArray());
        TestSupport.Run r = analyze(f);
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(49, j.get("requests").asLong() + j.get("duplicate_request_ids").asLong(), j.get("bad_line_samples").toString());
        assertEquals(1, j.get("bad_lines").asLong());
        assertEquals(1, j.at("/bad_line_samples/0/line").asLong());
        assertTrue(j.at("/bad_line_samples/0/reason").asText().contains("UTF-16"), j.get("bad_line_samples").toString());
    }

    @Test
    void aLoneSurrogateInAUtf16FileMakesItsLineBadAndNoOtherLine() throws IOException {
        String[] lines = sample().split("\n");
        String broken = lines[3].replace("\"model\"", "\"x\":\"\u0001\",\"model\""); // U+0001 becomes a lone surrogate below
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            text.append(i == 3 ? broken : lines[i]).append('\n');
        }
        byte[] bytes = encode(text.toString(), StandardCharsets.UTF_16LE, new byte[]{(byte) 0xFF, (byte) 0xFE});
        for (int i = 2; i + 1 < bytes.length; i += 2) {
            if (bytes[i] == 1 && bytes[i + 1] == 0) {
                bytes[i] = 0;
                bytes[i + 1] = (byte) 0xD8; // U+D800 with no low surrogate after it: not UTF-16
            }
        }
        Path f = tmp.resolve("surrogate.jsonl");
        Files.write(f, bytes);
        JsonNode j = analyze(f).json();
        assertEquals(9, j.get("requests").asLong() + j.get("duplicate_request_ids").asLong(), j.get("bad_line_samples").toString());
        assertEquals(1, j.get("bad_lines").asLong());
        assertEquals(4, j.at("/bad_line_samples/0/line").asLong());
    }

    private static TestSupport.Run analyze(Path f) {
        return TestSupport.cli("analyze", "-f", "json", "--default-model", "gpt-4o-mini", f.toString());
    }
}
