package io.techopt.analyze.latency;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;

/**
 * Where one trace's wall time goes, two ways, each adding up to the trace's wall time exactly (from its first span's
 * start to its last span's end):
 * <ul>
 * <li>{@link #wallNs}: every instant goes to the leaves active then, the spans with no active child at that instant
 * (a parent's time while a child runs is the child's; a tool beside an agent step that holds a chat is a leaf as much
 * as the chat is). Several leaves at once (parallel spans, at any depth) split the instant evenly; an instant with no
 * span active is {@link Stage#UNTRACED}.</li>
 * <li>{@link #criticalNs}: the critical path, the chain of spans that determines when the trace ends (Jaeger's method).
 * Children are clipped to their parent. From a span's end backwards, the child that finished last is taken; back at
 * that child's start (the cursor), the child that finished last no later than the cursor, and so on; a child still
 * running at the cursor is off the path. What no taken child covers is the span's own time. For this a span is
 * taken to last at least as long as its descendants (a child sticking out of its parent, as clock skew between hosts
 * makes it, keeps that time), so untraced time on the path is always time with no span active. The trace's roots are the
 * children of one virtual root whose own time is untraced; between roots the root running at the cursor is taken
 * (clipped), so untraced time on the path is time no root runs.</li>
 * </ul>
 * A loop of parent links is cut at its span that started first, whatever the input order.
 * Spans are half-open intervals [start, end) in nanoseconds; a zero-length span takes no time.
 */
public final class TraceBreakdown {
    public final long startNs;
    public final long endNs;
    /** Nanoseconds per {@link Stage} ordinal. */
    public final double[] wallNs = new double[Stage.values().length];
    public final double[] criticalNs = new double[Stage.values().length];
    /** Spans whose parent chain loops back on itself: each is taken as a root. */
    public final int cycles;

    private TraceBreakdown(long startNs, long endNs, int cycles) {
        this.startNs = startNs;
        this.endNs = endNs;
        this.cycles = cycles;
    }

    public long wallTimeNs() {
        return endNs - startNs;
    }

    /**
     * @param parent the index of each span's parent in these arrays, or -1 for a root (or a parent not in the trace)
     * @param stage  each span's {@link Stage} ordinal
     */
    public static TraceBreakdown of(long[] start, long[] end, int[] parent, byte[] stage) {
        int n = start.length;
        long t0 = Long.MAX_VALUE, t1 = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            t0 = Math.min(t0, start[i]);
            t1 = Math.max(t1, end[i]);
        }
        int[] par = parent.clone();
        int cycles = breakCycles(par, start, end);
        TraceBreakdown b = new TraceBreakdown(t0, t1, cycles);
        b.sweep(start, end, par, stage);
        long[][] hull = hull(start, end, par, depths(par));
        b.criticalPath(hull[0], hull[1], par, stage);
        return b;
    }

    /**
     * Cuts every parent chain that loops: the loop's span that started first (then ended last, then came first) becomes
     * a root, whatever the order the spans were read in.
     */
    private static int breakCycles(int[] par, long[] start, long[] end) {
        int n = par.length, cycles = 0;
        byte[] state = new byte[n]; // 0 unseen, 1 on the current walk, 2 done
        int[] walk = new int[n];
        int[] at = new int[n]; // position on the current walk
        for (int i = 0; i < n; i++) {
            int len = 0, j = i;
            while (j >= 0 && state[j] == 0) {
                state[j] = 1;
                at[j] = len;
                walk[len++] = j;
                int p = par[j];
                if (p >= 0 && state[p] == 1) {
                    int cut = p;
                    for (int w = at[p]; w < len; w++) {
                        int c = walk[w];
                        if (start[c] < start[cut] || (start[c] == start[cut] && (end[c] > end[cut]
                                || (end[c] == end[cut] && c < cut)))) {
                            cut = c;
                        }
                    }
                    par[cut] = -1;
                    cycles++;
                    break;
                }
                j = p;
            }
            for (int k = 0; k < len; k++) {
                state[walk[k]] = 2;
            }
        }
        return cycles;
    }

    /**
     * Each span stretched to cover its descendants: a child sticking out of its parent (clock skew between hosts) is
     * active then, so that time is never the grandparent's own or untraced on the critical path (the wall split gives
     * it to the child too).
     */
    private static long[][] hull(long[] start, long[] end, int[] par, int[] depth) {
        int n = start.length, maxDepth = 0;
        for (int d : depth) {
            maxDepth = Math.max(maxDepth, d);
        }
        long[] hs = start.clone(), he = end.clone();
        // deepest first: a span's hull is final before it widens its parent's
        int[] count = new int[maxDepth + 2];
        for (int d : depth) {
            count[d + 1]++;
        }
        for (int d = 0; d <= maxDepth; d++) {
            count[d + 1] += count[d];
        }
        int[] byDepth = new int[n];
        for (int i = 0; i < n; i++) {
            byDepth[count[depth[i]]++] = i;
        }
        for (int k = n - 1; k >= 0; k--) {
            int i = byDepth[k], p = par[i];
            if (p >= 0) {
                hs[p] = Math.min(hs[p], hs[i]);
                he[p] = Math.max(he[p], he[i]);
            }
        }
        return new long[][]{hs, he};
    }

    private static int[] depths(int[] par) {
        int n = par.length;
        int[] depth = new int[n];
        Arrays.fill(depth, -1);
        int[] walk = new int[n];
        for (int i = 0; i < n; i++) {
            int len = 0, j = i;
            while (j >= 0 && depth[j] < 0) {
                walk[len++] = j;
                j = par[j];
            }
            int d = j < 0 ? -1 : depth[j];
            for (int k = len - 1; k >= 0; k--) {
                depth[walk[k]] = ++d;
            }
        }
        return depth;
    }

    /**
     * Every instant goes to the leaves active then (active spans with no active child), split evenly. A span's active
     * children are counted while it is active: +1 when a child starts (or, when the span starts, its children already
     * running), -1 when one ends; a span whose count is 0 is a leaf.
     */
    private void sweep(long[] start, long[] end, int[] par, byte[] stage) {
        int n = start.length, stages = Stage.values().length;
        long[] times = new long[2 * n];
        Integer[] order = new Integer[2 * n];
        for (int i = 0; i < n; i++) {
            times[2 * i] = start[i];
            times[2 * i + 1] = end[i];
            order[2 * i] = 2 * i;
            order[2 * i + 1] = 2 * i + 1;
        }
        Arrays.sort(order, Comparator.comparingLong(e -> times[e])); // stable: a zero-length span starts, then ends
        int[][] kids = children(par);
        boolean[] active = new boolean[n];
        int[] activeKids = new int[n];
        int[] leaves = new int[stages + 1]; // active leaves per stage, then the total in the last slot
        int k = 0;
        while (k < order.length) {
            long t = times[order[k]];
            while (k < order.length && times[order[k]] == t) {
                int e = order[k++], span = e / 2, p = par[span];
                if (e % 2 == 0) {
                    active[span] = true;
                    int running = 0;
                    for (int c : kids[span]) {
                        running += active[c] ? 1 : 0;
                    }
                    activeKids[span] = running;
                    if (running == 0) {
                        leaf(leaves, stage[span], 1);
                    }
                    if (p >= 0 && active[p] && activeKids[p]++ == 0) {
                        leaf(leaves, stage[p], -1);
                    }
                } else {
                    active[span] = false;
                    if (activeKids[span] == 0) {
                        leaf(leaves, stage[span], -1);
                    }
                    if (p >= 0 && active[p] && --activeKids[p] == 0) {
                        leaf(leaves, stage[p], 1);
                    }
                }
            }
            if (k == order.length) {
                break;
            }
            double len = times[order[k]] - t;
            if (len == 0) {
                continue;
            }
            if (leaves[stages] == 0) {
                wallNs[Stage.UNTRACED.ordinal()] += len;
            } else {
                for (int s = 0; s < stages; s++) {
                    if (leaves[s] > 0) {
                        wallNs[s] += len * leaves[s] / leaves[stages];
                    }
                }
            }
        }
    }

    private static void leaf(int[] leaves, byte stage, int delta) {
        leaves[stage] += delta;
        leaves[leaves.length - 1] += delta;
    }

    private static int[][] children(int[] par) {
        int n = par.length;
        int[] count = new int[n];
        for (int p : par) {
            if (p >= 0) {
                count[p]++;
            }
        }
        int[][] kids = new int[n][];
        for (int i = 0; i < n; i++) {
            kids[i] = new int[count[i]];
        }
        int[] fill = new int[n];
        for (int i = 0; i < n; i++) {
            if (par[i] >= 0) {
                kids[par[i]][fill[par[i]]++] = i;
            }
        }
        return kids;
    }

    private void criticalPath(long[] start, long[] end, int[] par, byte[] stage) {
        int n = start.length;
        // children of each span (index n is the virtual root), latest end first; ties: earliest start, then input order
        int[] count = new int[n + 1];
        for (int i = 0; i < n; i++) {
            count[par[i] < 0 ? n : par[i]]++;
        }
        int[] first = new int[n + 2];
        for (int i = 0; i <= n; i++) {
            first[i + 1] = first[i] + count[i];
        }
        Integer[] kids = new Integer[n];
        int[] fill = Arrays.copyOf(first, n + 1);
        for (int i = 0; i < n; i++) {
            kids[fill[par[i] < 0 ? n : par[i]]++] = i;
        }
        Comparator<Integer> latestEnd = Comparator.<Integer>comparingLong(i -> -end[i]).thenComparingLong(i -> start[i])
                .thenComparingInt(i -> i);
        for (int p = 0; p <= n; p++) {
            Arrays.sort(kids, first[p], first[p + 1], latestEnd);
        }
        // frames: span, its clipped start, cursor, next child position, its clipped end
        Deque<long[]> stack = new ArrayDeque<>();
        stack.push(new long[]{n, startNs, endNs, first[n], endNs});
        while (!stack.isEmpty()) {
            long[] f = stack.peek();
            int s = (int) f[0];
            long lo = f[1], cursor = f[2], hi = f[4];
            int pos = (int) f[3];
            int next = -1;
            while (pos < first[s + 1]) {
                // a child (clipped to its parent) that finished by the cursor, the latest first (Jaeger); between
                // roots, the root running at the cursor. One passed over is never taken later: the cursor only falls.
                int c = kids[pos++];
                long ce = Math.min(end[c], hi), cs = Math.max(start[c], lo);
                if (ce > lo && cs < ce && (s == n ? start[c] < cursor : ce <= cursor)) {
                    next = c;
                    break;
                }
            }
            f[3] = pos;
            Stage own = s == n ? Stage.UNTRACED : Stage.values()[stage[s]];
            if (next < 0) {
                criticalNs[own.ordinal()] += cursor - lo;
                stack.pop();
                continue;
            }
            long childEnd = Math.min(Math.min(end[next], hi), cursor), childStart = Math.max(start[next], lo);
            criticalNs[own.ordinal()] += cursor - childEnd;
            f[2] = childStart;
            stack.push(new long[]{next, childStart, childEnd, first[next], childEnd});
        }
    }
}
