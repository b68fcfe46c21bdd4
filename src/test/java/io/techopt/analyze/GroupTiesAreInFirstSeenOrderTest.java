package io.techopt.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Groups of equal cost and requests are listed in the order first seen, on a log and on a store (DuckDB's queries): an
 * order a query can reproduce, where it was a hash map's (three unpriced models of one request each came out a, m, z).
 */
class GroupTiesAreInFirstSeenOrderTest {
    @TempDir
    Path tmp;

    @Test
    void tiedGroupsKeepTheOrderTheirFirstRequestsWereRead() throws Exception {
        String line = "{\"timestamp\":\"2026-10-01T00:0%d:00Z\",\"model\":\"%s\",\"request_id\":\"r%d\","
                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":3}}\n";
        StringBuilder log = new StringBuilder();
        String[] models = {"acme-z", "acme-a", "acme-m", "acme-a"};
        for (int i = 0; i < models.length; i++) {
            log.append(String.format(line, i, models[i], i));
        }
        Path file = TestSupport.write(tmp, "ties.jsonl", log.toString());
        Path store = tmp.resolve("store");
        assertEquals(0, TestSupport.cli("ingest", "-q", "-f", "json", file.toString(), "--store", store.toString()).code());
        for (String input : List.of(file.toString(), store.toString())) {
            TestSupport.Run r = TestSupport.cli("analyze", "-q", "-f", "json", input, "-g", "model", "--top", "2");
            assertEquals(0, r.code(), r.err());
            List<String> order = new ArrayList<>();
            for (JsonNode row : r.json().get("groups").get(0).get("rows")) {
                order.add(row.get("key").get("model").asText());
            }
            // acme-a has two requests: first; the two of one request each as first read, beyond --top summed
            assertEquals(List.of("acme-a", "acme-z", "(1 more)"), order, input);
        }
    }
}
