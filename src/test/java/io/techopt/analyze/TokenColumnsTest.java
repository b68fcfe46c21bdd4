package io.techopt.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 defect 2: {@code input_tokens} is full-rate input only in every table (cli.md), and cache reads, cache
 * writes, output and reasoning are separate columns, so a group's rows never exceed its model's total.
 */
class TokenColumnsTest {
    static final List<String> KINDS = List.of("input_tokens", "cache_read_tokens", "cache_write_tokens", "cache_write_1h_tokens",
            "output_tokens", "reasoning_tokens");
    static final Map<String, String> TOTAL_KEY = Map.of("input_tokens", "input", "cache_read_tokens", "cache_read",
            "cache_write_tokens", "cache_write", "cache_write_1h_tokens", "cache_write_1h", "output_tokens", "output",
            "reasoning_tokens", "reasoning");

    @TempDir
    Path tmp;

    @Test
    void teamPlusModelRowsSumToEachModelsByModelTokensOnTheSample() {
        TestSupport.Run run = TestSupport.cli("analyze", "samples/requests.jsonl.gz", "--group-by", "team+model", "--top", "1000",
                "-f", "json", "-q");
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        Map<String, long[]> fromGroups = new HashMap<>();
        for (JsonNode row : j.at("/groups/0/rows")) {
            long[] acc = fromGroups.computeIfAbsent(row.at("/key/model").asText(), k -> new long[KINDS.size()]);
            for (int k = 0; k < KINDS.size(); k++) {
                assertTrue(row.has(KINDS.get(k)), KINDS.get(k) + " missing in " + row);
                acc[k] += row.get(KINDS.get(k)).asLong();
            }
        }
        long[] totals = new long[KINDS.size()];
        for (JsonNode m : j.get("by_model")) {
            long[] acc = fromGroups.get(m.get("model").asText());
            for (int k = 0; k < KINDS.size(); k++) {
                assertEquals(m.get(KINDS.get(k)).asLong(), acc[k], m.get("model").asText() + " " + KINDS.get(k));
                totals[k] += m.get(KINDS.get(k)).asLong();
            }
        }
        for (int k = 0; k < KINDS.size(); k++) {
            assertEquals(j.at("/tokens/" + TOTAL_KEY.get(KINDS.get(k))).asLong(), totals[k], KINDS.get(k));
        }
        assertTrue(j.at("/tokens/cache_read").asLong() > 0 && j.at("/tokens/cache_write").asLong() > 0,
                "the sample has cache reads and writes, so the test can tell the definitions apart");
    }

    @Test
    void everyTextTableShowsEachTokenKindInItsOwnColumn() {
        for (String section : List.of("by_model", "by_team")) {
            String header = TestSupport.cli("analyze", "samples/requests.jsonl.gz", "--group-by", "team", "-f", "csv", "-q",
                    "--table", section).out().lines().findFirst().orElseThrow();
            for (String kind : KINDS) {
                assertTrue(header.contains(kind), section + " lacks " + kind + ": " + header);
            }
        }
    }

    /** Review r27n LOW-10: JSON had the dearer 1-hour cache writes; table, csv and markdown showed only their sum. */
    @Test
    void oneHourCacheWritesHaveTheirOwnColumnAndSummaryLineInEveryTextFormat() throws IOException {
        Path log = TestSupport.write(tmp, "one-hour.jsonl",
                "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"claude-sonnet-4-20250514\",\"usage\":{\"input_tokens\":100,"
                        + "\"cache_creation_input_tokens\":7000,\"cache_creation_1h_input_tokens\":4000,\"output_tokens\":10}}\n");
        for (String table : List.of("by_model", "daily")) {
            List<String> csv = TestSupport.cli("analyze", log.toString(), "-f", "csv", "-q", "--table", table).out().lines().toList();
            List<String> header = List.of(csv.get(0).split(","));
            int at = header.indexOf("cache_write_1h_tokens");
            assertTrue(at >= 0, table + ": " + csv.get(0));
            assertEquals("4000", csv.get(1).split(",")[at], table + ": " + csv);
        }
        for (String format : List.of("table", "markdown")) {
            String out = TestSupport.cli("analyze", log.toString(), "-f", format, "-q").out();
            assertTrue(out.contains("cache_write_1h_tokens"), format + ": " + out);
            assertTrue(out.lines().anyMatch(l -> l.contains("of which 1-hour cache writes") && l.contains("4,000")), format + ": " + out);
        }
    }

    @Test
    void unpricedModelsCountFullRateInputOnlyAsInputTokens() throws IOException {
        Path log = TestSupport.write(tmp, "unpriced.jsonl",
                "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"acme-unknown-7\",\"usage\":{\"input_tokens\":100,"
                        + "\"cache_read_input_tokens\":1000,\"cache_creation_input_tokens\":50,\"output_tokens\":10}}\n");
        JsonNode u = TestSupport.cli("analyze", log.toString(), "-f", "json", "-q").json().at("/unpriced_models/0");
        assertEquals(100, u.get("input_tokens").asLong(), u.toString());
        assertEquals(1000, u.get("cache_read_tokens").asLong(), u.toString());
        assertEquals(50, u.get("cache_write_tokens").asLong(), u.toString());
    }

    /** Issue 12 defect 2 (follow-up): the daily table has the token columns too, and its rows sum to the totals. */
    @Test
    void theDailyTableShowsEveryTokenKindAndItsRowsSumToTheTotals() {
        JsonNode j = TestSupport.cli("analyze", "samples/requests.jsonl.gz", "-f", "json", "-q").json();
        long[] sums = new long[KINDS.size()];
        for (JsonNode d : j.get("daily")) {
            for (int k = 0; k < KINDS.size(); k++) {
                assertTrue(d.has(KINDS.get(k)), KINDS.get(k) + " missing in daily row " + d);
                sums[k] += d.get(KINDS.get(k)).asLong();
            }
        }
        for (int k = 0; k < KINDS.size(); k++) {
            assertEquals(j.at("/tokens/" + TOTAL_KEY.get(KINDS.get(k))).asLong(), sums[k], "daily " + KINDS.get(k));
        }
        String header = TestSupport.cli("analyze", "samples/requests.jsonl.gz", "-f", "csv", "-q", "--table", "daily").out()
                .lines().findFirst().orElseThrow();
        for (String kind : KINDS) {
            assertTrue(header.contains(kind), "daily csv lacks " + kind + ": " + header);
        }
        for (String format : List.of("table", "markdown", "html")) {
            String out = TestSupport.cli("analyze", "samples/requests.jsonl.gz", "-f", format, "-q").out();
            int daily = out.indexOf("Daily spend");
            assertTrue(daily >= 0, format);
            String after = out.substring(daily, Math.min(out.length(), daily + 2000));
            for (String kind : KINDS) {
                assertTrue(after.contains(kind), format + " daily table lacks " + kind + ": " + after);
            }
        }
    }
}
