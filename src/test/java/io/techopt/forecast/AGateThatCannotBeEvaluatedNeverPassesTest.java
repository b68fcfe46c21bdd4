package io.techopt.forecast;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r23f (gates): a budgeted scope whose every request is unpriced exits 2 under --fail-on-alert
 * (AGateOnAnAllUnpricedScopeIsNoSilentPassTest), but a total forecast left null (a log mostly of an unpriced model,
 * or under one full day) exited 0 with a total budget: a CI gate nobody evaluated passed. One rule now: an alert that
 * fired exits 4; else a budget that could not be evaluated exits 2 with the reason on stderr, never 0.
 */
class AGateThatCannotBeEvaluatedNeverPassesTest {
    @TempDir
    static Path dir;

    /** 28 days from 2026-10-01 of one gpt-4o and 40 acme-llm-x (no price) requests a day: the forecast is null. */
    private static Path mostlyUnpriced() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < 28; d++) {
            for (int k = 0; k < 41; k++) {
                sb.append("{\"timestamp\":\"").append(LocalDate.parse("2026-10-01").plusDays(d))
                        .append(String.format("T%02d:%02d:00Z", k % 24, k)).append("\",\"model\":\"")
                        .append(k == 0 ? "gpt-4o" : "acme-llm-x").append("\",\"usage\":{\"input_tokens\":100000,\"output_tokens\":20000}}\n");
            }
        }
        return TestSupport.write(dir, "mostly-unpriced.jsonl", sb.toString());
    }

    @Test
    void aTotalBudgetBesideANullForecastExitsTwoWithTheReason() throws IOException {
        Path log = mostlyUnpriced();
        Path budget = TestSupport.write(dir, "b.yaml", "total: 1000\n");
        TestSupport.Run r = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", budget.toString(),
                "--fail-on-alert", log.toString());
        // was 0: the forecast alerts were never evaluated, and the gate passed
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("not evaluated") && r.err().contains("models without a price")
                && r.err().contains("exit 2"), r.err());
        assertTrue(r.json().get("forecast_total_usd").isNull(), "the report is still written whole");
        // without --fail-on-alert nothing gates
        assertEquals(0, TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", budget.toString(), log.toString()).code());
        // an alert on the spend logged ($0.45 x 28 > $5) is a fact: it still fires, exit 4, saying the rest was not evaluated
        Path tight = TestSupport.write(dir, "tight.yaml", "total: 5\n");
        TestSupport.Run fired = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", tight.toString(),
                "--fail-on-alert", log.toString());
        assertEquals(4, fired.code(), fired.err());
        assertTrue(fired.err().contains("not evaluated"), fired.err());
    }

    @Test
    void aBudgetBesideUnderADayOfDataExitsTwoToo() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int m = 0; m < 50; m++) {
            sb.append("{\"timestamp\":\"2026-10-01T10:").append(String.format("%02d", m))
                    .append(":00Z\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}\n");
        }
        Path budget = TestSupport.write(dir, "hour.yaml", "total: 1000\n");
        TestSupport.Run r = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", budget.toString(),
                "--fail-on-alert", TestSupport.write(dir, "hour.jsonl", sb.toString()).toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("less than one full day of data"), r.err());
    }
}
