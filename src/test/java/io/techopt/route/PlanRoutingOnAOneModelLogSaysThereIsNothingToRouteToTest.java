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
}
