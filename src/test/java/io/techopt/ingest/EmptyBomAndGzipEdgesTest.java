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
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18: a file holding only a UTF-8 BOM is empty input like a blank file (it used to exit 3); random bytes named
 * .gz are "not a gzip file" (not "invalid UTF-8"); data after the end of a gzip stream is reported with its byte
 * offset (it used to be ignored silently), while valid concatenated members are all read.
 */
class EmptyBomAndGzipEdgesTest {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final String LINES = TestSupport.GOOD_LINE + "\n" + TestSupport.GOOD_LINE + "\n" + TestSupport.GOOD_LINE + "\n";

    @TempDir
    Path tmp;

    private Path file(String name, byte[]... parts) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        Path p = tmp.resolve(name);
        Files.write(p, b.toByteArray());
        return p;
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(b)) {
            o.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    @Test
    void aFileHoldingOnlyABomIsEmptyInputLikeABlankFile() throws IOException {
        byte[] blank = "\n\r\n  \n".getBytes(StandardCharsets.UTF_8);
        for (String name : new String[]{"bom.jsonl", "bom.json", "bom.csv", "bom.log"}) {
            for (byte[][] content : new byte[][][]{{BOM}, {BOM, blank}}) {
                Path p = file(name, content);
                TestSupport.Run blankRun = TestSupport.cli("analyze", "-f", "json", "-q", file("blank-" + name, blank).toString());
                TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", p.toString());
                assertEquals(blankRun.code(), r.code(), name + ": " + r.err());
                assertEquals(0, r.code(), name + ": " + r.err());
                assertEquals(0, r.json().get("requests").asLong());
                assertEquals(0, r.json().get("bad_lines").asLong(), name + ": " + r.json().get("bad_line_samples"));
            }
        }
        // and the BOM before a first record still costs nothing
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q",
                file("bom-lines.jsonl", BOM, LINES.getBytes(StandardCharsets.UTF_8)).toString());
        assertEquals(3, r.json().get("requests").asLong(), r.err());
        assertEquals(0, r.json().get("bad_lines").asLong());
    }

    @Test
    void randomBytesNamedGzAreNotAGzipFileAndTheMessageNamesTheFile() throws IOException {
        byte[] noise = new byte[4096];
        new Random(18).nextBytes(noise);
        noise[0] = 'x'; // not the gzip magic by chance
        Path p = file("random.jsonl.gz", noise);
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", p.toString());
        assertEquals(3, r.code(), "non-empty input of which no request could be read");
        assertTrue(r.err().contains("random.jsonl.gz:1: not a gzip file"), r.err());
        assertFalse(r.err().contains("invalid UTF-8"), r.err());
        // plain text misnamed .gz is still read, with a warning
        TestSupport.Run text = TestSupport.cli("analyze", "-f", "json", "-q",
                file("plain.jsonl.gz", LINES.getBytes(StandardCharsets.UTF_8)).toString());
        assertEquals(0, text.code(), text.err());
        assertEquals(3, text.json().get("requests").asLong());
        assertTrue(text.json().get("warnings").toString().contains("plain.jsonl.gz: named .gz but not gzip-compressed"),
                text.json().get("warnings").toString());
    }

    @Test
    void dataAfterTheEndOfAGzipStreamIsReportedWithItsOffsetAndConcatenatedMembersAreAllRead() throws IOException {
        byte[] member = gzip(LINES);
        Path garbage = file("garbage.jsonl.gz", member, "this is not gzip\n".getBytes(StandardCharsets.UTF_8));
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", garbage.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(3, r.json().get("requests").asLong());
        String warnings = r.json().get("warnings").toString();
        assertTrue(warnings.contains("garbage.jsonl.gz: data after the end of the gzip stream, from byte offset " + member.length),
                warnings);

        Path twoMembers = file("two.jsonl.gz", member, gzip(LINES));
        TestSupport.Run two = TestSupport.cli("analyze", "-f", "json", "-q", twoMembers.toString());
        assertEquals(6, two.json().get("requests").asLong(), two.err());
        assertFalse(two.json().get("warnings").toString().contains("gzip"), two.json().get("warnings").toString());

        // a second member cut short: the first member's lines and the whole lines of the second are read, with a warning
        byte[] second = gzip(LINES + LINES);
        Path cut = file("cut.jsonl.gz", member, java.util.Arrays.copyOf(second, second.length - 12));
        TestSupport.Run c = TestSupport.cli("analyze", "-f", "json", "-q", cut.toString());
        assertTrue(c.json().get("requests").asLong() >= 3, c.err());
        assertTrue(c.json().get("warnings").toString().contains("gzip stream is truncated or corrupt"), c.json().get("warnings").toString());
    }

    @Test
    void aGzipFileCorruptBeforeItsFirstLineIsNonEmptyInputOfWhichNothingCouldBeRead() throws IOException {
        byte[] member = gzip(LINES);
        byte[] damaged = member.clone();
        for (int i = 10; i < damaged.length - 8; i++) {
            damaged[i] = (byte) 0xFF;
        }
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", file("corrupt.jsonl.gz", damaged).toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("corrupt.jsonl.gz:1: gzip data is corrupt"), r.err());
    }

    @Test
    void aCutGzipDocumentAfterACutGzipJsonlFileDoesNotNameTheEarlierFilesLine() throws IOException {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            many.append(TestSupport.GOOD_LINE).append('\n');
        }
        byte[] lines = gzip(many.toString());
        Path cutLines = file("a-cut.jsonl.gz", java.util.Arrays.copyOf(lines, lines.length - 12));
        StringBuilder doc = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            doc.append(i == 0 ? "" : ",\n").append(TestSupport.GOOD_LINE);
        }
        byte[] array = gzip(doc.append("]").toString());
        Path cutDoc = file("b-cut.json.gz", java.util.Arrays.copyOf(array, array.length - 12));
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", cutLines.toString(), cutDoc.toString());
        String warnings = r.json().get("warnings").toString();
        assertTrue(warnings.contains("a-cut.jsonl.gz: gzip stream is truncated or corrupt after line "), warnings);
        assertTrue(warnings.contains("b-cut.json.gz: gzip stream is truncated or corrupt"), warnings);
        // the document's warning names no line: it has none of its own to name, and the JSONL file's is not its line
        assertFalse(warnings.contains("b-cut.json.gz: gzip stream is truncated or corrupt after line"), warnings);
    }

    /** Review r15 #11: a JSON document holding an empty array was read as 0 requests without a word; an empty file says so. */
    @Test
    void anEmptyJsonArrayIsReportedAsAnEmptyFileIs() throws IOException {
        for (String[] c : new String[][]{{"arr.json", "[]"}, {"arr2.json", "[\n  ]\n"}, {"wrapped.json", "{\n  \"data\": [\n  ]\n}\n"}}) {
            Path p = file(c[0], c[1].getBytes(StandardCharsets.UTF_8));
            for (String command : new String[]{"analyze", "budget"}) {
                TestSupport.Run r = TestSupport.cli(command, "-f", "json", p.toString());
                assertEquals(0, r.code(), c[0] + ": " + r.err());
                assertTrue(r.err().contains(c[0]) && r.err().contains("no records"), command + " " + c[0] + ": " + r.err());
                assertTrue(r.json().get("warnings").toString().contains("no records"), command + " " + c[0] + ": " + r.json().get("warnings"));
            }
            // review r16 #6: ingest's report carries its readers' warnings too
            TestSupport.Run ingest = TestSupport.cli("ingest", p.toString(), "--store", tmp.resolve("store-" + c[0]).toString(), "-f", "json");
            assertEquals(0, ingest.code(), ingest.err());
            assertTrue(ingest.json().get("warnings").toString().contains("no records"), c[0] + ": " + ingest.out());
        }
    }
}
