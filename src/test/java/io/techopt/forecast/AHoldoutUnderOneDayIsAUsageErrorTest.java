package io.techopt.forecast;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Review r25f L7: --holdout 0 and --holdout -1 exited 0 with a backtest of no days; a usage error (exit 2) now, as cli.md says. */
class AHoldoutUnderOneDayIsAUsageErrorTest {
    @Test
    void holdoutZeroOrNegativeExitsTwoWithTheReason() {
        for (String days : new String[]{"0", "-1"}) {
            TestSupport.Run run = TestSupport.cli("cost-forecast", "--holdout", days, "-q", "samples/requests.jsonl.gz");
            assertEquals(2, run.code(), "--holdout " + days + ": " + run.err());
            assertTrue(run.err().contains("--holdout must be at least 1 (got " + days + ")"), run.err());
        }
        assertEquals(0, TestSupport.cli("cost-forecast", "--holdout", "1", "-q", "samples/requests.jsonl.gz").code());
    }
}
