package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.techopt.analyze.latency.LatencyMapCliTest.chat;
import static io.techopt.analyze.latency.LatencyMapCliTest.span;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Review h19b #6: a span id is unique only within its trace (OTLP), and some tracers number spans per trace (1, 2, …).
 * An OTel request without gen_ai.response.id is keyed on trace id and span id, so equal span ids in different traces
 * stay different requests, while the same span of the same trace sent twice is still one request (its last copy).
 * Review r11 #1: a request with gen_ai.response.id is keyed on trace id and response id: two spans of one trace
 * with one response id are one call, the same response id in different traces is different calls.
 */
class OtelRequestsAreKeyedOnTraceAndSpanIdTest {
    static final double IN = 2.5e-6, OUT = 10e-6; // gpt-4o, built-in book

    @TempDir
    Path tmp;

    JsonNode analyze(List<String> lines) throws Exception {
        return TraceRuns.analyze(tmp, "traces.jsonl", lines, "-q");
    }

    static String trace(int i) {
        return String.format("%032x", i + 1);
    }

    @Test
    void theSameSpanIdInDifferentTracesIsADifferentRequest() throws Exception {
        // 20 traces, each a root "1" with a chat "2" of 1,000 + 10 x i input tokens and 100 output tokens
        List<String> lines = new ArrayList<>();
        double cost = 0;
        for (int i = 0; i < 20; i++) {
            lines.add(span(trace(i), "1", null, "handler", 0, 100));
            lines.add(chat(trace(i), "2", "1", 10, 90, 1000 + 10 * i, 100));
            cost += (1000 + 10 * i) * IN + 100 * OUT;
        }
        JsonNode j = analyze(lines);
        assertEquals(20, j.get("requests").asLong());
        assertEquals(0, j.get("duplicate_request_ids").asLong());
        assertEquals(cost, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals(j.get("cost_usd").asDouble(), j.at("/latency/cost_usd").asDouble(), 1e-12,
                "every request is in a trace: the map costs what the report costs");
    }

    @Test
    void theSameSpanOfTheSameTraceSentTwiceIsStillOneRequestItsLastCopy() throws Exception {
        List<String> lines = List.of(span(trace(0), "1", null, "handler", 0, 100), chat(trace(0), "2", "1", 10, 90, 1000, 100),
                span(trace(1), "1", null, "handler", 0, 100), chat(trace(1), "2", "1", 10, 90, 3000, 100),
                chat(trace(0), "2", "1", 10, 90, 2000, 100)); // trace 0's chat again (a retried export), 2,000 tokens
        JsonNode j = analyze(lines);
        assertEquals(2, j.get("requests").asLong());
        assertEquals(1, j.get("duplicate_request_ids").asLong());
        assertEquals(2000 * IN + 100 * OUT + 3000 * IN + 100 * OUT, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals(j.get("cost_usd").asDouble(), j.at("/latency/cost_usd").asDouble(), 1e-12);
    }

    static String withResponseId(String chat, String id) {
        return chat.replaceFirst("\\]\\}\\]\\}\\]\\}\\]\\}$",
                ",{\"key\":\"gen_ai.response.id\",\"value\":{\"stringValue\":\"" + id + "\"}}]}]}]}]}");
    }

    @Test
    void aResponseIdStillKeysTheRequestWithinItsTrace() throws Exception {
        // one provider response recorded by two spans of one trace (a call exported twice lives in one trace)
        String a = chat(trace(0), "2", null, 10, 90, 1000, 100), b = chat(trace(0), "7", null, 10, 90, 1000, 100);
        JsonNode j = analyze(List.of(withResponseId(a, "chatcmpl-1"), withResponseId(b, "chatcmpl-1")));
        assertEquals(1, j.get("requests").asLong());
        assertEquals(1, j.get("duplicate_request_ids").asLong());
    }

    @Test
    void theSameResponseIdInDifferentTracesIsADifferentRequest() throws Exception {
        // review r11 #1: Ollama's OpenAI API draws its ids from chatcmpl-0..998, and v3e_constid logs one constant id
        // in 5 traces an hour apart: 5 calls of 1,000 ... 5,000 input tokens, 5 requests, not the last copy only
        List<String> lines = new ArrayList<>();
        double cost = 0;
        for (int i = 0; i < 5; i++) {
            lines.add(span(trace(i), "r", null, "handler", 0, 100));
            lines.add(withResponseId(chat(trace(i), "c", "r", 10, 90, 1000 * (i + 1), 100), "chatcmpl-123"));
            cost += 1000 * (i + 1) * IN + 100 * OUT;
        }
        JsonNode j = analyze(lines);
        assertEquals(5, j.get("requests").asLong());
        assertEquals(0, j.get("duplicate_request_ids").asLong());
        assertEquals(cost, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals(j.get("cost_usd").asDouble(), j.at("/latency/cost_usd").asDouble(), 1e-12);
    }

    @Test
    void aColonOrSlashInATraceIdNeverJoinsTwoTracesRequests() throws Exception {
        // review r12 #8: trace "a:b" with response id "c" and trace "a" with response id "b:c" were both "a:b:c";
        // trace "a/b" span "c" and trace "a" span "b/c" both "a/b/c": one request (the last copy) instead of two
        List<String> lines = List.of(withResponseId(chat("a:b", "s1", null, 10, 90, 1000, 100), "c"),
                withResponseId(chat("a", "s1", null, 10, 90, 2000, 100), "b:c"),
                chat("x/y", "z", null, 10, 90, 3000, 100), chat("x", "y/z", null, 10, 90, 4000, 100));
        JsonNode j = analyze(lines);
        assertEquals(4, j.get("requests").asLong());
        assertEquals(0, j.get("duplicate_request_ids").asLong());
        assertEquals(10_000 * IN + 400 * OUT, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals(j.get("cost_usd").asDouble(), j.at("/latency/cost_usd").asDouble(), 1e-12);
    }
}
