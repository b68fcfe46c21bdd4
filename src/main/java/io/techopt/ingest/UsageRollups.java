package io.techopt.ingest;

import io.techopt.core.LogRecord;
import io.techopt.core.Usage;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * OTel spans whose gen_ai usage is the sum of the LLM calls beneath them, not a call of their own: an agent span
 * ({@code invoke_agent}/{@code create_agent}) carrying its run's totals, or a wrapper (LiteLLM's {@code litellm_request}
 * around the client's {@code chat} span) carrying its one call's usage again. Such a span is not a request: its record
 * is dropped before any sink counts it, and its span goes on without a call (its time is still mapped). A span with
 * usage is a roll-up when spans with usage lie beneath it (through spans without usage too) and either it is an agent
 * operation or their usage adds up to its own (prompt and output tokens alike).
 * <p>Consumer thread only, in input order. Each document's spans are taken children first, so a trace exported whole is
 * decided whatever its order; across documents the sums of calls already read are kept per enclosing span, which
 * decides the usual order of a batching exporter (a span is exported when it ends, so the calls of a long agent run go
 * in earlier batches than the agent span). Memory is bounded: at most {@link #MAX_KEPT} open sums and
 * {@link #MAX_KEPT} decided spans, the oldest forgotten first (a roll-up whose calls were forgotten is counted as a
 * request). A span read before calls beneath it (in a later line) cannot be taken back: counted as a request and in a
 * warning.
 */
final class UsageRollups {
    static final int MAX_KEPT = 100_000;

    /** Usage of the requests beneath a span, from its descendants read so far. */
    private static final class Sum {
        long prompt, output, calls;

        void add(long p, long o, long c) {
            prompt += p;
            output += o;
            calls += c;
        }
    }

    private final Map<Long, Sum> below = bounded();
    /** Spans with usage already read: true for a roll-up (a copy sent again is one too), false for a request. */
    private final Map<Long, Boolean> decided = bounded();
    private long rollups, agentRollups, agentSumsDiffer, childrenAfterParent;

    private static <V> Map<Long, V> bounded() {
        return new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> e) {
                return size() > MAX_KEPT;
            }
        };
    }

    void reset() {
        below.clear();
        decided.clear();
        rollups = agentRollups = agentSumsDiffer = childrenAfterParent = 0;
    }

    /**
     * Takes one chunk's spans (each document's apart, by its line), replaces each roll-up span in {@code spans} by the
     * same span without its call, and returns the records of those roll-ups, which are not requests.
     */
    Set<LogRecord> take(List<Span> spans) {
        Set<LogRecord> out = null;
        int from = 0;
        while (from < spans.size()) {
            int to = from;
            Span first = null;
            // one document: consecutive OTel spans of one file and line (a malformed span in between is skipped)
            for (; to < spans.size(); to++) {
                Span s = spans.get(to);
                if (!otel(s)) {
                    continue;
                }
                if (first == null) {
                    first = s;
                } else if (s.line() != first.line() || !java.util.Objects.equals(s.file(), first.file())) {
                    break;
                }
            }
            if (first != null) {
                out = document(spans, from, to, out);
            }
            from = Math.max(to, from + 1);
        }
        return out == null ? Set.of() : out;
    }

    private static boolean otel(Span s) {
        return s.problem() == null && s.type() == null && s.traceId() != null && s.spanId() != null;
    }

    private Set<LogRecord> document(List<Span> spans, int from, int to, Set<LogRecord> out) {
        // children before parents: by depth within the document (a parent link leaving it, or a loop, ends the walk)
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = from; i < to; i++) {
            Span s = spans.get(i);
            if (otel(s)) {
                index.put(s.traceId() + "\u0000" + s.spanId(), i);
            }
        }
        Integer[] order = new Integer[to - from];
        int[] depth = new int[to - from];
        java.util.Arrays.fill(depth, -1);
        int[] path = new int[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            if (!otel(spans.get(i))) {
                continue;
            }
            order[n++] = i;
            // walk up to a span of known depth (or a root, or a loop), then number the walk back down: linear overall
            int len = 0, cur = i;
            while (cur >= 0 && depth[cur - from] == -1) {
                depth[cur - from] = -2; // on this walk
                path[len++] = cur;
                Span c = spans.get(cur);
                Integer p = c.parentId() == null ? null : index.get(c.traceId() + "\u0000" + c.parentId());
                cur = p == null ? -1 : p;
            }
            int d = cur < 0 || depth[cur - from] == -2 ? 0 : depth[cur - from] + 1; // a loop counts as a root
            for (int w = len - 1; w >= 0; w--) {
                depth[path[w] - from] = d++;
            }
        }
        java.util.Arrays.sort(order, 0, n, (a, b) -> Integer.compare(depth[b - from], depth[a - from]));
        java.util.Set<Long> here = new java.util.HashSet<>(); // spans decided in this document
        for (int k = 0; k < n; k++) {
            int i = order[k];
            Span s = spans.get(i);
            long key = key(s.traceId(), s.spanId());
            LogRecord call = s.call();
            Boolean seen = call == null ? null : decided.get(key);
            if (seen != null) {
                if (seen) { // a roll-up sent again: still not a request
                    out = drop(spans, i, s, out);
                }
                continue; // its sum went to its parent with the first copy
            }
            Sum beneath = below.remove(key);
            long prompt = beneath == null ? 0 : beneath.prompt, output = beneath == null ? 0 : beneath.output;
            long calls = beneath == null ? 0 : beneath.calls;
            boolean rollup = false;
            if (call != null && call.usage != null && calls > 0) {
                Usage u = call.usage;
                boolean agent = agent(s.operation());
                boolean equal = u.promptTokens() == prompt && u.outputTokens() == output;
                rollup = agent || equal;
                if (rollup) {
                    rollups++;
                    agentRollups += agent ? 1 : 0;
                    agentSumsDiffer += agent && !equal ? 1 : 0;
                }
            }
            here.add(key);
            if (call != null) {
                decided.put(key, rollup);
                if (rollup) {
                    out = drop(spans, i, s, out);
                } else if (call.usage != null) {
                    prompt += call.usage.promptTokens();
                    output += call.usage.outputTokens();
                    calls++;
                }
            }
            long parent = s.parentId() == null ? 0 : key(s.traceId(), s.parentId());
            if (calls > 0 && s.parentId() != null && !here.contains(parent)) { // a parent decided here: a loop of links
                if (decided.get(parent) == Boolean.FALSE) {
                    childrenAfterParent++; // the enclosing span with usage was read (and counted) in an earlier line
                }
                below.computeIfAbsent(parent, x -> new Sum()).add(prompt, output, calls);
            }
        }
        return out;
    }

    private static Set<LogRecord> drop(List<Span> spans, int i, Span s, Set<LogRecord> out) {
        Set<LogRecord> set = out == null ? Collections.newSetFromMap(new IdentityHashMap<>()) : out;
        set.add(s.call());
        spans.set(i, s.withoutCall());
        return set;
    }

    static boolean agent(String operation) {
        String op = operation == null ? "" : operation.toLowerCase(Locale.ROOT);
        return op.equals("invoke_agent") || op.equals("create_agent");
    }

    private static long key(String trace, String span) {
        return io.techopt.core.PromptKey.hash(trace + "\u0000" + span);
    }

    /** The run's warning, or null when no span's usage was a roll-up. */
    void warn(List<String> warnings) {
        if (rollups > 0) {
            warnings.add(rollups + " span" + (rollups == 1 ? "'s" : "s'") + " gen_ai usage was the sum of the LLM calls "
                    + "beneath " + (rollups == 1 ? "it" : "them") + " (" + agentRollups + " agent span"
                    + (agentRollups == 1 ? "" : "s") + " (invoke_agent/create_agent) carrying the run's totals, "
                    + (rollups - agentRollups) + " wrapper" + (rollups - agentRollups == 1 ? "" : "s")
                    + " whose usage equals the calls' sum): not counted as requests, the calls are; their time is still "
                    + "mapped" + (agentSumsDiffer == 0 ? "" : "; " + agentSumsDiffer + " agent span"
                    + (agentSumsDiffer == 1 ? "'s usage differs" : "s' usage differs") + " from the sum of the calls "
                    + "traced beneath (only the traced calls are counted)"));
        }
        if (childrenAfterParent > 0) {
            warnings.add(childrenAfterParent + " LLM span" + (childrenAfterParent == 1 ? " with usage was" : "s with usage were")
                    + " read after an enclosing span with usage of an earlier line, which was counted as a request: if "
                    + "its usage was the sum of its calls (an agent's totals), they are counted twice (export each trace's "
                    + "spans in one document, or children first, as batching exporters do)");
        }
    }
}
