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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 (second review): a .json document never discards records that parse. Two arrays glued "][" lost the second
 * array; a compact one-line array with one element cut lost every element after it; null, 42 and "x" among the
 * records were one bad unit for three non-object elements.
 */
class JsonDocumentNeverDropsRecordsThatParseTest {
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
            r.putObject("metadata").put("app", "support").put("seq", i);
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

    @Test
    void twoPrettyPrintedArraysGluedOneAfterTheOtherAreBothRead() throws IOException {
        List<ObjectNode> rs = records();
        ArrayNode a = JSON.createArrayNode();
        ArrayNode b = JSON.createArrayNode();
        for (int i = 0; i < 10; i++) {
            (i < 5 ? a : b).add(rs.get(i));
        }
        JsonNode j = analyze(PRETTY.writeValueAsString(a) + "\n" + PRETTY.writeValueAsString(b) + "\n");
        assertEquals(10, j.get("requests").asLong(), j.get("bad_line_samples").toString());
        assertEquals(0, j.get("bad_lines").asLong(), j.get("bad_line_samples").toString());
        JsonNode compact = analyze(JSON.writeValueAsString(a) + JSON.writeValueAsString(b));
        assertEquals(10, compact.get("requests").asLong(), compact.get("bad_line_samples").toString());
        assertEquals(0, compact.get("bad_lines").asLong(), compact.get("bad_line_samples").toString());
    }

    @Test
    void anArrayAsJacksonsPrettyPrinterWritesItIsReadWhole() throws IOException {
        // "[ {" ... "}, {" ... "} ]": each record opens mid-line and closes left of its '{' (was 0 requests, exit 3)
        ArrayNode a = JSON.createArrayNode();
        records().forEach(a::add);
        JsonNode j = analyze(PRETTY.writeValueAsString(a) + "\n");
        assertEquals(10, j.get("requests").asLong(), j.get("bad_line_samples").toString());
        assertEquals(0, j.get("bad_lines").asLong(), j.get("bad_line_samples").toString());
    }

    @Test
    void aCompactOneLineArrayWithElementFourCutReadsTheOtherNine() throws IOException {
        List<String> els = new ArrayList<>();
        for (ObjectNode r : records()) {
            els.add(JSON.writeValueAsString(r));
        }
        String e = els.get(3);
        els.set(3, e.substring(0, e.indexOf("\"metadata\":") + "\"metadata\":".length())); // value cut: "metadata":,{...
        JsonNode j = analyze("[" + String.join(",", els) + "]\n");
        String what = j.get("bad_line_samples").toString();
        assertEquals(9, j.get("requests").asLong(), what);
        assertEquals(1, j.get("bad_lines").asLong(), what);
    }

    @Test
    void eachNonObjectElementOfAnArrayIsOneBadUnit() throws IOException {
        List<String> els = new ArrayList<>();
        for (ObjectNode r : records()) {
            els.add(PRETTY.writeValueAsString(r).replace("\n", "\n  "));
        }
        els.add(5, "null");
        els.add(6, "42");
        els.add(7, "\"x\"");
        JsonNode j = analyze("[\n  " + String.join(",\n  ", els) + "\n]\n");
        String what = j.get("bad_line_samples").toString();
        assertEquals(10, j.get("requests").asLong(), what);
        assertEquals(3, j.get("bad_lines").asLong(), what);
        for (JsonNode b : j.get("bad_line_samples")) {
            assertTrue(b.get("reason").asText().contains("not a JSON object"), what);
        }
        // compact, all on one line
        els.clear();
        for (ObjectNode r : records()) {
            els.add(JSON.writeValueAsString(r));
        }
        els.add(5, "null");
        els.add(6, "42");
        els.add(7, "\"x\"");
        JsonNode c = analyze("[" + String.join(", ", els) + "]\n");
        assertEquals(10, c.get("requests").asLong(), c.get("bad_line_samples").toString());
        assertEquals(3, c.get("bad_lines").asLong(), c.get("bad_line_samples").toString());
    }
}
