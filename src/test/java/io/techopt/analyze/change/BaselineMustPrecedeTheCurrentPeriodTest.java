package io.techopt.analyze.change;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review h19: a baseline later than the current period was accepted and the change's sign reversed silently (the
 * later period shown as the baseline that the earlier one "changed" from). It is a usage error (exit 2, cli.md) that
 * says how to ask for it: the current period is --since/--until and the baseline comes before it.
 */
class BaselineMustPrecedeTheCurrentPeriodTest {
    static final String SAMPLE = "samples/requests.jsonl.gz";

    @Test
    void aBaselineAfterTheCurrentPeriodIsAUsageErrorThatSaysHowToSwapThem() {
        TestSupport.Run r = TestSupport.cli("analyze", SAMPLE, "-q", "-f", "json", "--since", "2026-10-01", "--until",
                "2026-10-16", "--compare-to", "2026-10-16..2026-10-31");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("after the current period"), r.err());
        assertTrue(r.err().contains("--since 2026-10-16T00:00:00Z --until 2026-10-31T00:00:00Z --compare-to "
                + "2026-10-01T00:00:00Z..2026-10-16T00:00:00Z"), r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }

    @Test
    void anOverlappingBaselineIsAUsageError() {
        TestSupport.Run r = TestSupport.cli("analyze", SAMPLE, "-q", "-f", "json", "--since", "2026-10-16", "--until",
                "2026-10-31", "--compare-to", "2026-10-10..2026-10-20");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("overlaps the current period"), r.err());
    }

    @Test
    void aBaselineEndingWhereTheCurrentPeriodStartsOrEarlierIsAccepted() {
        for (String b : new String[]{"2026-10-01..2026-10-16", "2026-10-01..2026-10-08"}) {
            TestSupport.Run r = TestSupport.cli("analyze", SAMPLE, "-q", "-f", "json", "--since", "2026-10-16", "--until",
                    "2026-10-31", "--compare-to", b);
            assertEquals(0, r.code(), r.err());
        }
    }
}
