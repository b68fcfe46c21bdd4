package io.techopt.ingest;

import io.techopt.core.LogRecord;
import io.techopt.core.Usage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent span with usage read before any call beneath it is held until a call shows it is a roll-up; at most
 * {@code maxHeld} wait at once: beyond that the oldest is delivered as a request with its chunk, and a call read
 * beneath it afterwards makes the warning say requests and cost_usd are an upper bound.
 */
class HeldAgentSpansAreBoundedTest {
    static long line;

    static Span span(String trace, String id, String parent, String op, boolean usage) {
        LogRecord call = null;
        if (usage) {
            LogRecord.Builder b = new LogRecord.Builder();
            b.model = "gpt-4o";
            b.usage = new Usage(1000, 0, 0, 0, 100, 0);
            b.requestId = trace + "/" + id;
            call = b.build();
        }
        return new Span("f", ++line, trace, id, parent, 0, 1_000_000, op, 0, op, null, null, null, call, null);
    }

    record Taken(List<Span> spans, List<LogRecord> records, Set<LogRecord> notDelivered) {
    }

    static Taken take(UsageRollups r, Span s) {
        List<Span> spans = new ArrayList<>(List.of(s));
        List<LogRecord> records = new ArrayList<>();
        if (s.call() != null) {
            records.add(s.call());
        }
        Set<LogRecord> dropped = r.take(spans, records);
        return new Taken(spans, records, dropped);
    }

    @Test
    void theOldestHeldAgentSpanIsARequestBeyondTheLimitAndALateCallMakesTheFiguresAnUpperBound() {
        UsageRollups r = new UsageRollups(2);
        Span a1 = span("t1", "a", null, "invoke_agent", true), a2 = span("t2", "a", null, "invoke_agent", true),
                a3 = span("t3", "a", null, "invoke_agent", true);
        Taken first = take(r, a1);
        assertTrue(first.spans().isEmpty(), "held: not handed on");
        assertTrue(first.notDelivered().contains(a1.call()));
        take(r, a2);
        Taken third = take(r, a3); // a third waits: the first is a request now, delivered with this chunk
        assertEquals(1, third.spans().size());
        assertSame(a1.call(), third.spans().get(0).call());
        assertEquals(List.of(a1.call(), a3.call()), third.records());
        assertTrue(third.notDelivered().contains(a3.call()) && !third.notDelivered().contains(a1.call()));

        Taken late = take(r, span("t1", "c", "a", "chat", true)); // a call beneath the agent already counted
        assertEquals(1, late.records().size());
        Taken rollup = take(r, span("t2", "c", "a", "chat", true)); // a call beneath a held agent: a roll-up
        assertEquals(2, rollup.spans().size());
        assertEquals(null, rollup.spans().get(1).call(), "the agent span goes on without its call");
        Chunk end = r.drain();
        assertEquals(List.of(a3.call()), end.records, "the agent no call came beneath is a request");

        List<String> warnings = new ArrayList<>();
        r.warn(warnings);
        assertTrue(warnings.get(0).startsWith("1 span's gen_ai usage was the sum"), warnings.toString());
        assertTrue(warnings.get(1).contains("1 agent span with usage, read before any call beneath, was counted as a request "
                + "when more than 2 waited at once: if such a span's usage was the sum of its calls, they are counted twice, "
                + "so requests and cost_usd are an upper bound"), warnings.toString());
    }

    @Test
    void anAgentSpanHeldAndPushedOutWithinOneChunkIsDeliveredOnce() {
        UsageRollups r = new UsageRollups(1);
        Span a1 = span("t1", "a", null, "invoke_agent", true), a2 = span("t2", "a", null, "invoke_agent", true);
        // two one-span documents (lines) in one chunk: a2 pushes a1 out while the chunk is taken
        List<Span> spans = new ArrayList<>(List.of(a1, a2));
        List<LogRecord> records = new ArrayList<>(List.of(a1.call(), a2.call()));
        Set<LogRecord> notDelivered = r.take(spans, records);
        assertEquals(List.of(a1.call(), a2.call()), records, "no record added twice");
        assertTrue(!notDelivered.contains(a1.call()) && notDelivered.contains(a2.call()));
        assertEquals(1, spans.size());
        assertSame(a1.call(), spans.get(0).call());
    }
}
