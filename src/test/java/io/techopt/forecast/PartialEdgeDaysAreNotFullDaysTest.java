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
 * A log whose last day stops at 20:00 has about 17% less spend on that day than a whole one; cost-forecast took it as
 * a whole day, so the forecast dropped. A partial first or last day is scaled to a full day for the fit (by how the
 * log's full days spread their spend over the hours it misses), with a note; daily keeps the spend logged. A log of
 * working hours that stops at 19:00 every day has no partial day.
 */
class PartialEdgeDaysAreNotFullDaysTest {
    @TempDir
    static Path dir;

    private static final LocalDate START = LocalDate.parse("2026-09-01");

    /**
     * 44 days of one request an hour from {@code fromHour} to {@code toHour} (gpt-4o, $0.45 each), with a weekly
     * rhythm, then a last day of requests from {@code fromHour} to {@code lastDayToHour}; the first day from
     * {@code firstDayFromHour}.
     */
    private static Path log(String name, int fromHour, int toHour, int firstDayFromHour, int lastDayToHour) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < 45; d++) {
            LocalDate day = START.plusDays(d);
            int from = d == 0 ? firstDayFromHour : fromHour, to = d == 44 ? lastDayToHour : toHour;
            int perHour = day.getDayOfWeek().getValue() >= 6 ? 2 : 3;
            for (int h = from; h <= to; h++) {
                for (int k = 0; k < perHour; k++) {
                    sb.append("{\"timestamp\":\"").append(day).append(String.format("T%02d:%02d:00Z", h, 10 + 15 * k))
                            .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":100000,\"output_tokens\":20000}}\n");
                }
            }
        }
        return TestSupport.write(dir, name, sb.toString());
    }

    private static JsonNode forecast(Path log) {
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString());
        assertEquals(0, run.code(), run.err());
        return run.json();
    }

    @Test
    void aLastDayCutAt20hDoesNotDropTheForecastAndTheNoteSaysItWasScaled() throws IOException {
        JsonNode whole = forecast(log("whole.jsonl", 0, 23, 0, 23));
        JsonNode cut = forecast(log("cut-at-20h.jsonl", 0, 23, 0, 19));
        assertEquals(whole.get("as_of").asText(), cut.get("as_of").asText());
        double w = whole.get("forecast_total_usd").asDouble(), c = cut.get("forecast_total_usd").asDouble();
        assertEquals(w, c, 0.005 * w, "month end: whole last day " + w + ", last day cut at 20:00 " + c);
        double wb = whole.get("burn_rate_usd_per_day").asDouble(), cb = cut.get("burn_rate_usd_per_day").asDouble();
        assertEquals(wb, cb, 0.005 * wb, "burn rate");
        // the forecast days after it are those of a whole day, not 17% lower
        // (cut's first row, dated as of, holds the hours after 20:00 the log missed: its forecast days follow it)
        assertEquals("2026-10-15", cut.get("forecast").get(0).get("date").asText());
        assertEquals(whole.get("forecast").get(0).get("cost_usd").asDouble(), cut.get("forecast").get(1).get("cost_usd").asDouble(),
                0.01 * whole.get("forecast").get(0).get("cost_usd").asDouble());
        String notes = cut.get("warnings").toString();
        assertTrue(notes.contains("last day, 2026-10-15, ends before 20:00 UTC") && notes.contains("16.7%"), notes);
        assertTrue(!whole.get("warnings").toString().contains("last day,"), whole.get("warnings").toString());
        // daily keeps the spend actually logged, which is analyze's
        JsonNode daily = cut.get("daily");
        assertEquals(20 * 3 * 0.45, daily.get(daily.size() - 1).get("cost_usd").asDouble(), 1e-6);
    }

    @Test
    void aFirstDayBeginningAt18hIsScaledToAFullDayToo() throws IOException {
        JsonNode whole = forecast(log("whole-first.jsonl", 0, 23, 0, 23));
        JsonNode late = forecast(log("late-start.jsonl", 0, 23, 18, 23));
        String notes = late.get("warnings").toString();
        assertTrue(notes.contains("first day, 2026-09-01, begins at 18:00 UTC") && notes.contains("75.0%"), notes);
        double w = whole.get("forecast_total_usd").asDouble(), l = late.get("forecast_total_usd").asDouble();
        assertEquals(w, l, 0.01 * w, "month end: whole first day " + w + ", first day from 18:00 " + l);
    }

    @Test
    void aLogOfWorkingHoursThatStopsAt19EveryDayHasNoPartialDay() throws IOException {
        JsonNode office = forecast(log("office.jsonl", 8, 18, 8, 18));
        String notes = office.get("warnings").toString();
        assertTrue(!notes.contains("first day,") && !notes.contains("last day,"), notes);
    }

    @Test
    void oneHeavyRequestEndingTheLogIsASpikeNotADayWhoseOtherHoursHeldThreeTimesAsMuch() throws IOException {
        // review of bd58a2f: a $50 request at 10:00 on the last day counted as $171 in the fit (scaled by the hours missed)
        StringBuilder sb = new StringBuilder(java.nio.file.Files.readString(log("before-spike.jsonl", 0, 23, 0, 23)));
        LocalDate last = START.plusDays(45);
        sb.append("{\"timestamp\":\"").append(last).append("T10:00:00Z\",\"model\":\"gpt-4o\",")
                .append("\"usage\":{\"input_tokens\":20000000,\"output_tokens\":0}}\n"); // $50
        JsonNode j = forecast(TestSupport.write(dir, "spike.jsonl", sb.toString()));
        assertEquals(last.toString(), j.get("as_of").asText());
        // the forecast's row dated as of holds the rest of that day
        assertEquals(last.toString(), j.get("forecast").get(0).get("date").asText());
        double restOfLastDay = j.get("forecast").get(0).get("cost_usd").asDouble();
        // the hours after 11:00 hold ~54% of a full day (~$29): the rest of that day is about $16, not 2-3x the spike
        assertTrue(restOfLastDay > 5 && restOfLastDay < 25, "rest of the last day: " + restOfLastDay + " in " + j.get("warnings"));
        assertTrue(j.get("warnings").toString().contains("last day, " + last + ", ends before 11:00 UTC"), j.get("warnings").toString());
    }
}
