package io.techopt.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cli.md: a figure that cannot be measured is null with its key present, never 0, and a note says why. */
class UnmeasurableFiguresAreNullTest {
    @TempDir
    Path dir;

    @Test
    void periodIsNullNotMissingWhenTheFilterLeavesNoRequest() {
        JsonNode j = TestSupport.cli("analyze", "-q", "-f", "json", "--since", "2027-01-01", "samples/requests.jsonl.gz").json();
        assertTrue(j.has("period") && j.get("period").isNull(), "period: " + j.get("period"));
        assertTrue(j.get("warnings").toString().contains("period is null"), j.get("warnings").toString());
    }

    /** Review r27n LOW-7: the table and markdown showed "Errors 0 (0.0%)" for no request, where csv leaves the rate empty. */
    @Test
    void theErrorRateOfNoRequestIsADashInTheTableAndMarkdown() {
        for (String format : new String[]{"table", "markdown"}) {
            String out = TestSupport.cli("analyze", "-q", "-f", format, "--since", "2027-01-01", "samples/requests.jsonl.gz").out();
            assertTrue(out.contains("0 (-)"), format + ":\n" + out);
            assertTrue(!out.contains("0.0%"), format + " shows a rate of nothing:\n" + out);
        }
        String some = TestSupport.cli("analyze", "-q", "-f", "table", "samples/requests.jsonl.gz").out();
        assertTrue(some.contains("59 (2.0%)"), some);
    }

    @Test
    void repeatRateAndPromptLeversAreNullWhenNoRequestHasAPrompt() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append("{\"timestamp\":\"2026-10-0").append(1 + i % 9).append("T12:00:00Z\",\"model\":\"gpt-4o\",")
                    .append("\"task_type\":\"summarize\",\"usage\":{\"input_tokens\":4000,\"output_tokens\":100}}\n");
        }
        Path log = TestSupport.write(dir, "no-prompts.jsonl", sb.toString());
        JsonNode j = TestSupport.cli("analyze", "-q", "-f", "json", log.toString()).json();
        assertTrue(j.at("/repeats").has("exact_repeat_rate") && j.at("/repeats/exact_repeat_rate").isNull(), j.at("/repeats").toString());
        for (JsonNode s : j.get("savings")) {
            String lever = s.get("lever").asText();
            if (lever.equals("exact_cache") || lever.equals("prompt_cache")) {
                assertTrue(s.has("usd") && s.get("usd").isNull(), lever + ": " + s);
            }
        }
        assertTrue(j.get("warnings").toString().contains("exact_repeat_rate is null"), j.get("warnings").toString());
    }

    /** Issue 12: with no request that logged a cost, logged cost and difference cannot be measured: null, not $0. */
    @Test
    void billingLoggedCostAndDifferenceAreNullWithANoteWhenNoRequestLoggedACost() throws IOException {
        Path log = TestSupport.write(dir, "no-cost.jsonl", TestSupport.GOOD_LINE + "\n" + TestSupport.GOOD_LINE.replace("10:00", "11:00") + "\n");
        JsonNode j = TestSupport.cli("analyze", "-q", "-f", "json", log.toString()).json();
        assertEquals(2, j.get("requests").asLong());
        assertTrue(j.get("cost_usd").asDouble() > 0, "the requests are priced; only the comparison is missing");
        JsonNode b = j.get("billing");
        assertEquals(0, b.get("requests_with_logged_cost").asLong(), b.toString());
        for (String k : new String[]{"logged_cost_usd", "recomputed_cost_usd", "difference_usd"}) {
            assertTrue(b.has(k) && b.get(k).isNull(), k + " is null with its key present: " + b);
        }
        assertTrue(b.path("note").asText().contains("no request") && b.path("note").asText().contains("cost"), "a note says why: " + b);
    }

    @Test
    void billingIsMeasuredWhenRequestsLoggedACost() throws IOException {
        Path log = TestSupport.write(dir, "logged.jsonl", "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\","
                + "\"cost_usd\":0.5,\"usage\":{\"input_tokens\":1000000,\"output_tokens\":0}}\n" + TestSupport.GOOD_LINE + "\n");
        JsonNode b = TestSupport.cli("analyze", "-q", "-f", "json", log.toString()).json().get("billing");
        assertEquals(1, b.get("requests_with_logged_cost").asLong(), b.toString());
        assertEquals(0.5, b.get("logged_cost_usd").asDouble(), 1e-12, b.toString());
        assertEquals(0.5 - b.get("recomputed_cost_usd").asDouble(), b.get("difference_usd").asDouble(), 1e-12, b.toString());
        assertTrue(b.has("note") && b.get("note").isNull(), "the note key stays, null when measured: " + b);
    }

    /**
     * Review r16 #11b: requests_with_logged_cost was 0 beside a note about "the 1 request that logged a cost" (it counted
     * only the requests compared with a recomputation): it counts every request that logged a cost, and the note says
     * which of them are compared.
     */
    @Test
    void requestsWithLoggedCostCountsEveryRequestThatLoggedOne() throws IOException {
        String withUsage = "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"cost_usd\":0.5,"
                + "\"usage\":{\"input_tokens\":1000000,\"output_tokens\":0}}\n";
        // a Langfuse generation that logged its cost and no usage (r16's L1_total_vs_parts)
        String costOnly = "{\"batch\": [{\"id\": \"ev0\", \"type\": \"trace-create\", \"body\": {\"id\": \"trace-1\", "
                + "\"timestamp\": \"2026-10-01T11:00:00.000Z\"}, \"timestamp\": \"2026-10-01T11:00:00Z\"}, {\"id\": \"ev-G1\", "
                + "\"type\": \"generation-create\", \"body\": {\"id\": \"G1\", \"traceId\": \"trace-1\", \"name\": \"chat\", "
                + "\"startTime\": \"2026-10-01T11:00:00.100Z\", \"endTime\": \"2026-10-01T11:00:00.400Z\", \"model\": \"gpt-4o\", "
                + "\"costDetails\": {\"input\": 0.15, \"output\": 0.1, \"total\": 0.25}}, \"timestamp\": \"2026-10-01T11:00:00Z\"}]}\n";
        Path langfuse = TestSupport.write(dir, "alone.jsonl", costOnly);
        JsonNode alone = TestSupport.cli("analyze", "-q", "-f", "json", langfuse.toString()).json().get("billing");
        assertEquals(1, alone.get("requests_with_logged_cost").asLong(), alone.toString());
        assertTrue(alone.get("logged_cost_usd").isNull(), alone.toString());
        JsonNode both = TestSupport.cli("analyze", "-q", "-f", "json", TestSupport.write(dir, "both.jsonl", withUsage).toString(), langfuse.toString())
                .json().get("billing");
        assertEquals(2, both.get("requests_with_logged_cost").asLong(), both.toString());
        assertEquals(0.5, both.get("logged_cost_usd").asDouble(), 1e-12, "only the request with usage is compared: " + both);
        assertTrue(both.path("note").asText().contains("compare the 1 request"), both.toString());
    }
}
