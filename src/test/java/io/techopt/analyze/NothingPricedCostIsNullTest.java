package io.techopt.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.contract.JsonSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 (note5 open item): analyze reported cost_usd 0.0 when no request of the log could be priced, where budget
 * says null. Unknown is not $0: every cost figure is null with its key present and a note says why, in every format;
 * a partly priced log keeps its number and the unpriced note.
 */
class NothingPricedCostIsNullTest {
    @TempDir
    Path dir;

    /** Requests of models no catalog knows: two teams, a repeated prompt, a batch request and a batchable task type. */
    Path unpricedLog(String... models) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(String.format("{\"timestamp\":\"2026-10-%02dT10:00:00Z\",\"request_id\":\"u%d\",\"model\":\"%s\","
                            + "\"team\":\"t%d\",\"task_type\":\"summarization\",\"batch\":%s,\"status\":\"ok\","
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"Summarise report %d\"}],"
                            + "\"usage\":{\"input_tokens\":1200,\"cache_read_input_tokens\":1100,\"output_tokens\":100}}\n",
                    1 + i, i, models[i % models.length], i % 2, i == 3, i % 2));
        }
        return TestSupport.write(dir, "log.jsonl", sb.toString());
    }

    static String warnings(JsonNode j) {
        return j.get("warnings").toString();
    }

    static void assertNullWithKey(JsonNode parent, String key, String where) {
        assertTrue(parent.has(key), where + ": key " + key + " missing in " + parent);
        assertTrue(parent.get(key).isNull(), where + "." + key + " must be null, not " + parent.get(key));
    }

    @Test
    void withNoRequestPricedEveryCostFigureIsNullWithItsKeyAndANoteSayingWhy() throws IOException {
        Path log = unpricedLog("acme-llm-x", "acme-llm-y");
        TestSupport.Run run = TestSupport.cli("analyze", log.toString(), "-f", "json", "-q", "--group-by", "team");
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertNullWithKey(j, "cost_usd", "report");
        for (JsonNode row : j.at("/groups/0/rows")) {
            assertNullWithKey(row, "cost_usd", "groups row");
            assertNullWithKey(row, "cost_share", "groups row");
        }
        assertTrue(j.get("daily").size() > 0, j.toString());
        for (JsonNode d : j.get("daily")) {
            assertNullWithKey(d, "cost_usd", "daily " + d.get("date"));
        }
        for (JsonNode s : j.get("savings")) {
            assertNullWithKey(s, "usd", "savings " + s.get("lever"));
            assertNullWithKey(s, "share_of_cost", "savings " + s.get("lever"));
        }
        assertTrue(warnings(j).contains("cost_usd is null: none of the 8 requests is of a priced model"), warnings(j));
        assertEquals(List.of(), JsonSchemas.violations("analyze-logs", j), "the schema accepts the null figures");
        for (String format : List.of("table", "csv", "markdown", "html")) {
            String[] args = {"analyze", log.toString(), "-f", format, "-q", "--group-by", "team"};
            TestSupport.Run r = TestSupport.cliWithEveryCsvTable(args);
            assertEquals(0, r.code(), format + ": " + r.err());
            assertFalse(r.out().contains("$0.00") || r.out().contains("NaN"), format + " shows an unknown cost as a number:\n" + r.out());
            if (format.equals("csv")) {
                // an unknown cost is an empty cell, never 0, in every table with a cost_usd column; its notes table says why
                for (String table : List.of("by_model", "by_team", "daily")) {
                    List<String> lines = TestSupport.cli(args[0], args[1], args[2], args[3], args[4], args[5], args[6], "--table", table)
                            .out().lines().toList();
                    int cost = List.of(lines.get(0).split(",")).indexOf("cost_usd");
                    assertTrue(cost > 0 && lines.size() > 1, table + ":\n" + lines);
                    for (String line : lines.subList(1, lines.size())) {
                        assertEquals("", line.split(",", -1)[cost], table + " leaves the cost empty: " + line);
                    }
                }
                assertTrue(r.out().contains("none of the 8 requests is of a priced model"), "csv's notes table says why:\n" + r.out());
            } else {
                assertTrue(r.out().contains("none of the 8 requests is of a priced model"), format + " says why:\n" + r.out());
            }
        }
    }

    @Test
    void aPartlyPricedLogKeepsItsCostAndTheUnpricedNote() throws IOException {
        Path log = unpricedLog("acme-llm-x", "gpt-4o-mini");
        JsonNode j = TestSupport.cli("analyze", log.toString(), "-f", "json", "-q", "--group-by", "team").json();
        assertTrue(j.get("cost_usd").isNumber() && j.get("cost_usd").asDouble() > 0, j.toString());
        assertTrue(warnings(j).contains("model 'acme-llm-x' has no price (4 requests excluded from cost_usd)"), warnings(j));
        assertFalse(warnings(j).contains("cost_usd is null"), warnings(j));
        assertEquals(List.of(), JsonSchemas.violations("analyze-logs", j));
    }
}
