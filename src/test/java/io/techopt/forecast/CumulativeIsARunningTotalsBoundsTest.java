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
 * Review r23f L-b (and N3): cumulative's bounds come from the errors of sums of k days, calibrated apart for each k,
 * then moved by a sparse log's count of days and the widening's equal shares, so a running total's lower bound fell
 * (a sparse log ending in a $24 burst: lo80 $87.77 on the first forecast day, then $73.00; a noisy weekly week: each
 * weekend day's lo80 under the Friday's) and the first one lay above month-to-date plus that day's own lo80 ($0).
 */
class CumulativeIsARunningTotalsBoundsTest {
    @TempDir
    static Path dir;

    /** One $1.00 gpt-4o request (200k in, 50k out). */
    static String request(String timestamp) {
        return "{\"timestamp\":\"" + timestamp + "\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":200000,\"output_tokens\":50000}}\n";
    }

    /** From day {@code from} to {@code to}, on the i-th day {@code requests.applyAsInt(i)} $1.00 requests over its hours. */
    static String dailyRequests(String from, String to, java.util.function.IntUnaryOperator requests) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (LocalDate d = LocalDate.parse(from); !d.isAfter(LocalDate.parse(to)); d = d.plusDays(1), i++) {
            for (int r = 0; r < requests.applyAsInt(i); r++) {
                sb.append(request(d + "T" + String.format("%02d:%02d:00Z", r % 24, (r * 7) % 60)));
            }
        }
        return sb.toString();
    }

    /** Review r23f's logs5/SB_burst3.jsonl: a $1.00 request on about one day in ten, then 24 a day on 11-12..14. */
    static String sparseThenBurst(int burstDays) {
        StringBuilder sb = new StringBuilder();
        for (String t : ("2026-07-07T14:15:00Z 2026-07-10T05:15:00Z 2026-07-16T06:15:00Z 2026-07-22T19:15:00Z "
                + "2026-07-25T00:15:00Z 2026-08-12T09:15:00Z 2026-08-17T11:15:00Z 2026-08-23T00:15:00Z 2026-09-24T21:15:00Z "
                + "2026-09-27T04:15:00Z 2026-10-02T19:15:00Z 2026-10-10T20:15:00Z 2026-10-11T15:15:00Z 2026-10-21T13:15:00Z "
                + "2026-11-09T08:15:00Z").split(" ")) {
            sb.append(request(t));
        }
        for (LocalDate d = LocalDate.parse("2026-11-15").minusDays(burstDays); d.isBefore(LocalDate.parse("2026-11-15")); d = d.plusDays(1)) {
            for (int h = 0; h < 24; h++) {
                sb.append(request(d + "T" + String.format("%02d", h) + ":15:00Z"));
            }
        }
        return sb.toString();
    }

    /** Review fe16b's S_d7_n0.2_wk_s2: a week of gpt-4o spend with 20% noise and weekends at 0.3x, 24 requests a day. */
    static String noisyWeek() {
        int[] tokens = {3802, 14951, 15028, 7911, 13656, 9149, 3304};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tokens.length; i++) {
            for (int h = 0; h < 24; h++) {
                sb.append("{\"timestamp\":\"").append(LocalDate.parse("2026-11-08").plusDays(i)).append("T")
                        .append(String.format("%02d", h)).append(":30:00Z\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":")
                        .append(tokens[i]).append(",\"output_tokens\":0}}\n");
            }
        }
        return sb.toString();
    }

    static void assertARunningTotalsBounds(JsonNode j) {
        JsonNode cum = j.get("cumulative"), day = j.get("forecast").get(0), in = j.get("forecast_total_interval");
        int from = 0;
        while (cum.get(from).get("forecast_usd").isNull()) {
            from++;
        }
        double before = cum.get(from).get("forecast_usd").asDouble() - day.get("cost_usd").asDouble();
        assertTrue(cum.get(from).get("lo80").asDouble() <= before + day.get("lo80").asDouble() + 1e-9,
                "the first lo80 is at most month-to-date plus that day's lo80: " + cum.get(from) + ", " + day);
        for (int i = from + 1; i < cum.size(); i++) {
            JsonNode a = cum.get(i - 1), b = cum.get(i);
            assertTrue(b.get("lo80").asDouble() >= a.get("lo80").asDouble() - 1e-9, "lo80 falls: " + a + " then " + b);
            assertTrue(b.get("hi80").asDouble() >= a.get("hi80").asDouble() - 1e-9, "hi80 falls: " + a + " then " + b);
        }
        JsonNode end = cum.get(cum.size() - 1);
        assertEquals(in.get("lo80").asDouble(), end.get("lo80").asDouble(), 1e-6, "the last is the interval's: " + in);
        assertEquals(in.get("hi80").asDouble(), end.get("hi80").asDouble(), 1e-6, "the last is the interval's: " + in);
    }

    @Test
    void aSparseLogEndingInABurstHasCumulativeBoundsThatNeverFall() throws IOException {
        assertARunningTotalsBounds(TestSupport.cli("cost-forecast", "-f", "json", "-q",
                TestSupport.write(dir, "burst3.jsonl", sparseThenBurst(3)).toString()).json());
    }

    @Test
    void aNoisyWeeklyWeeksWeekendsKeepItsCumulativeLowerBoundFromFalling() throws IOException {
        assertARunningTotalsBounds(TestSupport.cli("cost-forecast", "-f", "json", "-q",
                TestSupport.write(dir, "week.jsonl", noisyWeek()).toString()).json());
    }
}
