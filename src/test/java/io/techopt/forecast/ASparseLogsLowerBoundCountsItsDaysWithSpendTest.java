package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r10 #7 (s7_5, left open in session 11): a log with one $1.54 request on about one day in four had a 95% lower
 * bound of the month equal to month-to-date, as if no request came in the 22 days left, a chance under 1% at the log's
 * own share of days with spend. The fit's errors on a series mostly $0 are few, and their 2.5% tail is the largest
 * shortfall ever seen.
 */
class ASparseLogsLowerBoundCountsItsDaysWithSpendTest {
    @TempDir
    static Path dir;

    @Test
    void theNinetyFivePercentLowerBoundHoldsTheDaysWithSpendTheDaysLeftAlmostSurelyHave() throws IOException {
        SplittableRandom r = new SplittableRandom(5);
        StringBuilder sb = new StringBuilder();
        LocalDate last = LocalDate.parse("2026-11-08");
        for (LocalDate d = LocalDate.parse("2026-08-01"); !d.isAfter(last); d = d.plusDays(1)) {
            if (r.nextDouble() < 0.25 || d.equals(last)) {
                // $1.25 in + $0.29 out at gpt-4o's $2.50 / $10 per million
                sb.append("{\"timestamp\":\"").append(d).append("T12:00:00Z\",\"model\":\"gpt-4o\",\"usage\":")
                        .append("{\"input_tokens\":500000,\"output_tokens\":29000}}\n");
            }
        }
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q",
                TestSupport.write(dir, "sparse.jsonl", sb.toString()).toString()).json();
        JsonNode daily = j.get("daily"), in = j.get("forecast_total_interval");
        int withSpend = 0, left = j.get("forecast").size();
        for (int i = daily.size() - 28; i < daily.size(); i++) {
            withSpend += daily.get(i).get("cost_usd").asDouble() > 0 ? 1 : 0;
        }
        double mtd = j.get("month_to_date_usd").asDouble(), total = j.get("forecast_total_usd").asDouble();
        // at the log's own share of days with spend, no request in the days left is well under the 2.5% tail
        assertTrue(Math.pow(1 - withSpend / 28.0, left) < 0.01, withSpend + " of 28, " + left + " days left");
        assertTrue(in.get("lo95").asDouble() >= mtd + 1.54 - 1e-9, "at least one more request at 95%: " + in + ", mtd " + mtd);
        assertTrue(in.get("lo95").asDouble() <= in.get("lo80").asDouble() && in.get("lo80").asDouble() <= total, in.toString());
        JsonNode end = j.get("cumulative").get(j.get("cumulative").size() - 1);
        assertEquals(in.get("lo80").asDouble(), end.get("lo80").asDouble(), 1e-6, end.toString());
        String w = j.get("warnings").toString();
        assertTrue(w.contains("the log has spend on few days (" + withSpend + " of the last 28)"), w);
    }

    @Test
    void theFewestDaysWithSpendFollowTheShareSeenAndNoneIsKeptWhenItIsLikely() {
        double[] y = new double[40];
        for (int t = 12; t < 40; t += 4) {
            y[t] = 1.54; // 7 of the last 28 days
        }
        y[39] = 1.54;
        SparseDays eight = SparseDays.of(y);
        assertEquals(8, eight.withSpend);
        // beta-binomial, 22 days, Beta(8.5, 20.5): P(N <= 1) = 2.2%, P(N <= 2) = 6.7%, P(N <= 3) = 14.5%
        assertEquals(2, eight.fewestDays(22, 95));
        assertEquals(3, eight.fewestDays(22, 80));
        assertEquals(3 * 1.54, eight.floorOfSum(22, 80), 1e-12);
        double[] rare = new double[40];
        rare[20] = rare[33] = 1.54; // 2 of 28: 22 days without a request is a likely outcome, the floor is none
        assertEquals(0, SparseDays.of(rare).fewestDays(22, 95));
        double[] busy = new double[40];
        Arrays.fill(busy, 0.70);
        busy[30] = 0; // spend on most days: the fit's errors measure its tail
        assertNull(SparseDays.of(busy));
        double[] stopped = new double[40];
        Arrays.fill(stopped, 0, 26, 0.70); // spend every day, then none for the last 14: 14 of 28, but no count holds
        assertNull(SparseDays.of(stopped));
        // a quiet end the share makes likely keeps the count: 8 of 28 and the last 3 days quiet (a 35% chance)
        double[] quietEnd = y.clone();
        quietEnd[39] = 0;
        quietEnd[35] = 1.54;
        assertEquals(8, SparseDays.of(quietEnd).withSpend);
    }
}
