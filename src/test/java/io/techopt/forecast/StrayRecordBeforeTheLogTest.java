package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adversarial finding (review of 80e7e05): one record long before the log made cost-forecast leave out the whole
 * month and forecast from that record (as_of 2024-01-05, $20.25). A stray before the log's main body is left out
 * as one after it is: the body, where the volume is, stays.
 */
class StrayRecordBeforeTheLogTest {
    @TempDir
    static Path dir;

    private static Path sampleWithARecordAt(String isoTimestamp, String name) throws IOException {
        String text;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(Path.of("samples/requests.jsonl.gz")))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String stray = "{\"timestamp\":\"" + isoTimestamp + "\",\"request_id\":\"stray0\",\"model\":\"gpt-4o-2024-08-06\","
                + "\"usage\":{\"input_tokens\":100000,\"output_tokens\":50000}}"; // $0.75
        return TestSupport.write(dir, name, text.strip() + "\n" + stray + "\n");
    }

    @Test
    void aStrayRecordBeforeTheLogIsLeftOutAndTheMonthIsForecastFromTheLog() throws IOException {
        for (String day : List.of("2024-01-05", "2026-06-01", "2026-09-10", "2026-09-25")) {
            Path log = sampleWithARecordAt(day + "T10:00:00Z", "stray-" + day + ".jsonl");
            TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString());
            assertEquals(0, run.code(), day + ": " + run.err());
            JsonNode j = run.json();
            assertEquals("2026-10-30", j.get("as_of").asText(), day);
            assertEquals("2026-10-01", j.get("period_start").asText(), day);
            assertEquals(List.of(day), TestSupport.JSON.convertValue(j.get("excluded_days"), List.class), day);
            assertEquals("2026-10-01", j.get("daily").get(0).get("date").asText(), day);
            // the daily actuals are analyze's cost less the excluded day's record
            double daily = 0;
            for (JsonNode d : j.get("daily")) {
                daily += d.get("cost_usd").asDouble();
            }
            double analyzed = TestSupport.cli("analyze", "-f", "json", "-q", log.toString()).json().get("cost_usd").asDouble();
            assertEquals(analyzed - 0.75, daily, 1e-6, day);
            assertEquals(daily, j.get("month_to_date_usd").asDouble(), 1e-6, day);
            assertTrue(j.get("warnings").toString().contains(day), day + ": the left-out day is named: " + j.get("warnings"));
        }
    }
}
