package io.techopt.analyze.latency;

import org.junit.jupiter.api.Test;

import static io.techopt.analyze.latency.TraceBreakdownTest.LLM;
import static io.techopt.analyze.latency.TraceBreakdownTest.MS;
import static io.techopt.analyze.latency.TraceBreakdownTest.OTHER;
import static io.techopt.analyze.latency.TraceBreakdownTest.UNTRACED;
import static io.techopt.analyze.latency.TraceBreakdownTest.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child span whose clock runs ahead of or behind its parent's (another host) sticks out of it. The time it sticks
 * out has a span active (the child), so it is never "untraced" (no span active) on the critical path either: the
 * parent is taken to last at least as long as its children, and both splits agree.
 */
class ClockSkewNeverShowsAsUntracedTest {
    @Test
    void aChildStartingBeforeAndEndingAfterItsParentIsAllOfTheCriticalPath() {
        // agent [100, 200) ; its chat call [50, 250): 50 ms early, 50 ms late
        TraceBreakdown b = TraceBreakdown.of(ms(100, 50), ms(200, 250), new int[]{-1, 0}, new byte[]{(byte) OTHER, (byte) LLM});
        assertEquals(200 * MS, b.wallTimeNs());
        assertEquals(200 * MS, b.wallNs[LLM], 1);
        assertEquals(200 * MS, b.criticalNs[LLM], 1, "the chat call runs the whole trace");
        assertEquals(0, b.criticalNs[UNTRACED], 1, "a span is active at every instant");
    }

    @Test
    void aChildEndingAfterItsParentKeepsItsTailOnTheCriticalPath() {
        // agent [0, 100) ; its chat call [90, 150): by hand, agent alone 0-90, chat 90-150
        TraceBreakdown b = TraceBreakdown.of(ms(0, 90), ms(100, 150), new int[]{-1, 0}, new byte[]{(byte) OTHER, (byte) LLM});
        assertEquals(90 * MS, b.wallNs[OTHER], 1);
        assertEquals(60 * MS, b.wallNs[LLM], 1);
        assertEquals(90 * MS, b.criticalNs[OTHER], 1);
        assertEquals(60 * MS, b.criticalNs[LLM], 1);
        assertEquals(0, b.criticalNs[UNTRACED], 1);
    }

    @Test
    void aGrandchildStickingOutOfBothAncestorsCountsOnce() {
        // root [0, 100) ; child [10, 90) ; grandchild [80, 130): the grandchild's tail 100-130 is its own
        TraceBreakdown b = TraceBreakdown.of(ms(0, 10, 80), ms(100, 90, 130), new int[]{-1, 0, 1},
                new byte[]{(byte) OTHER, (byte) OTHER, (byte) LLM});
        assertEquals(130 * MS, b.wallTimeNs());
        assertEquals(50 * MS, b.criticalNs[LLM], 1);
        assertEquals(80 * MS, b.criticalNs[OTHER], 1);
        assertEquals(0, b.criticalNs[UNTRACED], 1);
        double sum = 0;
        for (double v : b.criticalNs) {
            sum += v;
        }
        assertEquals(b.wallTimeNs(), sum, 1);
    }

    /** Review r9 #9: the method text in every output said "children clipped to their parent", which they are not. */
    @Test
    void theMethodTextInEveryOutputStatesTheSkewRuleNotClipping() {
        assertFalse(LatencyResult.METHOD.contains("clipped"), LatencyResult.METHOD);
        assertTrue(LatencyResult.METHOD.contains("the parent is taken to last as long as its children"), LatencyResult.METHOD);
    }
}
