package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18: one rule for token counts written as text, in every format (log-format.md is silent, so: an integral
 * numeric string is read, "12.5", "1e3", signs and other text make the record a bad line, the same everywhere).
 * Canonical used to reject "12" that every other format read.
 */
class CountsWrittenAsTextTest {
    @TempDir
    Path tmp;

    /** A format's file: a valid first record (10 output tokens), then a record whose output count is %V%. */
    private static final Map<String, String[]> FORMATS = new LinkedHashMap<>();

    static {
        FORMATS.put("canonical", new String[]{"jsonl",
                "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"usage\":{\"input_tokens\":100,\"output_tokens\":%V%}}"});
        FORMATS.put("canonical-openai-usage", new String[]{"jsonl",
                "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":%V%}}"});
        FORMATS.put("openai", new String[]{"jsonl",
                "{\"object\":\"chat.completion\",\"id\":\"c%N%\",\"created\":1790000000,\"model\":\"gpt-4o-mini\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":%V%}}"});
        FORMATS.put("litellm", new String[]{"jsonl",
                "{\"id\":\"l%N%\",\"call_type\":\"completion\",\"startTime\":1790000000.25,\"endTime\":1790000000.75,\"model\":\"gpt-4o-mini\","
                        + "\"prompt_tokens\":100,\"completion_tokens\":%V%,\"status\":\"success\"}"});
        FORMATS.put("langfuse", new String[]{"jsonl",
                "{\"id\":\"g%N%\",\"type\":\"GENERATION\",\"traceId\":\"t%N%\",\"startTime\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\","
                        + "\"usageDetails\":{\"input\":100,\"output\":%V%}}"});
        FORMATS.put("otel", new String[]{"jsonl",
                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"s%N%\",\"startTimeUnixNano\":\"1790000000000000000\","
                        + "\"attributes\":[{\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"gpt-4o-mini\"}},"
                        + "{\"key\":\"gen_ai.usage.input_tokens\",\"value\":{\"intValue\":\"100\"}},"
                        + "{\"key\":\"gen_ai.usage.output_tokens\",\"value\":{\"intValue\":%V%}}]}]}]}]}"});
        FORMATS.put("csv", new String[]{"csv", "2026-10-01T10:00:00Z,gpt-4o-mini,100,%V%"});
    }

    private JsonNode run(String format, String value) throws IOException {
        String[] f = FORMATS.get(format);
        boolean csv = f[0].equals("csv");
        String good = f[1].replace("%N%", "1").replace("%V%", csv ? "10" : "10");
        String tested = f[1].replace("%N%", "2").replace("%V%", csv ? value : "\"" + value + "\"");
        String content = (csv ? "timestamp,model,input_tokens,output_tokens\n" : "") + good + "\n" + tested + "\n";
        Path p = TestSupport.write(tmp, format + "." + f[0], content);
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", p.toString());
        assertEquals(0, r.code(), format + " " + value + ": " + r.err());
        return r.json();
    }

    @Test
    void anIntegralNumericStringIsReadInEveryFormat() throws IOException {
        for (String format : FORMATS.keySet()) {
            for (String v : List.of("12", "12.0")) {
                JsonNode j = run(format, v);
                String what = format + " '" + v + "': " + j.get("bad_line_samples");
                assertEquals(2, j.get("requests").asLong(), what);
                assertEquals(0, j.get("bad_lines").asLong(), what);
                assertEquals(22, j.at("/tokens/output").asLong(), what);
            }
        }
    }

    /** The rule is digits only: padding is not digits, and reading it would make the rule depend on the format. */
    @Test
    void whitespacePaddedNumericTextIsABadLineWithTheSameReasonInEveryFormat() throws IOException {
        for (String format : FORMATS.keySet()) {
            for (String v : List.of(" 12", "12 ", " 12 ", "\\t12")) {
                String value = format.equals("csv") ? v.replace("\\t", "\t") : v; // JSON escapes the tab
                JsonNode j = run(format, value);
                String what = format + " '" + v + "': " + j.get("bad_line_samples");
                assertEquals(1, j.get("requests").asLong(), what);
                assertEquals(1, j.get("bad_lines").asLong(), what);
                assertEquals(format.equals("csv") ? 3 : 2, j.at("/bad_line_samples/0/line").asLong(), what);
                assertTrue(j.at("/bad_line_samples/0/reason").asText().contains("is not a whole number written as digits"), what);
            }
        }
    }

    @Test
    void otherNumericTextIsABadLineWithTheSameReasonInEveryFormat() throws IOException {
        for (String format : FORMATS.keySet()) {
            for (String v : List.of("12.5", "1e3", "1E+2", "-5", "+12", "0x0C", "12abc", "12 13", "5\\u0000", "\\u0661\\u0662")) {
                String value = format.equals("csv") ? v.replace("\\u0000", "\u0000").replace("\\u0661\\u0662", "\u0661\u0662") : v;
                JsonNode j = run(format, value);
                String what = format + " '" + v + "': " + j.get("bad_line_samples");
                assertEquals(1, j.get("requests").asLong(), what);
                assertEquals(1, j.get("bad_lines").asLong(), what);
                assertEquals(format.equals("csv") ? 3 : 2, j.at("/bad_line_samples/0/line").asLong(), what);
                String reason = j.at("/bad_line_samples/0/reason").asText();
                assertTrue(reason.contains("is not a whole number written as digits")
                        || (v.contains("u0000") && reason.contains("control character U+0000")), what);
            }
        }
    }
}
