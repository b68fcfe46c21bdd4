package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A figure no real request reports is a bad line whose reason names the ceiling it broke (issue 18). */
class AbsurdFiguresNameTheirCeilingTest {
    @TempDir
    Path tmp;

    private static String line(String id, String usage, String extra) {
        return "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"request_id\":\"" + id + "\",\"model\":\"gpt-4o-mini\","
                + "\"usage\":" + usage + extra + "}";
    }

    private JsonNode analyze(String... lines) throws IOException {
        Path f = TestSupport.write(tmp, "absurd.jsonl", String.join("\n", lines) + "\n");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", f.toString());
        assertEquals(0, run.code(), run.err());
        return run.json();
    }

    private static List<String> reasons(JsonNode j) {
        List<String> r = new ArrayList<>();
        for (JsonNode b : j.get("bad_line_samples")) {
            r.add(b.get("reason").asText());
        }
        return r;
    }

    @Test
    void aLatencyAboveTheCeilingIsABadLineWhoseReasonNamesTheCeiling() throws IOException {
        JsonNode j = analyze(TestSupport.GOOD_LINE,
                line("lat", "{\"input_tokens\":10,\"output_tokens\":2}", ",\"latency_ms\":1e15"));
        assertEquals(1, j.get("requests").asLong());
        assertEquals(1, j.get("bad_lines").asLong());
        String reason = reasons(j).get(0);
        assertTrue(reason.contains("10^12"), reason);
    }

    @Test
    void exactlyTenToTheNineTokensOrDollarsPerRequestIsAbsurdAndTheReasonSaysSo() throws IOException {
        JsonNode j = analyze(TestSupport.GOOD_LINE,
                line("out", "{\"input_tokens\":10,\"output_tokens\":1000000000}", ""),
                line("in", "{\"input_tokens\":\"1000000000\",\"output_tokens\":1}", ""),
                line("cost", "{\"input_tokens\":10,\"output_tokens\":2}", ",\"cost_usd\":1000000000"),
                line("chat", "{\"prompt_tokens\":1000000000,\"completion_tokens\":2}", ""),
                line("below", "{\"input_tokens\":10,\"output_tokens\":999999989}", ""));
        assertEquals(2, j.get("requests").asLong(), j.toString());
        assertEquals(4, j.get("bad_lines").asLong());
        for (String r : reasons(j)) {
            assertTrue(r.contains("10^9"), r);
        }
    }

    @Test
    void reasoningTokensAboveOutputTokensAreABadLineBecauseReasoningIsPartOfOutput() throws IOException {
        JsonNode j = analyze(TestSupport.GOOD_LINE,
                line("canon", "{\"input_tokens\":1000,\"output_tokens\":200,\"reasoning_tokens\":5000}", ""),
                line("chat", "{\"prompt_tokens\":1000,\"completion_tokens\":200,"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":5000}}", ""),
                line("ok", "{\"input_tokens\":1000,\"output_tokens\":200,\"reasoning_tokens\":150}", ""));
        assertEquals(2, j.get("requests").asLong(), j.toString());
        assertEquals(2, j.get("bad_lines").asLong());
        for (String r : reasons(j)) {
            assertTrue(r.contains("reasoning") && r.contains("output"), r);
        }
    }

    @Test
    void providersThatReportReasoningBesideOutputAreNormalizedSoOutputIncludesIt() throws Exception {
        // Gemini's thoughtsTokenCount is not part of candidatesTokenCount
        var gemini = UsageNormalizer.normalize(TestSupport.JSON.readTree(
                "{\"promptTokenCount\":100,\"candidatesTokenCount\":20,\"thoughtsTokenCount\":500}"));
        assertEquals(520, gemini.outputTokens());
        assertEquals(500, gemini.reasoningTokens());
        // Langfuse prices each usage key apart: its output excludes output_reasoning, and total adds them up
        var langfuse = UsageNormalizer.normalize(TestSupport.JSON.readTree(
                "{\"input\":100,\"output\":20,\"output_reasoning\":500,\"total\":620}"));
        assertEquals(520, langfuse.outputTokens());
        assertEquals(500, langfuse.reasoningTokens());
        // LiteLLM's Langfuse logger sends output = completion_tokens (reasoning included)
        var included = UsageNormalizer.normalize(TestSupport.JSON.readTree(
                "{\"input\":100,\"output\":520,\"output_reasoning\":500,\"total\":620}"));
        assertEquals(520, included.outputTokens());
    }

    @Test
    void tokenKindsThatAddUpToTenToTheNineInOneRequestAreABadLineThoughEachIsBelowIt() throws IOException {
        // each field under the ceiling, 3 x 10^9 together: $6,250 of gpt-4o-mini from one damaged record
        JsonNode j = analyze(TestSupport.GOOD_LINE,
                line("sum", "{\"input_tokens\":999999999,\"cache_read_input_tokens\":999999999,"
                        + "\"cache_creation_input_tokens\":999999999,\"output_tokens\":1}", ""),
                line("io", "{\"input_tokens\":600000000,\"output_tokens\":400000000}", ""),
                line("just", "{\"input_tokens\":600000000,\"output_tokens\":399999999}", ""));
        assertEquals(2, j.get("requests").asLong(), j.toString());
        assertEquals(2, j.get("bad_lines").asLong());
        for (String r : reasons(j)) {
            assertTrue(r.contains("10^9") && r.contains("together"), r);
        }
    }

    @Test
    void moreCachedTokensThanPromptTokensIsABadLineNotSilentlyClipped() throws IOException {
        // cached tokens are part of the prompt in these shapes: more cached than prompt is a damaged record
        JsonNode j = analyze(TestSupport.GOOD_LINE,
                line("chat", "{\"prompt_tokens\":100,\"completion_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":500}}", ""),
                line("resp", "{\"input_tokens\":100,\"output_tokens\":5,\"input_tokens_details\":{\"cached_tokens\":500}}", ""),
                line("gemini", "{\"promptTokenCount\":100,\"candidatesTokenCount\":5,\"cachedContentTokenCount\":500}", ""),
                line("equal", "{\"prompt_tokens\":100,\"completion_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":100}}", ""));
        assertEquals(2, j.get("requests").asLong(), j.toString());
        assertEquals(3, j.get("bad_lines").asLong());
        for (String r : reasons(j)) {
            assertTrue(r.contains("cached") && r.contains("prompt"), r);
        }
    }
}
