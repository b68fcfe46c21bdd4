package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r10 #3. A working-days log (Monday to Friday, $0.70 a day) ending on Friday 2026-11-13, forecast with
 * --until 2026-11-20: the weekdays 11-16..11-19 are a logging outage (missing), the weekend 11-14/15 is zero spend as
 * every weekend is. The 7-day burn rate left the outage days out of the spend but still divided by the weekend
 * ($0.70 / 3 = $0.2333 against the $0.50 = 5 x 0.70 / 7 of the run without --until), and the tail note called all six
 * silent days an outage. Constructed log: 20 gpt-4o requests of 10k in, 1k out ($0.035 each) a weekday.
 */
class QuietTailBeforeUntilBurnRateAndNoteTest {
    @TempDir
    static Path dir;

    private static JsonNode forecast(String... more) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-08-03"); !d.isAfter(LocalDate.parse("2026-11-13")); d = d.plusDays(1)) {
            if (d.getDayOfWeek().getValue() >= 6) {
                continue;
            }
            for (int k = 0; k < 20; k++) {
                int minute = (int) ((k + 0.5) * 24 * 60 / 20);
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:%02d:00Z", minute / 60, minute % 60))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":10000,\"output_tokens\":1000}}\n");
            }
        }
        Path log = TestSupport.write(dir, "weekdays.jsonl", sb.toString());
        String[] args = {"cost-forecast", "-f", "json", "-q", log.toString()};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return TestSupport.cli(all).json();
    }

    @Test
    void theBurnRateCountsTheOutageDaysAtTheirEstimateLikeTheRunWithoutUntil() throws IOException {
        double without = forecast().get("burn_rate_usd_per_day").asDouble();
        assertEquals(0.50, without, 0.005, "5 weekdays x $0.70 over 7 days");
        JsonNode j = forecast("--until", "2026-11-20");
        assertEquals("2026-11-19", j.get("as_of").asText());
        assertEquals(0.50, j.get("burn_rate_usd_per_day").asDouble(), 0.01,
                "the outage's 4 weekdays are spend a provider bills, the weekend is $0: " + j.get("warnings"));
    }

    @Test
    void theTailNoteCountsTheWeekendAsZeroSpendAndOnlyTheWeekdaysAsTheOutage() throws IOException {
        JsonNode j = forecast("--until", "2026-11-20");
        String tail = null;
        for (JsonNode w : j.get("warnings")) {
            if (w.asText().startsWith("the last 6 day(s) before as of 2026-11-19")) {
                tail = w.asText();
            }
        }
        assertTrue(tail != null, j.get("warnings").toString());
        assertFalse(tail.contains("is 2026-11-13): read like a silence inside the log, as a logging outage"),
                "the weekend 11-14/15 counts as zero spend in every figure: " + tail);
        assertTrue(tail.contains("2 of them") && tail.contains("count as zero spend")
                && tail.contains("the other 4 (2026-11-16 to 2026-11-19)"), tail);
    }
}
