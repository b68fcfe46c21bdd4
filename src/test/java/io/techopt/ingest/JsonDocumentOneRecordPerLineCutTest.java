package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 18 defect 2: a flush-left array with one compact record per line merged two damaged records into one bad
 * line: a record closed early on a hidden brace followed by a line of junk before the next '{'
 * (early_hidden_junknext.json), and a record cut after {@code "usage":} whose next line lost its '{'
 * (cut_colon_lostbrace.json). In a document whose records each sit on one line, a line starting at the column where
 * records open cannot continue the record of the line before: each damaged record is its own bad line.
 */
class JsonDocumentOneRecordPerLineCutTest {
    @TempDir
    Path tmp;

    private static List<String> records() throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("samples/requests.jsonl.gz")))) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            return new ArrayList<>(Arrays.asList(lines).subList(0, 10));
        }
    }

    /** "[", then record i on line i + 2, then "]". */
    private static String array(List<String> recs) {
        return "[\n" + String.join(",\n", recs) + "\n]\n";
    }

    private JsonNode analyze(String name, String content) throws IOException {
        Path f = TestSupport.write(tmp, name, content);
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
        assertEquals(0, run.code(), run.err());
        return run.json();
    }

    private static List<Long> badLines(JsonNode j) {
        List<Long> out = new ArrayList<>();
        j.get("bad_line_samples").forEach(s -> out.add(s.get("line").asLong()));
        return out;
    }

    @Test
    void aRecordClosedEarlyOnAHiddenBraceThenJunkBeforeTheNextRecordAreTwoBadLines() throws IOException {
        List<String> recs = records();
        String r = recs.get(4);
        int at = r.indexOf(",\"model\"");
        recs.set(4, r.substring(0, at) + ",\"q\":{\"a\":1}}}" + r.substring(at));
        recs.set(5, "junk " + recs.get(5));
        JsonNode j = analyze("early_hidden_junknext.json", array(recs));
        assertEquals(8, j.get("requests").asInt());
        assertEquals(2, j.get("bad_lines").asInt());
        assertEquals(List.of(6L, 7L), badLines(j));
    }

    @Test
    void aRecordCutAfterAColonThenARecordThatLostItsBraceAreTwoBadLines() throws IOException {
        List<String> recs = records();
        String r = recs.get(4);
        recs.set(4, r.substring(0, r.indexOf("\"usage\":") + 8));
        recs.set(5, recs.get(5).substring(1));
        JsonNode j = analyze("cut_colon_lostbrace.json", array(recs));
        assertEquals(8, j.get("requests").asInt());
        assertEquals(2, j.get("bad_lines").asInt());
        assertEquals(List.of(6L, 7L), badLines(j));
    }

    @Test
    void aRecordCutAfterAColonThenAWholeRecordOnTheNextLineIsOneBadLine() throws IOException {
        List<String> recs = records();
        String r = recs.get(4);
        recs.set(4, r.substring(0, r.indexOf("\"usage\":") + 8));
        JsonNode j = analyze("cut_colon.json", array(recs));
        assertEquals(9, j.get("requests").asInt());
        assertEquals(List.of(6L), badLines(j));
    }
}
