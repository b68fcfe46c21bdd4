package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Langfuse's model field is optional. A generation that logs its cost but no model was a bad line (exit 3 when alone;
 * review r13 #5) although the dollars are known: it is a request billed as logged under '(no model)' (or
 * --default-model), as a CSV usage row without a model is, with a warning. Without a cost it stays a bad event.
 */
class LangfuseCostWithoutAModelIsBilledAsLoggedTest {
    @TempDir
    Path tmp;

    static final String TIMES = "\"startTime\":\"2026-03-01T10:00:00.100Z\",\"endTime\":\"2026-03-01T10:00:00.400Z\"";

    static String generation(String id, String fields) {
        return "{\"id\":\"e" + id + "\",\"type\":\"generation-create\",\"body\":{\"id\":\"" + id + "\",\"traceId\":\"t1\","
                + "\"name\":\"chat\"," + TIMES + "," + fields + "}}";
    }

    TestSupport.Run analyze(String content, String... more) throws Exception {
        Path f = TestSupport.write(tmp, "lf.jsonl", content);
        String[] args = new String[4 + more.length];
        args[0] = "analyze";
        args[1] = "-f";
        args[2] = "json";
        System.arraycopy(more, 0, args, 3, more.length);
        args[args.length - 1] = f.toString();
        return TestSupport.cli(args);
    }

    @Test
    void aGenerationWithACostAndNoModelIsARequestBilledAsLoggedUnderNoModel() throws Exception {
        // G1: gpt-4o 1000/100 = $0.0035 priced; G2: no model, costDetails.total $0.0035; G3: no model, usage and a cost $0.002
        String batch = "{\"batch\":[" + generation("G1", "\"model\":\"gpt-4o\",\"usage\":{\"input\":1000,\"output\":100}") + ","
                + generation("G2", "\"costDetails\":{\"total\":0.0035}") + ","
                + generation("G3", "\"usage\":{\"input\":500,\"output\":50},\"costDetails\":{\"total\":0.002}") + "]}\n";
        TestSupport.Run run = analyze(batch);
        assertEquals(0, run.code(), run.err());
        JsonNode d = run.json();
        assertEquals(3, d.get("requests").asLong());
        assertEquals(0, d.get("bad_lines").asLong());
        assertEquals(0.0035 + 0.0035 + 0.002, d.get("cost_usd").asDouble(), 1e-12);
        JsonNode noModel = null;
        for (JsonNode m : d.get("by_model")) {
            if (m.get("model").asText().equals("(no model)")) {
                noModel = m;
            }
        }
        assertTrue(noModel != null, d.get("by_model").toString());
        assertEquals(2, noModel.get("requests").asLong());
        assertEquals(0.0055, noModel.get("cost_usd").asDouble(), 1e-12);
        assertTrue(d.get("warnings").toString().contains("2 requests logged a cost but no model"), d.get("warnings").toString());

        TestSupport.Run named = analyze(batch, "--default-model", "gpt-4o-mini");
        assertEquals(0, named.code(), named.err());
        assertEquals(0.009, named.json().get("cost_usd").asDouble(), 1e-12, "billed as logged under the default model");
    }

    @Test
    void aGenerationWithNeitherACostNorAModelIsStillABadEvent() throws Exception {
        String batch = "{\"batch\":[" + generation("G1", "\"model\":\"gpt-4o\",\"usage\":{\"input\":1000,\"output\":100}") + ","
                + generation("G2", "\"usage\":{\"input\":1000,\"output\":100}") + "]}\n";
        TestSupport.Run run = analyze(batch);
        assertEquals(0, run.code(), run.err());
        assertEquals(1, run.json().get("requests").asLong());
        assertEquals(1, run.json().get("bad_lines").asLong());
        assertTrue(run.json().at("/bad_line_samples/0/reason").asText().contains("missing required field 'model'"));
    }
}
