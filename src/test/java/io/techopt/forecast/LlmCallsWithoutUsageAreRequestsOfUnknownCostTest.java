package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r12 #7. A Langfuse log where half the generations carry no usage nor cost (nor text to count tokens from):
 * analyze's latency map says "450 without usage", but cost-forecast said the lines "held no LLM request" and forecast
 * the priced half ($10.50 for a month of ~$21) as the spend. Those calls are requests of unknown cost, as requests of a
 * model without a price are: over 5% of the recent log nulls the forecast with a note, under it a note discloses them.
 */
class LlmCallsWithoutUsageAreRequestsOfUnknownCostTest {
    @TempDir
    static Path dir;

    /**
     * 2026-10-01..11-14, 20 gpt-4o generations a day, one Langfuse ingestion batch (a line) each, as LiteLLM's callback
     * sends them; every {@code every}-th has no usage, no cost and no text, the others 10k in / 1k out ($0.035).
     */
    private static Path log(int every) throws IOException {
        StringBuilder sb = new StringBuilder();
        int g = 0;
        for (LocalDate d = LocalDate.parse("2026-10-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            for (int k = 0; k < 20; k++) {
                int s = (int) ((k + 0.5) * 86400 / 20);
                String t = d + String.format("T%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
                boolean usage = ++g % every != 0;
                sb.append("{\"batch\": [{\"id\": \"ev-t-").append(g).append("\", \"type\": \"trace-create\", \"body\": {\"id\": \"trace-")
                        .append(g).append("\", \"timestamp\": \"").append(t).append(".000Z\"}, \"timestamp\": \"").append(t)
                        .append(".000Z\"}, {\"id\": \"ev-g-").append(g).append("\", \"type\": \"generation-create\", \"body\": {\"id\": \"gen-")
                        .append(g).append("\", \"traceId\": \"trace-").append(g).append("\", \"name\": \"litellm-acompletion\", ")
                        .append("\"startTime\": \"").append(t).append(".000Z\", \"endTime\": \"").append(t).append(".800Z\", ")
                        .append("\"model\": \"gpt-4o\"")
                        .append(usage ? ", \"usage\": {\"input\": 10000, \"output\": 1000, \"unit\": \"TOKENS\"}, "
                                + "\"input\": {\"messages\": [{\"role\": \"user\", \"content\": \"Hello!\"}]}" : "")
                        .append("}, \"timestamp\": \"").append(t).append(".000Z\"}]}\n");
            }
        }
        return TestSupport.write(dir, "langfuse-every-" + every + ".jsonl", sb.toString());
    }

    @Test
    void halfTheGenerationsWithoutUsageNullTheForecastAndTheNoteCountsThemAsAnalyzeDoes() throws IOException {
        Path log = log(2);
        JsonNode analyze = TestSupport.cli("analyze", "-f", "json", "-q", log.toString()).json();
        assertTrue(analyze.get("latency").get("headline").asText().contains("450 without usage"), analyze.get("latency").toString());
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertTrue(j.get("forecast_total_usd").isNull(), "the priced half ($10.50) is no forecast of the spend: " + j.get("forecast_total_usd"));
        String w = j.get("warnings").toString();
        assertTrue(w.contains("280 of 560 requests (50.0%, more than 5%) of the last 28 days the fit stands on, 2026-10-18 to "
                + "2026-11-14 are of LLM calls without usage (450, no token usage or cost logged, so their cost is unknown) "
                + "(50.0% over the whole log: 450 of 900 requests)"), w);
        assertFalse(w.contains("held no LLM request (trace events"), "they are LLM calls, not lines without one: " + w);
        assertEquals(14 * 10 * 0.035, j.get("month_to_date_usd").asDouble(), 1e-9, "the priced spend logged in November");
    }

    @Test
    void aFewGenerationsWithoutUsageAreDisclosedAndTheFigureIsALowerBound() throws IOException {
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", log(40).toString()).json();
        assertFalse(j.get("forecast_total_usd").isNull(), j.get("warnings").toString());
        String w = j.get("warnings").toString();
        assertTrue(w.contains("the forecast covers priced requests only: 22 of 900 requests (2.4%) are of LLM calls without "
                + "usage (22, no token usage or cost logged, so their cost is unknown): their spend is unknown (about 2.4% of "
                + "the spend if each cost what a priced request costs on average)"), w);
        assertTrue(w.contains("every figure is a lower bound; log their token usage"), w);
        // review r14 #5: without tokens their spend share is unknown, never "an estimated 0.0%"; and a Langfuse log's
        // warnings speak of observations, not of OTel's gen_ai spans, and say their cost is unknown
        assertFalse(w.contains("0.0% of the spend") || w.contains("gen_ai"), w);
        assertTrue(w.contains("an LLM call among them has an unknown cost"), w);
    }
}
