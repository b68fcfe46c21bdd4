package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;

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
            same += p.get("hi95").asDouble() <= p.get("hi80").asDouble() + 1e-9 ? 1 : 0;
        }
        assertTrue(same == 0, same + " daily points with hi80 == hi95");
    }
}
