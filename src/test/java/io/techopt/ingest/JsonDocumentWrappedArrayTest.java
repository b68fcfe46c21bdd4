package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 (review of session 5, /tmp/rv-h18/doc/r16): a document shaped as API exports write it, an object wrapping
 * the array of records ({"data": [ … ], "meta": {…}}), was read as one record ("missing required field
 * 'timestamp'", exit 3): every record lost. Each record of the wrapped array is read, a damaged one is one bad line
 * with its own line number, and the report says what the object held besides the array.
 */
class JsonDocumentWrappedArrayTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static ArrayNode records(int n) throws IOException {
        ArrayNode a = JSON.createArrayNode();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("samples/requests.jsonl.gz")))) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < n; i++) {
                a.add(JSON.readTree(lines[i]));
            }
        }
        return a;
    }

    @Test
    void everyRecordOfAnArrayWrappedInAnObjectIsReadAndTheOtherMembersAreNamed() throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        doc.set("data", records(20));
        doc.putObject("meta").put("page", 1).put("total_items", 20);
        Path f = TestSupport.write(tmp, "export.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", f.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(20, j.get("requests").asLong() + j.get("duplicate_request_ids").asLong(), j.get("bad_line_samples").toString());
        assertEquals(0, j.get("bad_lines").asLong(), j.get("bad_line_samples").toString());
        assertEquals(20, j.at("/ingest/lines_read").asLong());
        assertTrue(j.get("warnings").toString().contains("an object wrapping an array of records under \\\"data\\\""), j.get("warnings").toString());
        assertTrue(j.get("warnings").toString().contains("after the wrapped array"), j.get("warnings").toString());
    }

    /** As r16 lays it out: each record opens on its own line, four spaces in. */
    @Test
    void aRecordCutShortInsideTheWrappedArrayIsOneBadLineWithItsOwnLineNumber() throws IOException {
        ArrayNode recs = records(12);
        StringBuilder b = new StringBuilder("{\n  \"data\": [\n");
        long line = 3, cutLine = -1;
        for (int i = 0; i < recs.size(); i++) {
            String[] rec = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(recs.get(i)).split("\n");
            for (String l : rec) {
                if (i == 5 && l.contains("\"model\"")) { // the 6th record ends in the middle of its model line
                    b.append("    ").append(l, 0, l.length() / 2).append('\n');
                    cutLine = line - (l.contains("\"model\"") ? countUntilModel(rec) : 0);
                    line++;
                    break;
                }
                b.append("    ").append(l);
                b.append(l.equals("}") && i + 1 < recs.size() ? ",\n" : "\n");
                line++;
            }
        }
        b.append("  ]\n}\n");
        Path f = TestSupport.write(tmp, "cut.json", b.toString());
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", f.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(11, j.get("requests").asLong() + j.get("duplicate_request_ids").asLong(), j.get("bad_line_samples").toString());
        assertEquals(1, j.get("bad_lines").asLong(), j.get("bad_line_samples").toString());
        assertEquals(cutLine, j.at("/bad_line_samples/0/line").asLong(), j.get("bad_line_samples").toString());
        assertEquals(12, j.at("/ingest/lines_read").asLong());
    }

    /** Lines of a pretty-printed record before its "model" line (the record's '{' line included). */
    private static int countUntilModel(String[] rec) {
        int n = 0;
        while (!rec[n].contains("\"model\"")) {
            n++;
        }
        return n;
    }
}
