package io.techopt.forecast;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adversarial finding (review of 49215d4): `cost-forecast --fail-on-alert` without `--budget` exited 0, so a CI gate
 * that forgot its budget file could never fail. Alerts come only from budgets: it is a usage error (cli.md: 2).
 */
class FailOnAlertNeedsABudgetTest {
    @Test
    void failOnAlertWithoutABudgetIsAUsageErrorNamingBudget() {
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-q", "-f", "json", "--fail-on-alert", "samples/requests.jsonl.gz");
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("--fail-on-alert") && run.err().contains("--budget"), run.err());
        assertEquals("", run.out().strip(), "no report on a usage error");
    }
}
