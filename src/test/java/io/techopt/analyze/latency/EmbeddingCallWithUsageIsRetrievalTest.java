package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.techopt.analyze.latency.LatencyMapCliTest.span;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Review r11 #11: an OpenLLMetry-style {@code openai.embeddings} span (no gen_ai.operation.name) that carries usage
 * landed in stage llm ("any span with gen_ai usage"), while README puts embedding calls, their time and cost, in
 * retrieval, as it did for the span named by its operation. Both embedding calls are retrieval's.
 */
class EmbeddingCallWithUsageIsRetrievalTest {
    @TempDir
    Path tmp;

    @Test
    void anEmbeddingsSpanWithUsageAndNoOperationNameIsRetrievalWithItsCost() throws Exception {
        String t = "e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5";
        LatencyMapCliTest m = new LatencyMapCliTest();
        m.tmp = tmp;
        JsonNode j = m.analyze(List.of(span(t, "r", null, "handler", 0, 1000),
                span(t, "e", "r", "openai.embeddings", 500, 600, "gen_ai.system", "openai",
                        "gen_ai.request.model", "text-embedding-3-small", "gen_ai.usage.input_tokens", "1000"),
                span(t, "e2", "r", "embeddings text-embedding-3-small", 600, 700, "gen_ai.operation.name", "embeddings",
                        "gen_ai.system", "openai", "gen_ai.request.model", "text-embedding-3-small",
                        "gen_ai.usage.input_tokens", "1000"),
                span(t, "x", "r", "openai.create", 700, 800, "gen_ai.system", "openai",
                        "gen_ai.request.model", "text-embedding-3-large", "gen_ai.usage.input_tokens", "10")));
        JsonNode stages = j.at("/latency/stages");
        assertEquals("llm", stages.get(0).get("stage").asText());
        assertEquals(0, stages.get(0).get("spans").asLong(), "no LLM call: all three are embedding calls");
        assertEquals("retrieval", stages.get(2).get("stage").asText());
        assertEquals(3, stages.get(2).get("spans").asLong());
        assertEquals(0.3, stages.get(2).get("share_of_wall").asDouble(), 1e-12);
        assertEquals(2 * 1000 * 2e-8, stages.get(2).get("cost_usd").asDouble(), 1e-15, "priced with --prices (the large model is unpriced)");
        // the unpriced one is an embedding call, not an "LLM call" (brief item 5)
        String notes = j.at("/latency/notes").toString();
        org.junit.jupiter.api.Assertions.assertTrue(notes.contains("1 embedding call in traces could not be priced (models "
                + "text-embedding-3-large)") && !notes.contains("LLM call in traces could not be priced"), notes);
    }
}
