package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18: a damaged element of a .json array whose cut the syntax could still continue (inside a nested list, or
 * mid-string on a one-line compact array) swallowed every element after it, reported as "file ends inside this
 * record (truncated?)" though the file was whole. It must be one bad line, every later element read.
 */
class DamagedArrayElementSwallowingTheRestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @TempDir
    Path tmp;

    /** Ten canonical records whose messages are real paraphrase pairs from ../shared/data/gptcache-qqp. */
    private static List<ObjectNode> records() throws IOException {
        JsonNode pairs = JSON.readTree(TestSupport.shared("data/gptcache-qqp/mock_data.json").toFile());
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ObjectNode r = JSON.createObjectNode();
            r.put("timestamp", "2026-10-01T10:0" + i + ":00Z");
            r.put("request_id", "req-" + i);
            r.put("model", "gpt-4o-mini");
            ArrayNode m = r.putArray("messages");
            m.addObject().put("role", "user").put("content", pairs.get(i).get("origin").asText());
            m.addObject().put("role", "user").put("content", pairs.get(i).get("similar").asText());
            r.putObject("usage").put("input_tokens", 100).put("output_tokens", 10);
            out.add(r);
        }
        return out;
    }

    private JsonNode analyze(String content) throws IOException {
        Path f = TestSupport.write(tmp, "log.json", content);
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
        assertEquals(0, run.code(), run.err());
        return run.json();
    }

    /** A pretty-printed array with flush-left elements (as json.dumps(..., indent=2) per element writes it). */
    private static String prettyArray(List<String> els) {
        return "[\n" + String.join(",\n", els) + "\n]\n";
    }

    private static void assertOneBadLineAndTheRestRead(JsonNode j, long badLine) {
        String what = j.get("bad_line_samples").toString();
        assertEquals(9, j.get("requests").asLong(), what);
        assertEquals(1, j.get("bad_lines").asLong(), what);
        assertEquals(badLine, j.at("/bad_line_samples/0/line").asLong(), what);
        assertFalse(j.at("/bad_line_samples/0/reason").asText().contains("truncated"), what);
    }

    @Test
    void aPrettyPrintedElementCutJustAfterANestedListOpensIsOneBadLineAndTheLaterElementsAreRead() throws IOException {
        List<String> els = new ArrayList<>();
        for (ObjectNode r : records()) {
            els.add(PRETTY.writeValueAsString(r));
        }
        String e = els.get(4);
        els.set(4, e.substring(0, e.indexOf('[') + 1)); // cut just after "messages" : [
        long line = 2;
        for (int i = 0; i < 4; i++) {
            line += els.get(i).chars().filter(c -> c == '\n').count() + 1;
        }
        assertOneBadLineAndTheRestRead(analyze(prettyArray(els)), line);
    }

    @Test
    void aCompactOneLineArrayWithAnElementCutMidStringIsOneBadLineAndTheLaterElementsAreRead() throws IOException {
        List<String> els = new ArrayList<>();
        for (ObjectNode r : records()) {
            els.add(JSON.writeValueAsString(r));
        }
        String e = els.get(4);
        els.set(4, e.substring(0, e.indexOf("\"content\":\"") + 30)); // inside the first message's text
        assertOneBadLineAndTheRestRead(analyze("[" + String.join(",", els) + "]"), 1);
        // and cut right after a nested list opens
        els.set(4, e.substring(0, e.indexOf('[') + 1));
        assertOneBadLineAndTheRestRead(analyze("[" + String.join(",", els) + "]"), 1);
    }

    @Test
    void anArrayReallyCutShortInsideItsLastElementsNestedListStaysOneTruncatedRecord() throws IOException {
        List<String> els = new ArrayList<>();
        for (ObjectNode r : records()) {
            els.add(JSON.writeValueAsString(r));
        }
        String last = els.get(9);
        // cut inside the second message: its own ",{" must not pass for the next record
        els.set(9, last.substring(0, last.indexOf("{\"role\"", last.indexOf("{\"role\"") + 1) + 20));
        JsonNode j = analyze("[" + String.join(",", els));
        String what = j.get("bad_line_samples").toString();
        assertEquals(9, j.get("requests").asLong(), what);
        assertEquals(1, j.get("bad_lines").asLong(), what);
        assertTrue(j.at("/bad_line_samples/0/reason").asText().contains("truncated"), what);
    }
}
