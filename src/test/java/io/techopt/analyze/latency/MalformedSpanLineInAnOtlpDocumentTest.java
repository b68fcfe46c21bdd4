package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An OTLP JSON export written as one indented document (as collectors' file exporters and SDK consoles write it): a
 * malformed span is reported at the line where the span itself starts, with its place in the document, not at the
 * document's first line.
 */
class MalformedSpanLineInAnOtlpDocumentTest {
    @TempDir
    Path tmp;

    /** Two resourceSpans, the second holding three spans; its third span has no end time. */
    static String document() throws Exception {
        List<String> lines = LatencyMapCliTest.agentTraceLines();
        ObjectNode doc = (ObjectNode) TestSupport.JSON.readTree(lines.get(0));
        ArrayNode rs = (ArrayNode) doc.get("resourceSpans");
        ObjectNode second = (ObjectNode) TestSupport.JSON.readTree(lines.get(1)).get("resourceSpans").get(0);
        ArrayNode spans = (ArrayNode) second.get("scopeSpans").get(0).get("spans");
        spans.add(TestSupport.JSON.readTree(lines.get(3)).at("/resourceSpans/0/scopeSpans/0/spans/0"));
        ObjectNode broken = (ObjectNode) TestSupport.JSON.readTree(lines.get(2)).at("/resourceSpans/0/scopeSpans/0/spans/0").deepCopy();
        broken.remove("endTimeUnixNano");
        spans.add(broken);
        rs.add(second);
        return TestSupport.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    }

    @Test
    void aMalformedSpanInAnIndentedDocumentIsReportedAtItsOwnLineWithItsPlaceInTheDocument() throws Exception {
        String doc = document();
        Path f = TestSupport.write(tmp, "export.json", doc);
        // by hand: the broken span is the only "vector search" one; its object opens on the nearest line above its
        // name that ends with '{' (its scalar fields come first)
        String[] lines = doc.split("\n", -1);
        int spanLine = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("\"vector search\"")) {
                int k = i;
                while (!lines[k].trim().endsWith("{")) {
                    k--;
                }
                spanLine = k + 1;
            }
        }
        assertTrue(spanLine > 1);
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode lat = run.json().get("latency");
        assertEquals(1, lat.get("malformed_spans").asLong(), lat.toString());
        assertEquals(3, lat.get("spans").asLong());
        JsonNode sample = lat.at("/malformed_span_samples/0");
        assertEquals(spanLine, sample.get("line").asLong(), doc);
        assertTrue(sample.get("reason").asText().contains("/resourceSpans/1/scopeSpans/0/spans/2"), sample.toString());
        assertTrue(sample.get("reason").asText().contains("endTimeUnixNano"), sample.toString());
    }

    @Test
    void onOneLinePerDocumentTheLineIsTheLineAndThePlaceIsStillGiven() throws Exception {
        String doc = TestSupport.JSON.writeValueAsString(TestSupport.JSON.readTree(document()));
        Path f = TestSupport.write(tmp, "export.jsonl", doc + "\n" + doc.replace("b2b2", "c3c3") + "\n");
        JsonNode lat = TestSupport.cli("analyze", "-f", "json", "-q", f.toString()).json().get("latency");
        assertEquals(2, lat.get("malformed_spans").asLong(), lat.toString());
        assertEquals(1, lat.at("/malformed_span_samples/0/line").asLong());
        assertEquals(2, lat.at("/malformed_span_samples/1/line").asLong());
        assertTrue(lat.at("/malformed_span_samples/1/reason").asText().contains("/resourceSpans/1/scopeSpans/0/spans/2"));
    }
}
