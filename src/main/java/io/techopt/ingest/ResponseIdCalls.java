package io.techopt.ingest;

import io.techopt.core.LogRecord;
import io.techopt.core.PromptKey;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which OTel spans keyed on their trace and {@code gen_ai.response.id} ({@link OtelFormat#responseKey}) are one call.
 * Two spans of a trace with one response id are one call exported twice (nested double instrumentation, two
 * exporters, a retried export) only when they overlap in time with the same usage, or one is the other's parent: providers such as Ollama
 * draw response ids from a small space (chatcmpl-0..998), so a long agent trace holds distinct, consecutive calls
 * under one id. A span that matches no earlier call of its key is a call of its own: its record is keyed on its span
 * ({@link OtelFormat#spanKey}) instead, before any sink counts it, so every command and the latency map count it.
 * <p>Consumer thread only, in input order. Memory is bounded: at most {@link #MAX_KEPT} calls, the oldest key's
 * forgotten first (a span whose key was forgotten keeps it, and joins the forgotten call if it repeats it), and the
 * latest {@link #PER_KEY} calls of one key (a copy of an older one is counted as a call of its own).
 */
final class ResponseIdCalls {
    static final int MAX_KEPT = 100_000;
    /** Calls remembered per response key: a constant id (some servers answer every call "chatcmpl-123") stays linear. */
    static final int PER_KEY = 32;
    /** Span ids remembered per call, for the parent/child test. */
    private static final int IDS = 8;

    /** One call under a response key: the union of its spans' times and a few of their span and parent ids. */
    private static final class Call {
        long start, end;
        final long[] ids = new long[IDS], parents = new long[IDS];
        int n;
        final String key;
        /** The first span's usage: a copy exported twice carries the same (review r14 #10). */
        final io.techopt.core.Usage usage;
        Call next;

        Call(Span s, String key) {
            this.start = s.startNs();
            this.end = s.endNs();
            this.key = key;
            this.usage = s.call().usage;
            add(s);
        }

        /**
         * {@code id}, {@code parent}: the span's own and its parent's hashed ids (0: none). Overlapping in time is the same
         * call only with the same usage: parallel sibling calls (asyncio.gather) that drew one id overlap too.
         */
        boolean matches(Span s, long id, long parent) {
            boolean overlaps = Math.max(start, s.startNs()) < Math.min(end, s.endNs()) || start == s.startNs();
            if (overlaps && java.util.Objects.equals(usage, s.call().usage)) {
                return true;
            }
            for (int k = 0; k < n; k++) {
                if (ids[k] == id || ids[k] == parent || parents[k] == id) {
                    return true; // the same span again, its parent, or its child
                }
            }
            return false;
        }

        void add(Span s) {
            start = Math.min(start, s.startNs());
            end = Math.max(end, s.endNs());
            if (n < IDS) {
                ids[n] = hash(s.traceId(), s.spanId());
                parents[n++] = parentHash(s);
            }
        }
    }

    /** The calls under one response key, oldest first, at most {@link #PER_KEY}. */
    private static final class Chain {
        Call head, tail;
        int n;
    }

    private final Map<Long, Chain> calls = new LinkedHashMap<>(1024, 0.75f, false);
    private int kept;
    private long apart;

    void reset() {
        calls.clear();
        kept = 0;
        apart = 0;
    }

    /**
     * Takes one chunk's spans in input order: a span whose call is a distinct call under an earlier span's response
     * key gets a copy of its record keyed on its span, in {@code spans} and, where it is, in {@code records}.
     */
    void take(List<Span> spans, List<LogRecord> records) {
        Map<LogRecord, Integer> index = null;
        for (int i = 0; i < spans.size(); i++) {
            Span s = spans.get(i);
            LogRecord r = s.call();
            if (r == null || s.problem() != null || s.traceId() == null || s.spanId() == null
                    || !OtelFormat.isResponseKey(r.requestId, s.traceId())) {
                continue;
            }
            long h = PromptKey.hash(r.requestId);
            Chain chain = calls.get(h);
            Call c = chain == null ? null : chain.head;
            long id = chain == null ? 0 : hash(s.traceId(), s.spanId()), parent = chain == null ? 0 : parentHash(s);
            while (c != null && !c.matches(s, id, parent)) {
                c = c.next;
            }
            if (c != null) {
                c.add(s);
            } else if (chain == null) {
                chain = new Chain();
                chain.head = chain.tail = new Call(s, r.requestId);
                chain.n = 1;
                calls.put(h, chain);
                kept++;
            } else {
                c = new Call(s, OtelFormat.spanKey(s.traceId(), s.spanId()));
                chain.tail.next = c;
                chain.tail = c;
                apart++;
                kept++;
                if (++chain.n > PER_KEY) { // the oldest call of a key reused this often is forgotten
                    chain.head = chain.head.next;
                    chain.n--;
                    kept--;
                }
            }
            while (kept > MAX_KEPT) { // the oldest key's calls are forgotten
                var eldest = calls.entrySet().iterator();
                kept -= eldest.next().getValue().n;
                eldest.remove();
            }
            if (c == null || c.key.equals(r.requestId)) {
                continue;
            }
            LogRecord.Builder b = r.toBuilder();
            b.requestId = c.key;
            LogRecord keyed = b.build();
            spans.set(i, s.withCall(keyed));
            if (index == null) {
                index = new IdentityHashMap<>(records.size() * 2);
                for (int k = 0; k < records.size(); k++) {
                    index.put(records.get(k), k);
                }
            }
            Integer at = index.remove(r);
            if (at != null) { // else outside --since/--until: only the latency map sees it
                records.set(at, keyed);
                index.put(keyed, at);
            }
        }
    }

    private static long parentHash(Span s) {
        return s.parentId() == null ? 0 : hash(s.traceId(), s.parentId());
    }

    private static long hash(String trace, String span) {
        return PromptKey.hash(trace + "\u0000" + span);
    }

    /** The run's warning, or none when no response id was shared by distinct calls. */
    void warn(List<String> warnings) {
        if (apart > 0) {
            warnings.add(apart + " LLM span" + (apart == 1 ? " shares its" : "s share their") + " gen_ai.response.id with "
                    + "an earlier call of " + (apart == 1 ? "its" : "their") + " trace without nesting in it or overlapping it in "
                    + "time with the same usage: counted as distinct calls (providers such as Ollama draw response ids from a "
                    + "small space); spans of one id that nest, or overlap with the same usage, are one call exported twice, counted once");
        }
    }
}
