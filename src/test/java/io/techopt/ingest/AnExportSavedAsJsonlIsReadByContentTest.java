package io.techopt.ingest;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r19 N6: r18 F3 read a one-line {"data":[…]} in a .jsonl file, not its siblings: a one-line JSON array
 * (`w_arr.jsonl:1: not a JSON object`, exit 3, while the same bytes as .json read fine) and a pretty-printed export
 * saved as .jsonl (a bad line for each of its lines). A line-format name does not make a document lines. Also OpenAI's
 * own `"has_more":false` after the array drew a warning about bytes not read.
 */
class AnExportSavedAsJsonlIsReadByContentTest {
    @TempDir
    Path tmp;

    private static final String A = "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}";
    private static final String B = A.replace("10:00", "11:00");
    private static final String C = A.replace("10:00", "12:00");

    @Test
    void anArrayOrAPrettyPrintedExportInAJsonlFileIsReadRecordByRecord() throws IOException {
        String pretty = "  {\n    \"timestamp\": \"2026-10-01T10:00:00Z\",\n    \"model\": \"gpt-4o-mini\",\n"
                + "    \"usage\": {\"input_tokens\": 100, \"output_tokens\": 10}\n  }";
        String[] docs = {
                "[" + A + "," + B + "," + C + "]\n",
                "[" + A + ", " + B + ", " + C + "]",
                "[\n" + pretty + ",\n" + pretty.replace("10:00", "11:00") + ",\n" + pretty.replace("10:00", "12:00") + "\n]\n",
                "{\n  \"data\": [\n  " + pretty.replace("\n", "\n  ") + ",\n  " + pretty.replace("10:00", "11:00").replace("\n", "\n  ")
                        + ",\n  " + pretty.replace("10:00", "12:00").replace("\n", "\n  ") + "\n  ]\n}\n",
                "{\"object\": \"list\",\n \"data\": [\n" + A + ",\n" + B + ",\n" + C + "\n],\n \"has_more\": false}\n"};
        for (String doc : docs) {
            for (String name : new String[]{"export.jsonl", "export.ndjson", "export"}) {
                Path f = TestSupport.write(tmp, name, doc);
                TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
                assertEquals(0, r.code(), name + " " + doc + ": " + r.err());
                assertEquals(3, r.json().get("requests").asLong(), name + " " + doc);
                assertEquals(0, r.json().get("bad_lines").asLong(), name + " " + doc);
            }
        }
        Path empty = TestSupport.write(tmp, "empty.jsonl", "[]\n");
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", empty.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(0, r.json().get("bad_lines").asLong());
    }

    @Test
    void openAisScalarMembersAfterTheArrayAreNoWarningButOtherDataIs() throws IOException {
        Path list = TestSupport.write(tmp, "list.jsonl", "{\"object\":\"list\",\"data\":[" + A + "],\"first_id\":\"x\",\"has_more\":false}\n");
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", list.toString());
        assertEquals(1, r.json().get("requests").asLong(), r.err());
        String warnings = r.json().get("warnings").toString();
        assertFalse(warnings.contains("were not read as records"), warnings);
        assertTrue(warnings.contains("wrapping an array of records under \\\"data\\\""), warnings);

        Path more = TestSupport.write(tmp, "more.jsonl", "{\"data\":[" + A + "],\"extra\":[" + B + "]}\n");
        TestSupport.Run m = TestSupport.cli("analyze", "-f", "json", "-q", more.toString());
        assertTrue(m.json().get("warnings").toString().contains("were not read as records"), m.json().get("warnings").toString());
    }

    @Test
    void jsonLinesStayLines() throws IOException {
        Path lines = TestSupport.write(tmp, "three.jsonl", A + "\n" + B + "\n" + C + "\n");
        assertEquals(3, TestSupport.cli("analyze", "-f", "json", "-q", lines.toString()).json().get("requests").asLong());
        // a damaged first line does not turn a JSONL file into one document
        Path damaged = TestSupport.write(tmp, "damaged.jsonl", "{\"timestamp\": \"2026-10-01T\n" + B + "\n" + C + "\n");
        TestSupport.Run d = TestSupport.cli("analyze", "-f", "json", "-q", damaged.toString());
        assertEquals(2, d.json().get("requests").asLong(), d.err());
        assertEquals(1, d.json().get("bad_lines").asLong(), d.err());
    }
}
