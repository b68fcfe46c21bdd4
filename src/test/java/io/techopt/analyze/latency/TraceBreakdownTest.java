package io.techopt.analyze.latency;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One agent trace whose breakdown is computed by hand (times in ms from the trace start):
 * <pre>
 * agent (other)        [0, 1000]  root
 *   vector search (ret)  [50, 150]
 *     embeddings (ret)     [60, 100]
 *   chat #1 (llm)        [200, 500]
 *   tool A (tool)        [500, 700]
 *   tool B (tool)        [550, 650]   parallel to tool A
 *   chat #2 (llm)        [600, 900]   parallel to both tools for a while
 * post-process (other) [1100, 1200] second root; [1000, 1100] no span active
 * </pre>
 */
class TraceBreakdownTest {
    static final int OTHER = Stage.OTHER.ordinal(), RET = Stage.RETRIEVAL.ordinal(), LLM = Stage.LLM.ordinal(),
            TOOL = Stage.TOOL.ordinal(), UNTRACED = Stage.UNTRACED.ordinal();
    static final long MS = 1_000_000L;
    static final long T0 = 1_767_225_600_000L * MS;

    static long[] ms(long... v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = T0 + v[i] * MS;
        }
        return out;
    }

    static TraceBreakdown agentTrace() {
        long[] start = ms(0, 50, 60, 200, 500, 550, 600, 1100);
        long[] end = ms(1000, 150, 100, 500, 700, 650, 900, 1200);
        int[] parent = {-1, 0, 1, 0, 0, 0, 0, -1};
        byte[] stage = {(byte) OTHER, (byte) RET, (byte) RET, (byte) LLM, (byte) TOOL, (byte) TOOL, (byte) LLM, (byte) OTHER};
        return TraceBreakdown.of(start, end, parent, stage);
    }

    @Test
    void wallTimeGoesToTheDeepestActiveSpansSplitEvenlyBetweenParallelOnesAndMatchesTheHandComputation() {
        TraceBreakdown b = agentTrace();
        assertEquals(1200 * MS, b.wallTimeNs());
        // [0,50) [150,200) [900,1000) agent alone, [1100,1200) post-process
        assertEquals(300 * MS, b.wallNs[OTHER], 1);
        // [50,60) [100,150) search, [60,100) embeddings
        assertEquals(100 * MS, b.wallNs[RET], 1);
        // [200,500) chat 1; [600,650) a third with both tools; [650,700) half with tool A; [700,900) chat 2 alone
        assertEquals((300 + 50.0 / 3 + 25 + 200) * MS, b.wallNs[LLM], 1);
        // [500,550) A; [550,600) A and B; [600,650) two thirds; [650,700) half
        assertEquals((50 + 50 + 100.0 / 3 + 25) * MS, b.wallNs[TOOL], 1);
        assertEquals(100 * MS, b.wallNs[UNTRACED], 1);
        assertEquals(1.0, sum(b.wallNs) / b.wallTimeNs(), 1e-12);
    }

    @Test
    void theCriticalPathFollowsTheChildThatFinishedLastAndMatchesTheHandComputation() {
        TraceBreakdown b = agentTrace();
        // post-process 100; agent [900,1000) 100, [150,200) 50, [0,50) 50; tool B never on the path
        assertEquals(300 * MS, b.criticalNs[OTHER], 1);
        assertEquals(600 * MS, b.criticalNs[LLM], 1); // chat 2 [600,900) and chat 1 [200,500)
        assertEquals(100 * MS, b.criticalNs[TOOL], 1); // tool A clipped at chat 2's start: [500,600)
        assertEquals(100 * MS, b.criticalNs[RET], 1);
        assertEquals(100 * MS, b.criticalNs[UNTRACED], 1);
        assertEquals(1.0, sum(b.criticalNs) / b.wallTimeNs(), 1e-12);
    }

    @Test
    void aChildOutlivingItsParentAndAParentLoopStillAddUpToTheWallTime() {
        // child [50, 300] of a parent [0, 200]; a and b name each other as parent
        long[] start = ms(0, 50, 400, 450);
        long[] end = ms(200, 300, 500, 600);
        TraceBreakdown b = TraceBreakdown.of(start, end, new int[]{-1, 0, 3, 2},
                new byte[]{(byte) OTHER, (byte) LLM, (byte) TOOL, (byte) RET});
        assertEquals(1, b.cycles);
        assertEquals(600 * MS, b.wallTimeNs());
        assertEquals(1.0, sum(b.wallNs) / b.wallTimeNs(), 1e-12);
        assertEquals(1.0, sum(b.criticalNs) / b.wallTimeNs(), 1e-12);
        assertEquals(250 * MS, b.wallNs[LLM], 1); // [50,300): deeper than its parent, then alone
        assertEquals(100 * MS, b.wallNs[UNTRACED], 1); // [300,400)
    }

    @Test
    void zeroLengthSpansTakeNoTimeAndAOneInstantTraceHasNoWallTime() {
        TraceBreakdown b = TraceBreakdown.of(ms(0, 10, 10), ms(20, 10, 20), new int[]{-1, 0, 0},
                new byte[]{(byte) OTHER, (byte) LLM, (byte) TOOL});
        assertEquals(0, b.wallNs[LLM], 1);
        assertEquals(10 * MS, b.wallNs[TOOL], 1);
        TraceBreakdown point = TraceBreakdown.of(ms(5), ms(5), new int[]{-1}, new byte[]{(byte) LLM});
        assertEquals(0, point.wallTimeNs());
        assertEquals(0, sum(point.wallNs), 0);
    }

    static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
