package io.techopt.ingest;

import io.techopt.core.LogRecord;
import io.techopt.core.Usage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that answers every call with one response id ("chatcmpl-123") in one long trace: each span was compared
 * with every earlier call of the id (quadratic: 100,000 calls, 5 * 10^9 comparisons). At most
 * {@link ResponseIdCalls#PER_KEY} calls of a key are remembered, so it stays linear, and every call is still one.
 */
class AConstantResponseIdStaysLinearTest {
    static Span call(int i) {
        LogRecord.Builder b = new LogRecord.Builder();
        b.model = "gpt-4o";
        b.usage = new Usage(1000, 0, 0, 0, 100, 0);
        b.requestId = OtelFormat.responseKey("t1", "chatcmpl-123");
        long start = i * 1_000_000_000L;
        return new Span("f", i, "t1", "s" + i, "root", start, start + 500_000_000L, "chat", 0, "chat", null, null, null,
                b.build(), null);
    }

    @Test
    void oneHundredThousandCallsUnderOneIdAreOneHundredThousandRequestsInLinearTime() {
        ResponseIdCalls ids = new ResponseIdCalls();
        List<String> keys = new ArrayList<>();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 100_000; i++) {
                Span s = call(i);
                List<Span> spans = new ArrayList<>(List.of(s));
                List<LogRecord> records = new ArrayList<>(List.of(s.call()));
                ids.take(spans, records);
                keys.add(records.get(0).requestId);
            }
        });
        assertEquals(100_000, keys.stream().distinct().count(), "every call keyed apart");
        // a copy of the latest call (overlapping it) is still that call
        Span copy = call(99_999);
        List<Span> spans = new ArrayList<>(List.of(new Span("f", 1, "t1", "copy", "root", copy.startNs() + 1, copy.endNs() - 1,
                "chat", 0, "chat", null, null, null, copy.call(), null)));
        List<LogRecord> records = new ArrayList<>(List.of(copy.call()));
        ids.take(spans, records);
        assertEquals(keys.get(99_999), records.get(0).requestId);
        List<String> warnings = new ArrayList<>();
        ids.warn(warnings);
        assertTrue(warnings.get(0).startsWith("99999 LLM spans share their gen_ai.response.id"), warnings.toString());
    }
}
