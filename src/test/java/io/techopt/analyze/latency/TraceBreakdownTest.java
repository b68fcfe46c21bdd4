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
    void wallTimeGoesToTheLeafSpansActiveSplitEvenlyBetweenParallelOnesAndMatchesTheHandComputation() {
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
    void theCriticalPathFollowsTheChildThatFinishedLastBeforeTheCursorAndMatchesTheHandComputation() {
        TraceBreakdown b = agentTrace();
        // chat 2 finished last [600,900); back at 600 neither tool had finished (700, 650): both off the path; chat 1
        // finished at 500 <= 600: [200,500); then the search [50,150) (its embeddings [60,100) inside it).
        // other: post-process 100; agent [900,1000) 100, [500,600) 100, [150,200) 50, [0,50) 50
        assertEquals(400 * MS, b.criticalNs[OTHER], 1);
        assertEquals(600 * MS, b.criticalNs[LLM], 1);
        assertEquals(0, b.criticalNs[TOOL], 1);
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
    void aToolBesideAnAgentStepThatHoldsAChatGetsHalfTheWallTimeNotNothing() {
        // review h19b #3 (t1_depth): root R [0,100], tool A under R [0,100], agent step B under R [0,100], chat C
        // under B [0,100]. Leaves active throughout: A (R and B each have an active child) and C: 50 ms each.
        long[] start = ms(0, 0, 0, 0), end = ms(100, 100, 100, 100);
        TraceBreakdown b = TraceBreakdown.of(start, end, new int[]{-1, 0, 0, 2},
                new byte[]{(byte) OTHER, (byte) TOOL, (byte) OTHER, (byte) LLM});
        assertEquals(50 * MS, b.wallNs[TOOL], 1);
        assertEquals(50 * MS, b.wallNs[LLM], 1);
        assertEquals(0, b.wallNs[OTHER], 1);
        assertEquals(1.0, sum(b.wallNs) / b.wallTimeNs(), 1e-12);
    }

    @Test
    void aChildStartedBeforeItsParentStopsBeingALeafHolderWhenTheParentStarts() {
        // parent P [10,100] root; child C [0,50] (clock skew: starts before P). [0,10) C alone (P not active, C a
        // leaf); [10,50) C is P's active child: C; [50,100) P alone.
        TraceBreakdown b = TraceBreakdown.of(ms(10, 0), ms(100, 50), new int[]{-1, 0},
                new byte[]{(byte) OTHER, (byte) LLM});
        assertEquals(50 * MS, b.wallNs[LLM], 1);
        assertEquals(50 * MS, b.wallNs[OTHER], 1);
    }

    @Test
    void theCriticalPathTakesOnlyAChildThatFinishedBeforeTheCursorAsJaegerDoes() {
        // review h19b #11 (t14_cp): handler [0,100], tool [50,100], chat [0,80]. The tool finished last: [50,100).
        // Back at the tool's start (50) the chat had not finished (80): off the path; the handler's own [0,50).
        TraceBreakdown b = TraceBreakdown.of(ms(0, 50, 0), ms(100, 100, 80), new int[]{-1, 0, 0},
                new byte[]{(byte) OTHER, (byte) TOOL, (byte) LLM});
        assertEquals(50 * MS, b.criticalNs[TOOL], 1);
        assertEquals(50 * MS, b.criticalNs[OTHER], 1);
        assertEquals(0, b.criticalNs[LLM], 1);
    }

    @Test
    void aParentLoopIsCutAtItsEarliestSpanWhateverTheInputOrderAndLeavesNoUntracedTimeWhileSpansRun() {
        // review h19b #12 (t2_cycle): x [0,100] names y as parent, y [10,90] names x, z [20,60] under x. The loop is
        // cut at x (earliest start): x root, y and z its children. Wall: [0,10) x, [10,20) y, [20,60) y and z half
        // each, [60,90) y, [90,100) x. Critical path: y finished last [10,90), then nothing finished before 10: x's own.
        long[] start = ms(0, 10, 20), end = ms(100, 90, 60);
        byte[] stage = {(byte) OTHER, (byte) TOOL, (byte) LLM};
        TraceBreakdown b = TraceBreakdown.of(start, end, new int[]{1, 0, 0}, stage);
        // the same spans in another order: z, y, x
        TraceBreakdown r = TraceBreakdown.of(new long[]{start[2], start[1], start[0]}, new long[]{end[2], end[1], end[0]},
                new int[]{2, 2, 1}, new byte[]{stage[2], stage[1], stage[0]});
        for (TraceBreakdown t : new TraceBreakdown[]{b, r}) {
            assertEquals(1, t.cycles);
            assertEquals(20 * MS, t.wallNs[OTHER], 1);
            assertEquals(60 * MS, t.wallNs[TOOL], 1);
            assertEquals(20 * MS, t.wallNs[LLM], 1);
            assertEquals(0, t.criticalNs[UNTRACED], 1);
            assertEquals(80 * MS, t.criticalNs[TOOL], 1);
            assertEquals(20 * MS, t.criticalNs[OTHER], 1);
        }
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
