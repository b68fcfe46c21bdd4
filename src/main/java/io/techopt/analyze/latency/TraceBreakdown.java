package io.techopt.analyze.latency;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.TreeMap;

/**
 * Where one trace's wall time goes, two ways, each adding up to the trace's wall time exactly (from its first span's
 * start to its last span's end):
 * <ul>
 * <li>{@link #wallNs}: every instant goes to the deepest spans active then (a parent's time while a child runs is the
 * child's; overlapping children are counted once). When several spans are deepest at once (parallel siblings), the
 * instant is split evenly between them; an instant with no span active is {@link Stage#UNTRACED}.</li>
 * <li>{@link #criticalNs}: the critical path, the chain of spans that determines when the trace ends. From the end
 * backwards, a span's time goes to the child that finished last before the cursor (clipped to the span), then the
 * cursor moves to that child's start and the next child finishing before it is taken; what no child covers is the
 * span's own time. The trace's root spans are the children of one virtual root whose own time is untraced. A span
 * is taken to last at least as long as its descendants (a child sticking out of its parent, as clock skew between
 * hosts makes it, keeps that time), so untraced time is always time with no span active.</li>
 * </ul>
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
        int cycles = breakCycles(par);
        TraceBreakdown b = new TraceBreakdown(t0, t1, cycles);
        int[] depth = depths(par);
        b.sweep(start, end, depth, stage);
        long[][] hull = hull(start, end, par, depth);
        b.criticalPath(hull[0], hull[1], par, stage);
        return b;
    }

    /** Cuts every parent chain that loops: the span where a loop is found becomes a root. */
    private static int breakCycles(int[] par) {
        int n = par.length, cycles = 0;
        byte[] state = new byte[n]; // 0 unseen, 1 on the current walk, 2 done
        int[] walk = new int[n];
        for (int i = 0; i < n; i++) {
            int len = 0, j = i;
            while (j >= 0 && state[j] == 0) {
                state[j] = 1;
                walk[len++] = j;
                int p = par[j];
                if (p >= 0 && state[p] == 1) {
                    par[j] = -1;
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

    private void sweep(long[] start, long[] end, int[] depth, byte[] stage) {
        int n = start.length, stages = Stage.values().length;
        long[] times = new long[2 * n];
        Integer[] order = new Integer[2 * n];
        for (int i = 0; i < n; i++) {
            times[2 * i] = start[i];
            times[2 * i + 1] = end[i];
            order[2 * i] = 2 * i;
            order[2 * i + 1] = 2 * i + 1;
        }
        Arrays.sort(order, Comparator.comparingLong(e -> times[e]));
        TreeMap<Integer, int[]> active = new TreeMap<>(); // depth -> count per stage, then the total in the last slot
        int k = 0;
        while (k < order.length) {
            long t = times[order[k]];
            while (k < order.length && times[order[k]] == t) {
                int e = order[k++], span = e / 2;
                int[] c = active.computeIfAbsent(depth[span], d -> new int[stages + 1]);
                int delta = e % 2 == 0 ? 1 : -1;
                c[stage[span]] += delta;
                c[stages] += delta;
                if (c[stages] == 0) {
                    active.remove(depth[span]);
                }
            }
            if (k == order.length) {
                break;
            }
            double len = times[order[k]] - t;
            if (len == 0) {
                continue;
            }
            if (active.isEmpty()) {
                wallNs[Stage.UNTRACED.ordinal()] += len;
            } else {
                int[] c = active.lastEntry().getValue();
                for (int s = 0; s < stages; s++) {
                    if (c[s] > 0) {
                        wallNs[s] += len * c[s] / c[stages];
                    }
                }
            }
        }
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
        // frames: span, its clipped start, cursor, next child position
        Deque<long[]> stack = new ArrayDeque<>();
        stack.push(new long[]{n, startNs, endNs, first[n]});
        while (!stack.isEmpty()) {
            long[] f = stack.peek();
            int s = (int) f[0];
            long lo = f[1], cursor = f[2];
            int pos = (int) f[3];
            int next = -1;
            while (pos < first[s + 1]) {
                int c = kids[pos++];
                if (start[c] < cursor && end[c] > lo) {
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
            long childEnd = Math.min(end[next], cursor), childStart = Math.max(start[next], lo);
            criticalNs[own.ordinal()] += cursor - childEnd;
            f[2] = childStart;
            stack.push(new long[]{next, childStart, childEnd, first[next]});
        }
    }
}
