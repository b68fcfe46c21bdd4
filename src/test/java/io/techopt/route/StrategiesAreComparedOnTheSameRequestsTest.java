package io.techopt.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * route-sim compares every strategy's cost on one set of requests: those priced as logged. A request of an unpriced
 * model has no as-logged cost, so re-pricing it under another strategy while as-logged counts it at $0 would make
 * that strategy look dearer (or a saving look smaller) by the cost of requests as-logged never paid for.
 */
class StrategiesAreComparedOnTheSameRequestsTest {
    @TempDir
    Path tmp;

    /** 60 requests: 40 of priced models, 20 of a model no catalog prices. */
    private Path log(boolean withUnpriced) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            boolean unpriced = i % 3 == 2;
            if (unpriced && !withUnpriced) {
                continue;
            }
            String model = unpriced ? "acme-unpriced-x" : i % 3 == 0 ? "gpt-4o-2024-08-06" : "claude-sonnet-4-20250514";
            b.append(String.format("{\"timestamp\":\"2026-10-%02dT10:00:00Z\",\"request_id\":\"r%d\",\"model\":\"%s\",\"task_type\":\"%s\","
                            + "\"latency_ms\":%d,\"quality\":0.%d,\"usage\":{\"input_tokens\":%d,\"output_tokens\":%d}}\n",
                    1 + i % 20, i, model, i % 2 == 0 ? "simple_qa" : "summarization", 400 + 13 * i, 50 + i % 40,
                    1000 + 31 * i, 100 + 7 * i));
        }
        return TestSupport.write(tmp, withUnpriced ? "mixed.jsonl" : "priced.jsonl", b.toString());
    }

    @Test
    void unpricedRequestsAreLeftOutOfEveryStrategysCostAndNamedInANote() throws IOException {
        JsonNode j = TestSupport.cli("route-sim", log(true).toString(), "-f", "json", "-q").json();
        assertEquals(60, j.get("requests").asLong());
        double analyzeCost = TestSupport.cli("analyze", log(true).toString(), "-f", "json", "-q").json().get("cost_usd").asDouble();
        for (JsonNode s : j.get("strategies")) {
            double cost = s.get("cost_usd").asDouble(), perRequest = s.get("cost_per_request_usd").asDouble();
            // the same 40 priced requests for every strategy: cost per request divides by them, not by all 60
            assertEquals(40, cost / perRequest, 1e-6, "cost_per_request_usd of " + s.get("name") + " is over the 40 priced requests: " + s);
            if (s.get("name").asText().equals("as-logged")) {
                assertEquals(analyzeCost, cost, 1e-9, "as-logged equals analyze's cost of the priced requests");
            }
        }
        // as-logged on the mixed log is as-logged on its priced part: nothing of the unpriced requests is counted
        JsonNode priced = TestSupport.cli("route-sim", log(false).toString(), "-f", "json", "-q").json();
        assertEquals(priced.get("strategies").get(0).get("cost_usd").asDouble(), j.get("strategies").get(0).get("cost_usd").asDouble(), 1e-9);
        String notes = j.get("assumptions").toString();
        assertTrue(notes.contains("20 of 60") && notes.contains("acme-unpriced-x") && notes.contains("same 40 requests"), notes);
        assertTrue(!notes.contains("at 0 USD"), "an unpriced request is not counted at $0: " + notes);
    }

    @Test
    void whenNoRequestIsPricedAsLoggedNoStrategysCostIsComparedAndANoteSaysWhy() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            b.append(String.format("{\"timestamp\":\"2026-10-%02dT10:00:00Z\",\"model\":\"acme-unpriced-x\",\"latency_ms\":500,"
                    + "\"usage\":{\"input_tokens\":%d,\"output_tokens\":%d}}\n", 1 + i, 1000 + i, 100 + i));
        }
        Path log = TestSupport.write(tmp, "unpriced.jsonl", b.toString());
        Path pool = TestSupport.write(tmp, "pool.yaml", "models:\n  - {model: gpt-4o-mini}\n  - {model: gpt-4o}\n");
        TestSupport.Run run = TestSupport.cli("route-sim", log.toString(), "--pool", pool.toString(), "-f", "json", "-q");
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(20, j.get("requests").asLong());
        for (JsonNode s : j.get("strategies")) {
            for (String k : List.of("cost_usd", "cost_per_request_usd", "saving_usd", "saving_share")) {
                assertTrue(s.has(k) && s.get(k).isNull(), k + " has no priced request to be measured on: " + s);
                assertTrue(j.get("assumptions").toString().contains(k), k + " is named in a note: " + j.get("assumptions"));
            }
        }
    }
}
