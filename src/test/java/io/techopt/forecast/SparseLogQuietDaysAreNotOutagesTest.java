package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review h12d #7: a sparse log (Poisson 1.6 requests a day, so about one day in five has none) had its ordinary quiet
 * days read as logging outages, its forecast biased up, and its 80% and 95% bands identical. A silence is an outage
 * only when a run that long is unlikely at the log's own share of quiet days.
 */
class SparseLogQuietDaysAreNotOutagesTest {
    @TempDir
    static Path dir;

    private static int poisson(SplittableRandom r, double lambda) {
        double l = Math.exp(-lambda), p = 1;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    @Test
    void quietDaysOfASparseLogAreZeroSpendAndItsBandsDiffer() throws IOException {
        SplittableRandom r = new SplittableRandom(42);
        StringBuilder sb = new StringBuilder();
        LocalDate start = LocalDate.parse("2026-09-01");
        int quiet = 0, days = 0;
        for (LocalDate d = start; !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            int n = poisson(r, 1.6);
            days++;
            quiet += n == 0 ? 1 : 0;
            for (int k = 0; k < n; k++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:17:00Z", 1 + k * 3 % 22))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":100000,\"output_tokens\":3000}}\n");
            }
        }
        assertTrue(quiet > days / 10, "the constructed log has quiet days: " + quiet);
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-q", "-f", "json",
                TestSupport.write(dir, "sparse.jsonl", sb.toString()).toString());
        JsonNode j = run.json();
        String w = j.get("warnings").toString();
        assertFalse(w.contains("a logging outage"), w);
        JsonNode iv = j.get("forecast_total_interval");
        assertTrue(iv.get("hi95").asDouble() > iv.get("hi80").asDouble() + 1e-6, iv.toString());
        int same = 0;
        for (JsonNode p : j.get("forecast")) {
            // the days ahead: a row dated as of holds the estimate of the hours the log missed, its bounds at it
            boolean ahead = p.get("date").asText().compareTo(j.get("as_of").asText()) > 0;
            same += ahead && p.get("hi95").asDouble() <= p.get("hi80").asDouble() + 1e-9 ? 1 : 0;
        }
        assertTrue(same == 0, same + " daily points with hi80 == hi95");
    }

    @Test
    void theChanceOfARunSomewhereIsTheExactScanStatistic() {
        // every sequence of 12 days, quiet with chance q: the share holding a run of at least L quiet days
        double q = 0.3;
        for (int length = 1; length <= 5; length++) {
            double p = 0;
            for (int bits = 0; bits < 1 << 12; bits++) {
                int run = 0, longest = 0, quiet = Integer.bitCount(bits);
                for (int d = 0; d < 12; d++) {
                    run = (bits >> d & 1) == 1 ? run + 1 : 0;
                    longest = Math.max(longest, run);
                }
                p += longest >= length ? Math.pow(q, quiet) * Math.pow(1 - q, 12 - quiet) : 0;
            }
            assertEquals(p, OutageDays.chanceOfARunSomewhere(q, length, 12), 1e-12, "run of " + length);
        }
        // at one position a run of 4 at q = 0.2 is 0.16%; somewhere in 75 days it comes one time in eleven
        assertEquals(0.0888, OutageDays.chanceOfARunSomewhere(0.2, 4, 75), 1e-4);
        assertEquals(0.0, OutageDays.chanceOfARunSomewhere(0.0, 1, 75), 0.0);
    }

    @Test
    void aThreeWeekdayOutageOfAWorkingDaysLogIsStillAnOutage() throws IOException {
        // Monday to Friday, 20 requests a day; nothing Wednesday 10-21 to Friday 10-23: with its weekends the silence
        // runs five days, and the log is quiet two days in seven, but on its working days it is never quiet
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-07"); !d.isAfter(LocalDate.parse("2026-11-13")); d = d.plusDays(1)) {
            boolean weekend = d.getDayOfWeek().getValue() >= 6;
            boolean dark = !d.isBefore(LocalDate.parse("2026-10-21")) && !d.isAfter(LocalDate.parse("2026-10-23"));
            for (int k = 0; !weekend && !dark && k < 20; k++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:%02d:00Z", 8 + k / 2, k % 2 * 30))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":100000,\"output_tokens\":3000}}\n");
            }
        }
        JsonNode j = TestSupport.cli("cost-forecast", "-q", "-f", "json",
                TestSupport.write(dir, "workdays.jsonl", sb.toString()).toString()).json();
        String w = j.get("warnings").toString();
        assertTrue(w.contains("from 2026-10-21 to 2026-10-23") && w.contains("a logging outage"), w);
    }
}
