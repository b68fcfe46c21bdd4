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
 * null or blank", exit 2); a question of only no-break or zero-width spaces reached the model and failed it too
 * (IndexOutOfBoundsException, exit 1). Blank text is the zero vector the port promises: similar to nothing.
 */
class BlankQuestionWithMiniLmTest {
    private static Path log(Path dir) throws Exception {
        StringBuilder b = new StringBuilder();
        String[] questions = {"What is SSO?", "   ", "What is SSO?", "", "How do I rotate an API key?", "\\n\\t",
                "\\u00a0", "\\u200b"}; // the last two: JSON escapes of a no-break space and a zero-width space
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
        assertEquals(8, j.get("requests").asInt());
        assertEquals(4, j.get("layers").get(0).get("hits").asInt(),
                "exact hits: the repeated 'What is SSO?', and three of the four blank questions after the first, whose exact key equals its");
        assertEquals(0, j.get("layers").get(2).get("hits").asInt(), "a blank question is similar to nothing");
    }

    @Test
    void analyzeWithTheMiniLmSemanticCacheLeverReadsALogWithBlankQuestions(@TempDir Path dir) throws Exception {
        TestSupport.Run r = TestSupport.cli("analyze", log(dir).toString(), "--semantic-cache", "minilm", "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertEquals(8, r.json().get("requests").asInt());
    }
}
