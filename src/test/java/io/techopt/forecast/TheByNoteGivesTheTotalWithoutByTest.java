package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r25f L6: forecast_total_usd moved with --by team ($383.02 beside $409.03 without it) and nothing said which
 * figure was the total. Each series is fitted alone, so the teams' sum and the total's own fit can differ; the note
 * gives the figure of the run without --by and says why the sum is the total's figure with --by.
 */
class TheByNoteGivesTheTotalWithoutByTest {
    @TempDir
    static Path dir;

    @Test
    void theNoteNamesTheFigureWithoutByAndWhyTheSumIsTheTotal() throws IOException {
        // team B's work moves to team C on 2026-11-10 and the log ends at 11:30 on 11-14: each team reads its own
        // end, start and partial last day, the total none of the first two
        StringBuilder sb = new StringBuilder();
        LocalDate last = LocalDate.parse("2026-11-14");
        for (LocalDate d = LocalDate.parse("2026-08-01"); !d.isAfter(last); d = d.plusDays(1)) {
            for (int h = 0; h < (d.equals(last) ? 12 : 24); h++) {
                String team = h % 3 != 0 ? "A" : d.isBefore(LocalDate.parse("2026-11-10")) ? "B" : "C";
                sb.append(String.format("{\"timestamp\":\"%sT%02d:30:00Z\",\"model\":\"gpt-4o\",\"team\":\"%s\","
                        + "\"usage\":{\"input_tokens\":%d,\"output_tokens\":%d}}%n", d, h, team, 10000 + 370 * (h % 7), 1000));
            }
        }
        Path log = TestSupport.write(dir, "moved-team.jsonl", sb.toString());
        JsonNode without = TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString()).json();
        JsonNode by = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--by", "team", log.toString()).json();
        String own = Dollars.of(without.get("forecast_total_usd").asDouble()), sum = Dollars.of(by.get("forecast_total_usd").asDouble());
        assertTrue(!own.equals(sum), "the case needs the two figures apart: " + own);
        String notes = by.get("warnings").toString();
        assertTrue(notes.contains("forecast_total_usd is the sum of the --by team scopes' forecasts, $" + sum
                + "; the total's own fit reads $" + own + ", the forecast_total_usd of this log without --by"), notes);
        assertTrue(notes.contains("with --by the sum, which reads each team's own change, is the total's figure"), notes);
        assertEquals(without.get("month_to_date_usd").asDouble(), by.get("month_to_date_usd").asDouble(), 1e-9);
    }
}
