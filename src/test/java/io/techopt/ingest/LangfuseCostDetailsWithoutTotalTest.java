package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Langfuse's cost details are USD per usage type; "if no total is given, Langfuse sums up all usage types"
 * (langfuse.com/docs/token-usage). A generation logging {@code costDetails: {input: 0.0025, output: 0.001}} and no
 * usage was "no LLM request" (requests 0, cost null; review r13 #4): it is one request billed as logged, $0.0035,
 * as {@code costDetails: {total: 0.0035}} is.
 */
class LangfuseCostDetailsWithoutTotalTest {
    @TempDir
    Path tmp;

    static final String TIMES = "\"startTime\":\"2026-03-01T10:00:00.100Z\",\"endTime\":\"2026-03-01T10:00:00.400Z\"";

    JsonNode analyze(String name, String content) throws Exception {
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", TestSupport.write(tmp, name, content).toString());
        assertEquals(0, run.code(), run.err());
        return run.json();
    }

    @Test
    void costDetailsByUsageTypeWithoutATotalAreSummedInABatchAndInAnExport() throws Exception {
        String batch = "{\"batch\":[{\"id\":\"e1\",\"type\":\"generation-create\",\"body\":{\"id\":\"G1\",\"traceId\":\"t1\","
                + "\"name\":\"chat\"," + TIMES + ",\"model\":\"gpt-4o\",\"costDetails\":{\"input\":0.0025,\"output\":0.001}}}]}\n";
        String export = "[{\"id\":\"o1\",\"traceId\":\"t1\",\"type\":\"GENERATION\",\"name\":\"chat\"," + TIMES
                + ",\"model\":\"gpt-4o\",\"cost_details\":{\"input\":0.0025,\"output\":0.001}}]";
        for (String[] f : new String[][]{{"batch.jsonl", batch}, {"export.json", export}}) {
            JsonNode d = analyze(f[0], f[1]);
            assertEquals(1, d.get("requests").asLong(), f[0]);
            assertEquals(0.0035, d.get("cost_usd").asDouble(), 1e-12, f[0]);
            // review r15 #10: the billing note said no request logged a cost
            String note = d.at("/billing/note").asText();
            assertTrue(note.contains("the 1 request that logged a cost carries no token usage"), f[0] + ": " + note);
        }
    }

    @Test
    void aTotalWinsOverThePartsAndAPartThatIsNotANumberIsABadEvent() throws Exception {
        String both = "{\"batch\":[{\"id\":\"e1\",\"type\":\"generation-create\",\"body\":{\"id\":\"G1\",\"traceId\":\"t1\","
                + "\"name\":\"chat\"," + TIMES + ",\"model\":\"gpt-4o\",\"costDetails\":{\"input\":0.0025,\"output\":0.001,"
                + "\"total\":0.0035}}}]}\n";
        assertEquals(0.0035, analyze("both.jsonl", both).get("cost_usd").asDouble(), 1e-12, "the total, not total + parts");
        String bad = "{\"batch\":[{\"id\":\"e1\",\"type\":\"generation-create\",\"body\":{\"id\":\"G1\",\"traceId\":\"t1\","
                + "\"name\":\"chat\"," + TIMES + ",\"model\":\"gpt-4o\",\"costDetails\":{\"input\":\"n/a\",\"output\":0.001}}},"
                + "{\"id\":\"e2\",\"type\":\"generation-create\",\"body\":{\"id\":\"G2\",\"traceId\":\"t1\",\"name\":\"chat\","
                + TIMES + ",\"model\":\"gpt-4o\",\"costDetails\":{\"total\":0.0035}}}]}\n";
        JsonNode d = analyze("bad.jsonl", bad);
        assertEquals(1, d.get("requests").asLong());
        assertEquals(0.0035, d.get("cost_usd").asDouble(), 1e-12);
        assertTrue(d.at("/bad_line_samples/0/reason").asText().contains("cost detail 'input' is not a number"), d.get("bad_line_samples").toString());
    }
}
