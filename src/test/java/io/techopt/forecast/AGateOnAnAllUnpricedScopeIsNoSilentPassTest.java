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
 * Review r23f L-d: `--budget` on provider:vllm (every request of a model without a price) with `--fail-on-alert`
 * exited 0: the scope's figures are null and its alerts are not evaluated, so a CI gate on that budget passed
 * without being checked. It now exits 2 (usage error: the models need prices) naming the scope on stderr.
 */
class AGateOnAnAllUnpricedScopeIsNoSilentPassTest {
    @TempDir
    static Path dir;

    /** 2026-10-01..11-14: 24 gpt-4o requests a day on openai, one request of an unpriced model on vllm. */
    private static Path log() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-10-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            for (int k = 0; k < 24; k++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:10:00Z", k))
                        .append("\",\"model\":\"gpt-4o\",\"provider\":\"openai\",\"usage\":{\"input_tokens\":9000,\"output_tokens\":667}}\n");
            }
            sb.append("{\"timestamp\":\"").append(d).append("T12:40:00Z\",\"model\":\"acme-llm-v2\",\"provider\":\"vllm\","
                    + "\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}\n");
        }
        return TestSupport.write(dir, "vllm.jsonl", sb.toString());
    }

    @Test
    void failOnAlertWithABudgetOnAnAllUnpricedScopeExitsTwoNamingTheScope() throws IOException {
        Path log = log();
        Path budget = TestSupport.write(dir, "b.yaml", "budgets:\n  - {scope: \"provider:vllm\", monthly_usd: 0.01}\n");
        TestSupport.Run r = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", budget.toString(),
                "--fail-on-alert", log.toString());
        // was 0: a gate nobody evaluated read as "within budget"
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("provider:vllm") && r.err().contains("could not be evaluated")
                && r.err().contains("--prices"), r.err());
        // the report is still written whole
        assertTrue(r.json().get("forecast_total_usd").isNumber(), r.out());
        // without --fail-on-alert nothing gates: the note in the report is enough
        TestSupport.Run plain = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", budget.toString(), log.toString());
        assertEquals(0, plain.code(), plain.err());
        // a priced budget that fires still exits 4, whatever the unpriced one
        Path both = TestSupport.write(dir, "both.yaml", "budgets:\n  - {scope: \"provider:vllm\", monthly_usd: 0.01}\n"
                + "  - {scope: \"provider:openai\", monthly_usd: 1}\n");
        assertEquals(4, TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", both.toString(), "--fail-on-alert",
                log.toString()).code());
    }
}
