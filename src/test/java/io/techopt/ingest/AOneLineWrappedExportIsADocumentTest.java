package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r16 #5: a list API's export saved as it comes, one JSON document on one line ({"data":[…]} or OpenAI's
 * {"object":"list","data":[…],"has_more":false}), was read as one JSON line: "missing required field 'timestamp'",
 * exit 3, its records lost, while the same document pretty-printed was read. A one-line document is a document.
 */
class AOneLineWrappedExportIsADocumentTest {
    @TempDir
    Path tmp;

    private static final String RECORD = "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}";

    @Test
    void aOneLineWrappedArrayIsReadRecordByRecord() throws IOException {
        String two = RECORD + "," + RECORD.replace("10:00", "11:00");
        for (String doc : new String[]{"{\"data\":[" + two + "]}\n", "{\"object\":\"list\",\"data\":[" + two + "],\"has_more\":false}",
                "{\"object\": \"list\", \"first_id\": null, \"data\": [" + two + "]}\n"}) {
            Path f = TestSupport.write(tmp, "export.json", doc);
            TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
            assertEquals(0, r.code(), doc + ": " + r.err());
            JsonNode j = r.json();
            assertEquals(2, j.get("requests").asLong(), doc);
            assertEquals(0, j.get("bad_lines").asLong(), doc);
            assertTrue(j.get("warnings").toString().contains("wrapping an array of records"), j.get("warnings").toString());
        }
    }

    @Test
    void aOneLineWrappedEmptyArrayIsAnEmptyLogNotABadLine() throws IOException {
        for (String doc : new String[]{"{\"data\": []}", "{\"object\":\"list\",\"data\":[],\"has_more\":false}\n"}) {
            Path f = TestSupport.write(tmp, "empty.json", doc);
            TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
            assertEquals(0, r.code(), doc + ": " + r.err());
            assertEquals(0, r.json().get("bad_lines").asLong(), doc);
            assertTrue(r.json().get("warnings").toString().contains("the wrapped array is empty"), r.json().get("warnings").toString());
        }
    }

    /** Review r18 F3: the same one line in a file named .jsonl or .jsonl.gz lost every record, exit 3. */
    @Test
    void aOneLineWrappedArrayIsReadWhateverTheFileIsNamed() throws IOException {
        String two = RECORD + "," + RECORD.replace("10:00", "11:00");
        for (String doc : new String[]{"{\"data\":[" + two + "]}\n", "{\"object\":\"list\",\"data\":[" + two + "],\"has_more\":false}"}) {
            Path plain = TestSupport.write(tmp, "usage.jsonl", doc);
            Path gz = tmp.resolve("usage2.jsonl.gz");
            try (var out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(gz))) {
                out.write(doc.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            for (Path f : new Path[]{plain, gz}) {
                TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
                assertEquals(0, r.code(), f + " " + doc + ": " + r.err());
                assertEquals(2, r.json().get("requests").asLong(), f + " " + doc);
                assertEquals(0, r.json().get("bad_lines").asLong(), f + " " + doc);
            }
        }
        Path empty = TestSupport.write(tmp, "empty.jsonl", "{\"data\": []}\n");
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", empty.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.json().get("warnings").toString().contains("the wrapped array is empty"), r.json().get("warnings").toString());
        // two JSONL records stay two lines, a record with an array member stays one record
        Path lines = TestSupport.write(tmp, "two.jsonl", RECORD + "\n" + RECORD + "\n");
        assertEquals(2, TestSupport.cli("analyze", "-f", "json", "-q", lines.toString()).json().get("requests").asLong());
    }

    @Test
    void aOneLineRecordIsStillOneJsonLine() throws IOException {
        Path f = TestSupport.write(tmp, "one.json", RECORD + "\n");
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.json().get("requests").asLong());
    }
}
