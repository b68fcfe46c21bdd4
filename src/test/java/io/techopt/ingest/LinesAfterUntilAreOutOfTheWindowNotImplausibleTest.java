package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * With --until D, lines after D are out of the window asked for: filtered, as any line there, by analyze and
 * cost-forecast alike. Those past the wall clock's tomorrow were bad lines "outside the plausible range ... to now + 1
 * day" (review tab17), quoting a clock the user did not ask about.
 */
class LinesAfterUntilAreOutOfTheWindowNotImplausibleTest {
    @TempDir
    Path tmp;

    @Test
    void analyzeAndCostForecastCountThemFiltered() throws Exception {
        StringBuilder log = new StringBuilder();
        for (int d = 1; d <= 28; d++) {
            for (int k = 0; k < 5; k++) {
                log.append(line("r" + d + "-" + k, LocalDate.of(2026, 10, d) + "T1" + k + ":00:00Z"));
            }
        }
        // past the wall clock's tomorrow whenever the test runs (the range ended at now + 1 day)
        LocalDate future = LocalDate.now(ZoneOffset.UTC).plusYears(1);
        for (int k = 0; k < 3; k++) {
            log.append(line("f" + k, future.plusDays(k) + "T10:00:00Z"));
        }
        Path f = TestSupport.write(tmp, "log.jsonl", log.toString());
        for (String command : List.of("analyze", "cost-forecast")) {
            TestSupport.Run r = TestSupport.cli(command, "-f", "json", "-q", "--until", "2026-10-20", f.toString());
            assertEquals(0, r.code(), command + ": " + r.err());
            JsonNode ingest = r.json().path("ingest");
            assertEquals(0, ingest.path("bad_lines").asLong(), command + ": " + ingest);
            // 9 days of 5 from 2026-10-20 on, and the 3 future lines
            assertEquals(45 + 3, ingest.path("filtered_requests").asLong(), command + ": " + ingest);
            assertFalse(r.out().contains("plausible range") || r.err().contains("plausible range"), command + ": " + r.err());
        }
    }

    private static String line(String id, String ts) {
        return String.format(Locale.ROOT, "{\"request_id\":\"%s\",\"timestamp\":\"%s\",\"model\":\"gpt-4o-mini\","
                + "\"usage\":{\"input_tokens\":1000,\"output_tokens\":200}}\n", id, ts);
    }
}
