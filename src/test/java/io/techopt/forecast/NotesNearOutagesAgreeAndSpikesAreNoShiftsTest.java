package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review h12d #11. A weekend-only log with one weekend dark said of the same days both "they count as zero spend" (the
 * gap note) and "a logging outage, not zero spend"; one spike day in a stationary log, and a working-days log's
 * holiday week, were read as level shifts (a two-week mean lifted by one day, or a window whose weekdays are missing
 * and whose weekends are $0). A shift moves most days after it, each against its weekday's level before.
 * Constructed logs: gpt-4o requests of 10k input and 1k output tokens ($0.035), 20 a day (14 in the spike test, 40 on weekends) within 20%.
 */
class NotesNearOutagesAgreeAndSpikesAreNoShiftsTest {
    @TempDir
    static Path dir;

    private static StringBuilder log(LocalDate from, LocalDate to, int perDay, Predicate<LocalDate> skip) {
        SplittableRandom r = new SplittableRandom(7);
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (skip.test(d)) {
                continue;
            }
            int n = (int) Math.max(1, Math.round(perDay * (1 + 0.2 * (r.nextDouble() * 2 - 1))));
            for (int k = 0; k < n; k++) {
                int minute = (int) ((k + 0.5) * 24 * 60 / n);
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:%02d:00Z", minute / 60, minute % 60))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":10000,\"output_tokens\":1000}}\n");
            }
        }
        return sb;
    }

    private static JsonNode forecast(String name, CharSequence log) throws IOException {
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-q", "-f", "json", TestSupport.write(dir, name, log.toString()).toString());
        return run.json();
    }

    @Test
    void aGapPartlyReadAsAnOutageSaysWhichOfItsDaysCountAsZeroSpend() throws IOException {
        // Saturdays and Sundays only, 40 requests each, 2026-09-01 to 11-14; the weekend of 10-17 and 10-18 dark
        JsonNode j = forecast("weekends.jsonl", log(LocalDate.parse("2026-09-01"), LocalDate.parse("2026-11-14"), 40,
                d -> d.getDayOfWeek().getValue() < 6 || d.toString().equals("2026-10-17") || d.toString().equals("2026-10-18")));
        String w = j.get("warnings").toString();
        assertTrue(w.contains("from 2026-10-17 to 2026-10-18") && w.contains("a logging outage"), w);
        for (JsonNode n : j.get("warnings")) {
            assertFalse(n.asText().contains("2026-10-12 to 2026-10-23") && n.asText().contains("they count as zero spend"),
                    "the gap note says all its days are $0, the outage note that two are missing: " + n.asText());
        }
        assertTrue(w.contains("10 of them, on weekdays the log is usually quiet on, count as zero spend, the other 2"), w);
    }

    @Test
    void oneSpikeDayInAStationaryLogIsNoLevelShift() throws IOException {
        // 14 requests a day 2026-08-01 to 10-29, and 30 heavy ones ($0.25 each, 15 times a day's spend) on 10-03
        StringBuilder sb = log(LocalDate.parse("2026-08-01"), LocalDate.parse("2026-10-29"), 14, d -> false);
        for (int i = 0; i < 30; i++) {
            sb.append(String.format("{\"timestamp\":\"2026-10-03T12:%02d:00Z\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":100000,\"output_tokens\":0}}\n", i));
        }
        String w = forecast("spike.jsonl", sb).get("warnings").toString();
        assertFalse(w.contains("shifted level"), w);
    }

    @Test
    void aHolidayWeekOfAWorkingDaysLogIsAnOutageNotTwoLevelShifts() throws IOException {
        // Monday to Friday 2026-09-01 to 11-14; the week of 10-26 to 10-30 dark
        JsonNode j = forecast("holiday.jsonl", log(LocalDate.parse("2026-09-01"), LocalDate.parse("2026-11-14"), 20,
                d -> d.getDayOfWeek().getValue() >= 6 || !d.isBefore(LocalDate.parse("2026-10-26")) && !d.isAfter(LocalDate.parse("2026-10-30"))));
        String w = j.get("warnings").toString();
        assertTrue(w.contains("from 2026-10-26 to 2026-10-30") && w.contains("a logging outage"), w);
        assertFalse(w.contains("shifted level"), w);
    }
}
