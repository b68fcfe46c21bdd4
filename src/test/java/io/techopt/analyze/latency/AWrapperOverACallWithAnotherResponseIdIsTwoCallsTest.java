package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.techopt.analyze.latency.LatencyMapCliTest.span;
import static io.techopt.analyze.latency.UsageRolledUpToAnEnclosingSpanIsNotARequestTest.T;
import static io.techopt.analyze.latency.UsageRolledUpToAnEnclosingSpanIsNotARequestTest.document;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A chat span with usage over one chat span of equal tokens was taken for a wrapper carrying its call's usage again
 * (1 request) even when the two name different gen_ai.response.id values: two provider responses are two billed
 * calls (review r13 #15: 1 request $0.0035 -> 2, $0.0070). The same id, or no id on one of them, is still one call
 * wrapped.
 */
class AWrapperOverACallWithAnotherResponseIdIsTwoCallsTest {
    @TempDir
    Path tmp;

    static String chat(String id, String parent, long from, long to, String responseId) {
        return responseId == null
                ? span(T, id, parent, "chat gpt-4o", from, to, "gen_ai.operation.name", "chat", "gen_ai.system", "openai",
                "gen_ai.request.model", "gpt-4o", "gen_ai.usage.input_tokens", "1000", "gen_ai.usage.output_tokens", "100")
                : span(T, id, parent, "chat gpt-4o", from, to, "gen_ai.operation.name", "chat", "gen_ai.system", "openai",
                "gen_ai.request.model", "gpt-4o", "gen_ai.response.id", responseId, "gen_ai.usage.input_tokens", "1000",
                "gen_ai.usage.output_tokens", "100");
    }

    JsonNode analyze(String line) throws Exception {
        Path f = tmp.resolve("t.jsonl");
        Files.write(f, List.of(line));
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", f.toString());
        assertEquals(0, run.code(), run.err());
        return run.json();
    }

    @Test
    void twoResponseIdsAreTwoCallsAndOneIdOrNoneOnOneSideIsOneCallWrapped() throws Exception {
        JsonNode two = analyze(document(chat("w", null, 0, 500, "resp-A"), chat("c", "w", 50, 450, "resp-B")));
        assertEquals(2, two.get("requests").asLong());
        assertEquals(0.007, two.get("cost_usd").asDouble(), 1e-12);
        assertEquals(0.007, two.at("/latency/cost_usd").asDouble(), 1e-12);

        JsonNode same = analyze(document(chat("w", null, 0, 500, "resp-A"), chat("c", "w", 50, 450, "resp-A")));
        assertEquals(1, same.get("requests").asLong());
        JsonNode oneWithout = analyze(document(chat("w", null, 0, 500, null), chat("c", "w", 50, 450, "resp-B")));
        assertEquals(1, oneWithout.get("requests").asLong());
        assertEquals(0.0035, oneWithout.get("cost_usd").asDouble(), 1e-12);
    }
}
