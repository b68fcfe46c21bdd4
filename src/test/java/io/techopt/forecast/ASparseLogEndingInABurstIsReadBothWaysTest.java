package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static io.techopt.forecast.CumulativeIsARunningTotalsBoundsTest.sparseThenBurst;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r23f N3: a $1.00 request on about one day in ten since July, then $24 a day on the last three days (mtd $73):
 * $459.82, 80% $74.00 to $1079.17, while by hand the burst going on gives $457 and spend back at the sparse rate
 * $74.60; a $500 budget alerted "up to $1079.17" and exited 4. One such day ending the log (mtd $25) grew a damped
 * trend, days ramping from $3.70 to $25.11, $270.56 with 80% to $284.66, for readings of $26.60 and $409. A sparse log
 * has no typical day, so the end rule that reads a dense log's last days both ways never ran.
 */
class ASparseLogEndingInABurstIsReadBothWaysTest {
    @TempDir
    static Path dir;
    static Path three, one;

    @BeforeAll
    static void logs() throws IOException {
        three = TestSupport.write(dir, "burst3.jsonl", sparseThenBurst(3));
        one = TestSupport.write(dir, "burst1.jsonl", sparseThenBurst(1));
    }

    /** The period total if spend goes back to the log's rate before the burst, and if the burst goes on. */
    static void assertReadBothWays(JsonNode j, double oneOff, double goesOn) {
        double point = j.get("forecast_total_usd").asDouble();
        JsonNode in = j.get("forecast_total_interval");
        // the fit's rate before the burst, within half a $1 request of the hand one (a request on one day in ten)
        assertTrue(in.get("lo80").asDouble() <= oneOff + 0.5, "the band reaches spend back at the sparse rate: " + in);
        assertTrue(in.get("hi80").asDouble() >= 0.99 * goesOn, "the band reaches the burst going on: " + in);
        assertTrue(in.get("hi80").asDouble() <= 1.5 * goesOn, "no band past 1.5x the highest reading: " + in);
        assertTrue(point >= in.get("lo80").asDouble() && point <= goesOn, point + " between the readings");
        double least = Double.POSITIVE_INFINITY, most = 0;
        for (JsonNode d : j.get("forecast")) {
            least = Math.min(least, d.get("cost_usd").asDouble());
            most = Math.max(most, d.get("cost_usd").asDouble());
        }
        // no level or trend grown from one to three days: no ramp, no forecast day near the burst's $24
        assertTrue(most - least < 1 && most < 12, "no trend from the burst: " + j.get("forecast"));
        String w = j.get("warnings").toString();
        assertTrue(w.contains("a burst") && w.contains("2026-11-14") && w.contains(String.format(java.util.Locale.ROOT, "$%.2f", goesOn)),
                "a note names the burst and its readings: " + w);
    }

    @Test
    void threeBurstDaysEndingASparseLogAreReadAsAOneOffAndAsGoingOn() {
        // one-off: 73 + 16 days x $0.10 (a $1 request on ~10% of days); goes on: 73 + 16 x 24
        assertReadBothWays(TestSupport.cli("cost-forecast", "-f", "json", "-q", three.toString()).json(), 74.60, 457);
    }

    @Test
    void oneBurstDayEndingASparseLogGrowsNoTrend() {
        assertReadBothWays(TestSupport.cli("cost-forecast", "-f", "json", "-q", one.toString()).json(), 26.60, 409);
    }

    @Test
    void aWeekendOnlyLogsHighLastSundayIsTheEndRulesWithItsWeekdayNotABurst() throws IOException {
        // spend on 8 of every 28 days, but each Saturday and Sunday has a typical day: the end rule reads it
        StringBuilder sb = new StringBuilder();
        for (java.time.LocalDate d = java.time.LocalDate.parse("2026-08-01"); !d.isAfter(java.time.LocalDate.parse("2026-11-15"));
             d = d.plusDays(1)) {
            if (d.getDayOfWeek().getValue() >= 6) {
                for (int k = 0; k < (d.toString().equals("2026-11-15") ? 6 : 1); k++) {
                    sb.append(CumulativeIsARunningTotalsBoundsTest.request(d + "T1" + k + ":00:00Z"));
                }
            }
        }
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q",
                TestSupport.write(dir, "weekends.jsonl", sb.toString()).toString()).json();
        String w = j.get("warnings").toString();
        assertTrue(!w.contains("a burst") && w.contains("The last day, 2026-11-15, is one of them"), w);
    }

    @Test
    void aBudgetOverNeitherReadingRaisesNoForecastAlert() throws IOException {
        Path budget = TestSupport.write(dir, "b500.yaml", "budgets:\n  - {scope: total, monthly_usd: 500}\n");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "-q", three.toString(), "--budget",
                budget.toString(), "--fail-on-alert");
        assertEquals(0, run.code(), run.out() + run.err());
        assertEquals(0, run.json().get("alerts").size(), run.json().get("alerts").toString());
    }
}
