package io.techopt.ingest;

import io.techopt.core.LogRecord;
import io.techopt.core.Usage;

import java.util.ArrayList;
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
 * {@link #MAX_KEPT} decided spans and parent links, the oldest forgotten first (a roll-up whose calls were forgotten is
 * counted as a request). An agent span with usage read before any call beneath it (its calls on later lines: an
 * exporter that sends spans as they start, a file sorted by start time) is held, record and span, until a call is
 * read beneath it (a roll-up) or the input ends (a request); at most {@link #MAX_HELD} wait, the oldest then counted as
 * a request. Any other span with usage read before calls beneath it (a wrapper whose sum is known only once its calls
 * are read) cannot be taken back: counted as a request, and a warning says requests and cost are an upper bound.
 */
final class UsageRollups {
    static final int MAX_KEPT = 100_000;
    static final int MAX_HELD = 10_000;

    /** Usage of the requests beneath a span, from its descendants read so far. */
    private static final class Sum {
        long prompt, output, calls;
        /** The gen_ai.response.id key of the one call beneath (null: none, several, or one without a response id). */
        String onlyResponse;

        void add(long p, long o, long c, String response) {
            onlyResponse = calls == 0 && c == 1 ? response : null;
            prompt += p;
            output += o;
            calls += c;
        }
    }

    private final Map<Long, Sum> below = bounded();
    /** Spans with usage already read: true for a roll-up (a copy sent again is one too), false for a request. */
    private final Map<Long, Boolean> decided = bounded();
    /** Every OTel span read with a parent: its parent's key, so a call read later finds an agent span above it. */
    private final Map<Long, Long> parents = bounded();
    /**
     * Agent spans with usage read before any call beneath them, not yet delivered: a call read beneath one later makes
     * it a roll-up; at the end of the input (or beyond {@link #MAX_HELD}) it is a request. Each copy of the span read.
     */
    private final LinkedHashMap<Long, List<Held>> held = new LinkedHashMap<>();
    private final int maxHeld;
    /** What {@link #take} hands on besides its chunk's own: held spans decided since (with their records, if any). */
    private final List<Span> releasedSpans = new ArrayList<>();
    private final List<LogRecord> releasedRecords = new ArrayList<>();
    private long rollups, agentRollups, agentSumsDiffer, childrenAfterParent, heldTooLong;
    /** Tokens of agent totals beyond the calls traced beneath them (calls sampled out or not instrumented). */
    private long untracedPrompt, untracedOutput;
    /** The chunk being taken: its records, and those of them by identity (made when a span is held). */
    private List<LogRecord> chunkRecords;
    private Set<LogRecord> counted;

    /** One copy of a held span; {@code counted}: its record was in its chunk's records (inside --since/--until). */
    private record Held(Span span, boolean counted) {
    }

    UsageRollups() {
        this(MAX_HELD);
    }

    UsageRollups(int maxHeld) {
        this.maxHeld = maxHeld;
    }

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
        parents.clear();
        held.clear();
        rollups = agentRollups = agentSumsDiffer = childrenAfterParent = heldTooLong = 0;
        untracedPrompt = untracedOutput = 0;
    }

    /**
     * Takes one chunk's spans (each document's apart, by its line), replaces each roll-up span in {@code spans} by the
     * same span without its call, and returns the records of those roll-ups, which are not requests. An agent span
     * with usage and no call beneath it yet is held: left out of {@code spans} and its record returned too (not
     * delivered with its chunk). Held spans decided by this chunk are added to {@code spans} (a roll-up without its
     * call), or to {@code spans} and {@code records} (a request: held beyond {@link #MAX_HELD}).
     */
    Set<LogRecord> take(List<Span> spans, List<LogRecord> records) {
        chunkRecords = records;
        counted = null;
        Set<LogRecord> out = take(spans);
        chunkRecords = null;
        counted = null;
        if (!releasedSpans.isEmpty() || !releasedRecords.isEmpty()) {
            spans.addAll(releasedSpans);
            records.addAll(0, releasedRecords); // read on earlier lines than this chunk's
            if (!out.isEmpty()) {
                releasedRecords.forEach(out::remove);
            }
            releasedSpans.clear();
            releasedRecords.clear();
        }
        return out;
    }

    /**
     * The end of the input: every span still held is a request (no call beneath it was read), with its record when
     * it was counted; as one chunk, in input order.
     */
    Chunk drain() {
        Chunk c = null;
        for (List<Held> copies : held.values()) {
            for (Held h : copies) {
                c = c == null ? new Chunk(h.span().file()) : c;
                c.spans.add(h.span());
                if (h.counted()) {
                    c.records.add(h.span().call());
                }
            }
        }
        for (Long key : held.keySet()) {
            decided.put(key, false);
        }
        held.clear();
        return c;
    }

    private Set<LogRecord> take(List<Span> spans) {
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
        if (out != null && heldHere) {
            spans.removeIf(sp -> sp == HELD);
            heldHere = false;
        }
        return out == null ? Set.of() : out;
    }

    /** Marks a held span's place in its chunk's list until {@link #take} removes it. */
    private static final Span HELD = Span.malformed("held");
    private boolean heldHere;

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
            String onlyResponse = beneath == null ? null : beneath.onlyResponse;
            boolean rollup = false;
            if (call != null && call.usage != null && calls > 0) {
                Usage u = call.usage;
                boolean agent = agent(s.operation());
                // two provider response ids are two billed calls, whatever their tokens: not one call wrapped
                String own = responseKey(call, s);
                boolean otherCall = calls == 1 && own != null && onlyResponse != null && !own.equals(onlyResponse);
                boolean equal = u.promptTokens() == prompt && u.outputTokens() == output && !otherCall;
                rollup = agent || equal;
                if (rollup) {
                    rollups++;
                    agentRollups += agent ? 1 : 0;
                    agentSumsDiffer += agent && !equal ? 1 : 0;
                    if (agent && !equal) {
                        untracedPrompt += Math.max(0, u.promptTokens() - prompt);
                        untracedOutput += Math.max(0, u.outputTokens() - output);
                    }
                }
            }
            here.add(key);
            if (s.parentId() != null) {
                parents.put(key, key(s.traceId(), s.parentId()));
            }
            if (call != null && !rollup && call.usage != null && calls == 0 && agent(s.operation())) {
                out = hold(spans, i, s, key, out);
                continue; // no call beneath it yet: a roll-up if one is read later
            }
            if (call != null) {
                decided.put(key, rollup);
                if (rollup) {
                    out = drop(spans, i, s, out);
                } else if (call.usage != null) {
                    prompt += call.usage.promptTokens();
                    output += call.usage.outputTokens();
                    onlyResponse = calls == 0 ? responseKey(call, s) : null;
                    calls++;
                }
            }
            long parent = s.parentId() == null ? 0 : key(s.traceId(), s.parentId());
            if (calls > 0 && s.parentId() != null && !here.contains(parent)) { // a parent decided here: a loop of links
                releaseHeldAbove(parent);
                if (decided.get(parent) == Boolean.FALSE) {
                    childrenAfterParent++; // the enclosing span with usage was read (and counted) in an earlier line
                }
                below.computeIfAbsent(parent, x -> new Sum()).add(prompt, output, calls, calls == 1 ? onlyResponse : null);
            }
        }
        return out;
    }

    /** Holds an agent span with usage read before any call beneath it (each copy of it). */
    private Set<LogRecord> hold(List<Span> spans, int i, Span s, long key, Set<LogRecord> out) {
        Set<LogRecord> set = out == null ? Collections.newSetFromMap(new IdentityHashMap<>()) : out;
        set.add(s.call());
        if (counted == null) {
            counted = Collections.newSetFromMap(new IdentityHashMap<>());
            counted.addAll(chunkRecords);
        }
        held.computeIfAbsent(key, k -> new ArrayList<>(1)).add(new Held(s, counted.contains(s.call())));
        spans.set(i, HELD);
        heldHere = true;
        if (held.size() > maxHeld) { // the oldest is a request: its calls, if any, come too late to be seen
            var it = held.entrySet().iterator();
            var eldest = it.next();
            it.remove();
            decided.put(eldest.getKey(), false);
            heldTooLong++;
            for (Held h : eldest.getValue()) {
                releasedSpans.add(h.span());
                if (counted.contains(h.span().call())) {
                    set.remove(h.span().call()); // held in this very chunk: delivered where it is
                } else if (h.counted()) {
                    releasedRecords.add(h.span().call());
                }
            }
        }
        return set;
    }

    /**
     * A call with usage was read beneath {@code parent}: a held agent span at or above it (through the parent links
     * read so far) is a roll-up, its spans handed on without their call.
     */
    private void releaseHeldAbove(long parent) {
        if (held.isEmpty()) {
            return;
        }
        long k = parent;
        for (int steps = 0; steps < 64; steps++) {
            List<Held> copies = held.remove(k);
            if (copies != null) {
                decided.put(k, true);
                rollups++;
                agentRollups++;
                for (Held h : copies) {
                    releasedSpans.add(h.span().withoutCall());
                }
                return;
            }
            Long up = parents.get(k);
            if (up == null) {
                return;
            }
            k = up;
        }
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

    /** The call's request id when it is keyed on a gen_ai.response.id ({@link OtelFormat#responseKey}), else null. */
    private static String responseKey(LogRecord call, Span s) {
        return OtelFormat.isResponseKey(call.requestId, s.traceId()) ? call.requestId : null;
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
                    + "traced beneath (only the traced calls are counted"
                    + (untracedPrompt + untracedOutput == 0 ? "" : "; " + untracedPrompt + " prompt and " + untracedOutput
                    + " output tokens of the agents' totals are beyond their traced calls (calls sampled out or not "
                    + "instrumented) and are not counted in requests, tokens or cost_usd") + ")"));
        }
        if (childrenAfterParent > 0 || heldTooLong > 0) {
            warnings.add((childrenAfterParent > 0 ? childrenAfterParent + " LLM span" + (childrenAfterParent == 1
                    ? " with usage was" : "s with usage were") + " read after an enclosing span with usage of an earlier "
                    + "line (not an agent span), which was counted as a request" : "")
                    + (childrenAfterParent > 0 && heldTooLong > 0 ? "; " : "")
                    + (heldTooLong > 0 ? heldTooLong + " agent span" + (heldTooLong == 1 ? "" : "s") + " with usage, "
                    + "read before any call beneath, " + (heldTooLong == 1 ? "was" : "were") + " counted as a request "
                    + "when more than " + maxHeld + " waited at once" : "")
                    + ": if such a span's usage was the sum of its calls, they are counted twice, so requests and "
                    + "cost_usd are an upper bound (export each trace's spans in one document, or children first, as "
                    + "batching exporters do)");
        }
    }
}
