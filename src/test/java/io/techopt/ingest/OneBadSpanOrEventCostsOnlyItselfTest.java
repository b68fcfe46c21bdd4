package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An OTLP export line holds up to 512 spans (BatchSpanProcessor) and a Langfuse ingestion batch many events: one bad
 * span or event (no model, a negative, non-numeric or absurd token count, a 1970 time) is a bad line entry naming its
 * place in the document, and the line's other calls are read (review r13 #1). Each good call: gpt-4o, 1000 input and
 * 100 output tokens = 1000 x $2.50/1M + 100 x $10/1M = $0.0035.
 */
class OneBadSpanOrEventCostsOnlyItselfTest {
    @TempDir
    Path tmp;

    static String attr(String key, String value) {
        return "{\"key\":\"" + key + "\",\"value\":{\"stringValue\":\"" + value + "\"}}";
    }

    static String intAttr(String key, String value) {
        return "{\"key\":\"" + key + "\",\"value\":{\"intValue\":\"" + value + "\"}}";
    }

    /** A chat span with usage; {@code model} null leaves the model attribute out. */
    static String chatSpan(String id, String model, String inputTokens, String startNs) {
        return "{\"traceId\":\"ffffffffffffffffffffffffffffffff\",\"spanId\":\"" + id + "\",\"parentSpanId\":\"1\","
                + "\"name\":\"chat\",\"startTimeUnixNano\":\"" + startNs + "\",\"endTimeUnixNano\":\""
                + (Long.parseLong(startNs) + 300_000_000L) + "\",\"attributes\":[" + attr("gen_ai.operation.name", "chat")
                + (model == null ? "" : "," + attr("gen_ai.request.model", model))
                + "," + intAttr("gen_ai.usage.input_tokens", inputTokens) + "," + intAttr("gen_ai.usage.output_tokens", "100") + "]}";
    }

    static String otlpLine(String... spans) {
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[]},\"scopeSpans\":[{\"spans\":["
                + String.join(",", spans) + "]}]}]}";
    }

    static final String T = "1767225600100000000"; // 2026-01-01T00:00:00.1Z

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no model|           |1000       |1767225600100000000|missing required field 'model'",
            "negative tokens|gpt-4o|-5        |1767225600100000000|token count 'gen_ai.usage.input_tokens'",
            "tokens not a number|gpt-4o|abc   |1767225600100000000|token count 'gen_ai.usage.input_tokens'",
            "tokens of 10^10|gpt-4o|10000000000|1767225600100000000|10^9 or more",
            "a 1970 span|gpt-4o|1000          |100000000          |1970-01-01"})
    void oneBadSpanOfAnOtlpLineIsSkippedAloneAndTheOtherCallsAreRead(String what, String model, String tokens,
                                                                     String startNs, String reason) throws Exception {
        Path f = TestSupport.write(tmp, "otlp.jsonl", otlpLine(chatSpan("2", "gpt-4o", "1000", T),
                chatSpan("3", "gpt-4o", "1000", T), chatSpan("4", model, tokens, startNs)) + "\n");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode d = run.json();
        assertEquals(2, d.get("requests").asLong(), what);
        assertEquals(0.007, d.get("cost_usd").asDouble(), 1e-12);
        assertEquals(1, d.get("bad_lines").asLong());
        JsonNode bad = d.at("/bad_line_samples/0");
        assertEquals(1, bad.get("line").asLong());
        assertTrue(bad.get("reason").asText().startsWith("span /resourceSpans/0/scopeSpans/0/spans/2 skipped: "), bad.toString());
        assertTrue(bad.get("reason").asText().contains(reason), bad.toString());
    }

    static String generation(String id, String model, int inputTokens) {
        return "{\"id\":\"ev-" + id + "\",\"type\":\"generation-create\",\"body\":{\"id\":\"" + id + "\",\"traceId\":\"t1\","
                + "\"name\":\"chat\",\"startTime\":\"2026-03-01T10:00:00.100Z\",\"endTime\":\"2026-03-01T10:00:00.400Z\","
                + (model == null ? "" : "\"model\":\"" + model + "\",")
                + "\"usage\":{\"input\":" + inputTokens + ",\"output\":100}}}";
    }

    static String batch(String... events) {
        return "{\"batch\":[{\"id\":\"ev0\",\"type\":\"trace-create\",\"body\":{\"id\":\"t1\",\"timestamp\":"
                + "\"2026-03-01T10:00:00.000Z\"}}," + String.join(",", events) + "]}";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "negative tokens|gpt-4o|-5|token count 'input' is negative",
            "no model||1000|missing required field 'model'"})
    void oneBadGenerationOfALangfuseBatchIsSkippedAloneAndTheOtherGenerationsAreRead(String what, String model,
                                                                                     int tokens, String reason) throws Exception {
        Path f = TestSupport.write(tmp, "lf.jsonl", batch(generation("G1", "gpt-4o", 1000), generation("G2", "gpt-4o", 1000),
                generation("G3", model, tokens)) + "\n");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode d = run.json();
        assertEquals(2, d.get("requests").asLong(), what);
        assertEquals(0.007, d.get("cost_usd").asDouble(), 1e-12);
        assertEquals(1, d.get("bad_lines").asLong());
        JsonNode bad = d.at("/bad_line_samples/0");
        assertTrue(bad.get("reason").asText().equals("event /batch/3 skipped: " + reason)
                || bad.get("reason").asText().startsWith("event /batch/3 skipped: " + reason + " "), bad.toString());
    }

    @Test
    void aBadSpanInAnIndentedDocumentIsReportedAtItsOwnLine() throws Exception {
        String doc = TestSupport.JSON.copy().enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(TestSupport.JSON.readTree(otlpLine(chatSpan("2", "gpt-4o", "1000", T),
                        chatSpan("3", "gpt-4o", "-5", T))));
        Path f = TestSupport.write(tmp, "export.json", doc);
        // by hand: the second span's object opens on the line of the second "traceId" less one
        String[] lines = doc.split("\n", -1);
        int seen = 0, spanLine = -1;
        for (int i = 0; i < lines.length && spanLine < 0; i++) {
            if (lines[i].contains("\"traceId\"") && ++seen == 2) {
                spanLine = i; // 1-based line of the '{' above it
            }
        }
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals(1, run.json().get("requests").asLong());
        assertEquals(spanLine, run.json().at("/bad_line_samples/0/line").asLong(), doc);
        assertTrue(run.json().at("/bad_line_samples/0/reason").asText().startsWith("span /resourceSpans/0/scopeSpans/0/spans/1 skipped"));
    }
}
