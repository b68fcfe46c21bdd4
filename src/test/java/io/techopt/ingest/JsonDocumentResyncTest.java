package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18: a pretty-printed JSON document (.json) with one damaged element loses that element only. The reader
 * resyncs at the next top-level element; the damaged one is one bad line with its line number and reason.
 */
class JsonDocumentResyncTest {
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @TempDir
    Path tmp;

    /** The first 40 records of the bundled sample, each pretty-printed. */
    private static List<String> elements() throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("samples/requests.jsonl.gz")))) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            List<String> out = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                JsonNode n = PRETTY.readTree(lines[i]);
                out.add(PRETTY.writeValueAsString(n).replace("\n", "\n  "));
            }
            return out;
        }
    }

    /** A pretty-printed array of the elements; returns the line on which element {@code k} starts in [1]. */
    private static String array(List<String> els, int k, long[] startLine) {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < els.size(); i++) {
            if (i == k) {
                startLine[0] = b.chars().filter(c -> c == '\n').count() + 1;
            }
            b.append("  ").append(els.get(i)).append(i + 1 < els.size() ? ",\n" : "\n");
        }
        return b.append("]\n").toString();
    }

    private JsonNode analyze(String name, String content) throws IOException {
        Path f = TestSupport.write(tmp, name, content);
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
        assertEquals(0, run.code(), run.err());
        return run.json();
    }

    @Test
    void oneDamagedElementOfAPrettyPrintedArrayIsOneBadLineAndEveryLaterElementIsRead() throws IOException {
        List<String> els = elements();
        JsonNode whole = analyze("whole.json", array(els, 0, new long[1]));
        assertEquals(40, whole.get("requests").asLong());
        assertEquals(0, whole.get("bad_lines").asLong());
        List<UnaryOperator<String>> damages = List.of(
                e -> e.replaceFirst("\"model\" : \"", "\"model\" : \"x\" \""),        // a stray character
                e -> e.replaceFirst("\"model\" : \"([^\"]*)\"", "\"model\" : \"$1"),   // a string left open
                e -> e.substring(0, e.lastIndexOf('}')),                             // its closing brace gone
                e -> e.replaceFirst("\"usage\" : \\{", "\"usage\" : {{"),            // an extra opening brace
                e -> e.replaceFirst("\"messages\" : \\[", "\"messages\" : [}"),      // a mismatched bracket
                e -> e.replaceFirst("\"request_id\"", "} \"request_id\""),           // an early closing brace
                e -> e.substring(e.indexOf('\n') + 1),                               // its opening brace gone
                e -> e.replaceFirst("\"messages\" : \\[", "\"mess\"ages\" : ["));         // a quote hides a '['
        for (int d = 0; d < damages.size(); d++) {
            for (int k : new int[]{0, 4, 39}) {
                List<String> copy = new ArrayList<>(els);
                copy.set(k, damages.get(d).apply(copy.get(k)));
                long[] at = new long[1];
                JsonNode j = analyze("damaged" + d + "_" + k + ".json", array(copy, k, at));
                String what = "damage " + d + " of element " + (k + 1) + ": " + j.get("bad_line_samples");
                assertEquals(39, j.get("requests").asLong(), what);
                assertEquals(1, j.get("bad_lines").asLong(), what);
                long line = j.at("/bad_line_samples/0/line").asLong();
                assertEquals(at[0], line, what);
                assertTrue(j.at("/bad_line_samples/0/reason").asText().startsWith("malformed JSON"), what);
                assertEquals(whole.get("cost_usd").asDouble() - costOf(els.get(k)), j.get("cost_usd").asDouble(), 1e-9, what);
            }
        }
    }

    /**
     * Fuzz logs 13, 45, 73, 105 (and the document parts of 53, 81): a damaged element whose junk followed its own
     * closing bracket was counted as two (a bad record and "data outside any record"), or as a request and a bad
     * line. Each kept file's damage, on the sample's records: deep nesting that lost a '[' (so it closes on its first
     * line) with the rest of the record after it, with or without a '{' glued on; a ']' or a second ',' glued to a
     * clean record's closing brace.
     */
    @Test
    void junkAfterADamagedElementsOwnCloseIsPartOfThatOneBadElement() throws IOException {
        List<String> els = elements();
        String deep = "{\"deep\":[[[0]]]]"; // one '[' lost: the last ']' closes the record on its first line
        List<UnaryOperator<String>> damages = List.of(
                e -> deep + "," + e.substring(1),       // log 45, 105: the record's lines follow the early close
                e -> deep + ",{" + e.substring(1),      // log 13: and a '{' glued after the comma
                e -> e + "]",                           // log 73: a ']' glued to a clean record's close
                e -> e + ",");                          // log 73: a second ',' after a clean record
        for (int d = 0; d < damages.size(); d++) {
            for (int k : new int[]{0, 4, 39}) {
                if (d == 3 && k == 39) {
                    continue; // the last record's extra ',' is the separator before ']': a clean record, read
                }
                List<String> copy = new ArrayList<>(els);
                copy.set(k, damages.get(d).apply(copy.get(k)));
                long[] at = new long[1];
                JsonNode j = analyze("glued" + d + "_" + k + ".json", array(copy, k, at));
                String what = "damage " + d + " of element " + (k + 1) + ": " + j.get("bad_line_samples");
                assertEquals(39, j.get("requests").asLong(), what);
                assertEquals(1, j.get("bad_lines").asLong(), what);
                assertEquals(at[0], j.at("/bad_line_samples/0/line").asLong(), what);
                assertTrue(j.at("/bad_line_samples/0/reason").asText().startsWith("malformed JSON"), what);
            }
        }
    }

    private double costOf(String element) throws IOException {
        JsonNode j = analyze("one.json", "[\n  " + element + "\n]\n");
        assertEquals(1, j.get("requests").asLong());
        return j.get("cost_usd").asDouble();
    }

    @Test
    void aFileCutInsideItsLastElementReadsEveryCompleteElement() throws IOException {
        List<String> els = elements();
        long[] at = new long[1];
        String doc = array(els, 39, at);
        int cut = doc.lastIndexOf("\"usage\"");
        JsonNode j = analyze("cut.json", doc.substring(0, cut));
        assertEquals(39, j.get("requests").asLong(), j.toString());
        assertEquals(1, j.get("bad_lines").asLong());
        assertEquals(at[0], j.at("/bad_line_samples/0/line").asLong());
        assertEquals("file ends inside this record (truncated?)", j.at("/bad_line_samples/0/reason").asText());
        assertTrue(j.get("warnings").toString().contains("the JSON array is not closed"), j.get("warnings").toString());
        // cut between two elements: nothing is bad, the missing ']' is a warning
        JsonNode between = analyze("cut2.json", doc.substring(0, doc.lastIndexOf("\n  },\n") + 5));
        assertEquals(39, between.get("requests").asLong());
        assertEquals(0, between.get("bad_lines").asLong());
    }

    @Test
    void compactElementsOneALineInAnArrayResyncToo() throws IOException {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < 10; i++) {
            String e = TestSupport.GOOD_LINE;
            if (i == 3) {
                e = e.substring(0, e.length() - 2); // both closing braces gone
            }
            b.append(e).append(i < 9 ? ",\n" : "\n");
        }
        JsonNode j = analyze("compact.json", b.append("]").toString());
        assertEquals(9, j.get("requests").asLong(), j.toString());
        assertEquals(1, j.get("bad_lines").asLong());
        assertEquals(5, j.at("/bad_line_samples/0/line").asLong());
    }
    @Test
    void aDamagedFirstRecordDoesNotDecideTheDocumentsFormat() throws IOException {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < 10; i++) {
            String type = i == 0 ? "" : "\"type\":\"GENERATION\",";
            b.append("  {\n    \"id\":\"g").append(i).append("\",\n    ").append(type).append("\"traceId\":\"t").append(i)
                    .append("\",\n    \"startTime\":\"2026-10-01T10:00:0").append(i).append("Z\",\n    \"model\":\"gpt-4o-mini\",\n")
                    .append("    \"usageDetails\":{\"input\":60,\"output\":12,\"total\":72}\n  }").append(i < 9 ? ",\n" : "\n");
        }
        JsonNode j = analyze("langfuse.json", b.append("]\n").toString());
        assertEquals(9, j.get("requests").asLong(), j.get("bad_line_samples").toString());
        assertEquals("langfuse", j.at("/inputs/0/format").asText());
        assertEquals(0, j.get("bad_lines").asLong(), j.get("bad_line_samples").toString());
    }
}
