package io.techopt.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Found trying --plan on the Azure trace with --default-model gpt-4o: the routing lever said "no route-sim strategy
 * saves money with an expected quality of at least 0.800", which reads as "routing does not pay here"; the reason is
 * that the pool (every priced model of the log) holds one model, so there is nothing to route to. The note says so.
 */
class PlanRoutingOnAOneModelLogSaysThereIsNothingToRouteToTest {
    @TempDir
    Path tmp;

    @Test
    void aLogOfOneModelGivesRoutingNothingToRouteToAndTheNoteSaysThat() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(String.format("{\"timestamp\":\"2026-10-05T00:%02d:00Z\",\"model\":\"gpt-4o\",\"request_id\":\"r%d\","
                    + "\"task_type\":\"simple_qa\",\"usage\":{\"input_tokens\":500,\"output_tokens\":100},\"latency_ms\":900}%n", i, i));
        }
        Path log = TestSupport.write(tmp, "one-model.jsonl", sb.toString());
        TestSupport.Run r = TestSupport.cli("analyze", log.toString(), "--semantic-cache", "hash", "--plan", "-f", "json", "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode routing = r.json().at("/plan/levers/3");
        assertEquals("routing", routing.get("lever").asText());
        assertEquals(0.0, routing.get("usd_saved").asDouble(), 0);
        String notes = routing.get("notes").toString();
        assertTrue(notes.contains("only one priced model (gpt-4o)") && notes.contains("nothing to route to"), notes);
    }

    /**
     * Review r9 #4: a logger that records the requested alias on some lines and the dated name on others
     * (gpt-4o-mini, gpt-4o-mini-2024-07-18: one price entry) made two pool models, so the plan found no saving
     * instead of saying there is nothing to route to, and route-sim escalated gpt-4o-mini to itself at +30% cost.
     */
    @Test
    void oneModelLoggedUnderTwoNamesOfOnePriceEntryIsOnePoolModel() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(String.format("{\"timestamp\":\"2026-10-05T00:%02d:00Z\",\"model\":\"%s\",\"provider\":\"openai\","
                    + "\"request_id\":\"r%d\",\"task_type\":\"simple_qa\",\"usage\":{\"input_tokens\":1000,\"output_tokens\":100},"
                    + "\"latency_ms\":1000}%n", i, i % 2 == 0 ? "gpt-4o-mini-2024-07-18" : "gpt-4o-mini", i));
        }
        Path log = TestSupport.write(tmp, "two-names.jsonl", sb.toString());
        TestSupport.Run r = TestSupport.cli("analyze", log.toString(), "--semantic-cache", "hash", "--plan", "-f", "json", "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode routing = r.json().at("/plan/levers/3");
        assertEquals("routing", routing.get("lever").asText());
        String notes = routing.get("notes").toString();
        assertTrue(notes.contains("only one priced model (gpt-4o-mini-2024-07-18)") && notes.contains("nothing to route to"), notes);

        TestSupport.Run sim = TestSupport.cli("route-sim", log.toString(), "-f", "json", "-q");
        assertEquals(0, sim.code(), sim.err());
        JsonNode j = sim.json();
        assertEquals(1, j.get("models").size(), j.get("models").toString());
        assertEquals(20, j.at("/models/0/logged_requests").asLong());
        assertEquals(j.get("weak_model"), j.get("strong_model"));
        for (JsonNode s : j.get("strategies")) {
            assertTrue(s.get("cost_usd").asDouble() <= j.at("/strategies/0/cost_usd").asDouble() + 1e-12,
                    "routing one model to itself costs nothing more: " + s);
        }
    }

    /**
     * Review r12 #3: LiteLLM's price map lists gpt-4o-mini and gpt-4o-mini-2024-07-18 as two entries with identical
     * prices, so with --prices of it the alias and its snapshot stayed two pool models and "always gpt-4o-mini" saved
     * 40% by pricing the snapshot's 800-token answers as the alias's 200. A dated snapshot priced exactly as the name
     * it reduces to is that model, whatever the catalog.
     */
    @Test
    void anAliasAndItsIdenticallyPricedSnapshotAreOnePoolModelWithLiteLlmsPricesToo() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            boolean snapshot = i % 2 == 1;
            sb.append(String.format("{\"timestamp\":\"2026-10-05T00:%02d:00Z\",\"model\":\"%s\",\"provider\":\"openai\","
                    + "\"request_id\":\"r%d\",\"team\":\"%s\",\"task_type\":\"simple_qa\",\"usage\":{\"input_tokens\":1000,"
                    + "\"output_tokens\":%d},\"latency_ms\":1000}%n", i, snapshot ? "gpt-4o-mini-2024-07-18" : "gpt-4o-mini", i,
                    snapshot ? "report-writer" : "classifier", snapshot ? 800 : 200));
        }
        Path log = TestSupport.write(tmp, "two-services.jsonl", sb.toString());
        String prices = TestSupport.shared("data/litellm-prices/model_prices_and_context_window.json").toString();
        TestSupport.Run sim = TestSupport.cli("route-sim", log.toString(), "--prices", prices, "-f", "json", "-q");
        assertEquals(0, sim.code(), sim.err());
        JsonNode j = sim.json();
        assertEquals(1, j.get("models").size(), j.get("models").toString());
        assertEquals(60, j.at("/models/0/logged_requests").asLong());
        for (JsonNode s : j.get("strategies")) {
            assertTrue(s.get("cost_usd").asDouble() >= 0.027 - 1e-9, "no strategy re-prices the same tokens for less: " + s);
        }
        TestSupport.Run plan = TestSupport.cli("analyze", log.toString(), "--prices", prices, "--semantic-cache", "hash",
                "--plan", "-f", "json", "-q");
        assertEquals(0, plan.code(), plan.err());
        JsonNode routing = plan.json().at("/plan/levers/3");
        assertEquals("routing", routing.get("lever").asText());
        assertEquals(0.0, routing.get("usd_saved").asDouble(), 0, routing.toString());
    }
}
