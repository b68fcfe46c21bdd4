package io.techopt.cache;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A request whose question (last user message) is blank reaches the semantic layer: the default embedder, MiniLM,
 * used to hand it to the model as " ", which langchain4j rejects, so the whole command failed ("text cannot be
 * null or blank", exit 2). Blank text is the zero vector the port promises: similar to nothing.
 */
class BlankQuestionWithMiniLmTest {
    private static Path log(Path dir) throws Exception {
        StringBuilder b = new StringBuilder();
        String[] questions = {"What is SSO?", "   ", "What is SSO?", "", "How do I rotate an API key?", "\\n\\t"};
        for (int i = 0; i < questions.length; i++) {
            b.append("{\"timestamp\":\"2026-10-01T01:0").append(i).append(":00Z\",\"request_id\":\"r").append(i)
                    .append("\",\"model\":\"gpt-4o-mini\",\"provider\":\"openai\",\"messages\":[{\"role\":\"system\",\"content\":\"You are helpful.\"},")
                    .append("{\"role\":\"user\",\"content\":\"").append(questions[i]).append("\"}],\"response\":\"answer ").append(i)
                    .append("\",\"status\":\"ok\",\"usage\":{\"input_tokens\":100,\"output_tokens\":20}}\n");
        }
        return TestSupport.write(dir, "blank-questions.jsonl", b.toString());
    }

    @Test
    void cacheWarmSimulateWithMiniLmReplaysALogWithBlankQuestions(@TempDir Path dir) throws Exception {
        TestSupport.Run r = TestSupport.cli("cache-warm", "simulate", log(dir).toString(), "--embedder", "minilm", "-f", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(6, j.get("requests").asInt());
        assertEquals(3, j.get("layers").get(0).get("hits").asInt(),
                "exact hits: the repeated 'What is SSO?', and the two later blank questions (the key normalizes whitespace)");
        assertEquals(0, j.get("layers").get(2).get("hits").asInt(), "a blank question is similar to nothing");
    }

    @Test
    void analyzeWithTheMiniLmSemanticCacheLeverReadsALogWithBlankQuestions(@TempDir Path dir) throws Exception {
        TestSupport.Run r = TestSupport.cli("analyze", log(dir).toString(), "--semantic-cache", "minilm", "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertEquals(6, r.json().get("requests").asInt());
    }
}
