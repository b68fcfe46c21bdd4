package io.techopt.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** analyze's daily series is on the calendar, as cost-forecast's is: a gap of months takes months, not one step. */
class DailySeriesOnTheCalendarTest {
    @TempDir
    Path dir;

    private Path log(List<String> days) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String d : days) {
            sb.append("{\"timestamp\":\"").append(d).append("T12:00:00Z\",\"model\":\"gpt-4o\",")
                    .append("\"usage\":{\"input_tokens\":400000,\"output_tokens\":0}}\n");
        }
        return TestSupport.write(dir, "gap.jsonl", sb.toString());
    }

    @Test
    void aGapOfMonthsIsZeroFilledDayByDayAndMatchesCostForecast() throws IOException {
        // 20 days in January 2026, nothing for two months, 20 days from April 1
        List<String> days = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            days.add(LocalDate.parse("2026-01-01").plusDays(i).toString());
            days.add(LocalDate.parse("2026-04-01").plusDays(i).toString());
        }
        Path log = log(days);
        JsonNode a = TestSupport.cli("analyze", "-q", "-f", "json", log.toString()).json();
        JsonNode daily = a.get("daily");
        int expected = (int) java.time.temporal.ChronoUnit.DAYS.between(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-04-20")) + 1;
        assertEquals(expected, daily.size(), "every calendar day from the first to the last");
        assertEquals("day", a.get("daily_resolution").asText());
        for (int i = 0; i < daily.size(); i++) {
            assertEquals(LocalDate.parse("2026-01-01").plusDays(i).toString(), daily.get(i).get("date").asText());
        }
        assertEquals(0.0, daily.get(40).get("cost_usd").asDouble(), "2026-02-10 had no request");
        JsonNode f = TestSupport.cli("cost-forecast", "-q", "-f", "json", log.toString()).json();
        assertEquals(daily.size(), f.get("daily").size());
        for (int i = 0; i < daily.size(); i++) {
            assertEquals(daily.get(i).get("date").asText(), f.get("daily").get(i).get("date").asText());
            assertEquals(daily.get(i).get("cost_usd").asDouble(), f.get("daily").get(i).get("cost_usd").asDouble(), 1e-12);
        }
        String table = TestSupport.cli("analyze", "-q", "-f", "markdown", log.toString()).out();
        assertTrue(table.contains("| 2026-02-10 |"), "the daily table lists the empty days too");
    }

    @Test
    void aRangeOfYearsIsSummarisedByWeekWithANoteNotThousandsOfRows() throws IOException {
        Path log = log(List.of("2020-01-01", "2020-01-02", "2026-01-01"));
        JsonNode a = TestSupport.cli("analyze", "-q", "-f", "json", log.toString()).json();
        assertEquals("week", a.get("daily_resolution").asText());
        assertTrue(a.get("daily").size() <= 1000, "bounded: " + a.get("daily").size());
        double sum = 0;
        for (JsonNode d : a.get("daily")) {
            sum += d.get("cost_usd").asDouble();
        }
        assertEquals(a.get("cost_usd").asDouble(), sum, 1e-9);
        assertEquals("2019-12-30", a.get("daily").get(0).get("date").asText(), "weeks start on Monday");
        assertTrue(a.get("warnings").toString().contains("summarised by week"), a.get("warnings").toString());
    }
}
