package io.techopt.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.techopt.batch.BatchExportTest.exported;
import static io.techopt.batch.BatchExportTest.lines;
import static io.techopt.batch.OtelNonTextExportTest.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Review r12 #4: two consecutive calls of one trace under one gen_ai.response.id (Ollama's small id space) are two
 * requests; the batch export de-duplicated on the request id its parser thread saw (the shared response key), so the
 * second call was dropped from the batch file as a duplicate. Both are written; a call exported twice (overlapping
 * spans) is still written once.
 */
class DistinctCallsUnderOneResponseIdAreBothExportedTest {
    @TempDir
    Path tmp;

    static void chat(ArrayNode spans, String id, long startMs, long endMs, String question) {
        ObjectNode s = spans.addObject().put("traceId", "6c9f0000000000000000000000000001").put("spanId", id)
                .put("name", "chat gpt-4o-mini").put("startTimeUnixNano", (1_790_000_000_000L + startMs) * 1_000_000L + "")
                .put("endTimeUnixNano", (1_790_000_000_000L + endMs) * 1_000_000L + "");
        ArrayNode a = s.putArray("attributes");
        attr(a, "gen_ai.operation.name", "chat");
        attr(a, "gen_ai.system", "openai");
        attr(a, "gen_ai.request.model", "gpt-4o-mini");
        attr(a, "gen_ai.response.id", "chatcmpl-42");
        attr(a, "gen_ai.prompt.0.role", "user");
        attr(a, "gen_ai.prompt.0.content", question);
        a.addObject().put("key", "gen_ai.usage.input_tokens").putObject("value").put("intValue", "14");
        a.addObject().put("key", "gen_ai.usage.output_tokens").putObject("value").put("intValue", "67");
    }

    @Test
    void twoConsecutiveCallsUnderOneResponseIdAreBothWrittenAndACopyOnce() throws IOException {
        ObjectNode doc = TestSupport.JSON.createObjectNode();
        ArrayNode spans = doc.putArray("resourceSpans").addObject().putArray("scopeSpans").addObject().putArray("spans");
        chat(spans, "a1", 0, 500, "What is the capital of France?");
        chat(spans, "b2", 600, 1100, "And of Italy?");
        chat(spans, "b3", 650, 1050, "And of Italy?"); // b2 exported again by a second exporter
        Path log = TestSupport.write(tmp, "otlp.json", doc.toString());
        Path dir = tmp.resolve("export");
        TestSupport.Run run = TestSupport.cli("analyze", "-q", "-f", "json", "--batchable", "chat", "--batch-export", dir.toString(), log.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals(2, run.json().get("requests").asLong());
        List<String> written = new ArrayList<>();
        for (Path f : exported(dir)) {
            for (JsonNode j : lines(f)) {
                written.add(j.at("/body/messages/0/content").asText());
            }
        }
        assertEquals(List.of("What is the capital of France?", "And of Italy?"), written);
    }
}
