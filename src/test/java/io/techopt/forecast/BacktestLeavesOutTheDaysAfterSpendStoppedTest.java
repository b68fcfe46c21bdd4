package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r10 #6. A product shut down on 2026-11-05 (then one stray request on 11-14, or one tiny health check a day):
 * the shutdown is read right, but backtest_mape was measured on the stopped days, a percentage error against ~$0 of
 * spend (s2: 261.9, i.e. 26,194%; s2b: 2370). The held-out days after spend stopped are left out of the backtest, and
 * a note says so. Constructed logs: 2026-09-01..11-04, about 20 gpt-4o requests of $0.035 a day (20% sd).
 */
class BacktestLeavesOutTheDaysAfterSpendStoppedTest {
    @TempDir
    static Path dir;

    private static StringBuilder base() {
        SplittableRandom r = new SplittableRandom(3);
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(LocalDate.parse("2026-11-04")); d = d.plusDays(1)) {
            int n = (int) Math.max(1, Math.round(20 + 4 * ForecastCalibrationTest.gaussian(r)));
            for (int k = 0; k < n; k++) {
                append(sb, d, (int) ((k + 0.5) * 24 * 60 / n), 10000, 1000);
            }
        }
        return sb;
    }

    private static void append(StringBuilder sb, LocalDate d, int minute, int in, int out) {
        sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:%02d:00Z", minute / 60, minute % 60))
                .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":").append(in).append(",\"output_tokens\":")
                .append(out).append("}}\n");
    }

    private static void assertNoBacktestOnStoppedDays(String name, StringBuilder log) throws IOException {
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", TestSupport.write(dir, name, log.toString()).toString()).json();
        JsonNode mape = j.get("backtest_mape");
        assertTrue(j.has("backtest_mape") && (mape.isNull() || mape.asDouble() < 1),
                "a percentage error measured against the days after the shutdown: " + mape);
        String w = j.get("warnings").toString();
        assertTrue(w.contains("leave out the held-out days from 2026-11-05"), w);
        if (!mape.isNull()) {
            assertTrue(j.get("coverage80").asDouble() >= 0.5, "coverage measured on the days before the stop: " + j.get("coverage80"));
        }
    }

    @Test
    void aShutdownThenOneStrayRequestMeasuresNoPercentageErrorOnTheStoppedDays() throws IOException {
        StringBuilder sb = base();
        append(sb, LocalDate.parse("2026-11-14"), 12 * 60, 100, 10);
        assertNoBacktestOnStoppedDays("stray.jsonl", sb);
    }

    @Test
    void aShutdownThenADailyHealthCheckMeasuresNoPercentageErrorOnTheStoppedDays() throws IOException {
        StringBuilder sb = base();
        for (LocalDate d = LocalDate.parse("2026-11-05"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            append(sb, d, 12 * 60, 50, 5);
        }
        assertNoBacktestOnStoppedDays("healthcheck.jsonl", sb);
    }
}
