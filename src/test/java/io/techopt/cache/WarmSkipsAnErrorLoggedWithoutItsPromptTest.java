package io.techopt.cache;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** cache-warm on a log whose failed request carries no prompt (as a usage-only error line, or a store without text). */
class WarmSkipsAnErrorLoggedWithoutItsPromptTest {
    @TempDir
    Path tmp;

    @Test
    void anErrorWithoutAPromptIsSkippedAsAnErrorNotACrash() throws Exception {
        Path log = TestSupport.write(tmp, "log.jsonl", String.join("\n",
                "{\"timestamp\":\"2026-10-01T00:00:00Z\",\"model\":\"gpt-4o-mini\",\"request_id\":\"a\",\"status\":\"error\","
                        + "\"error\":\"boom\",\"usage\":{\"input_tokens\":10,\"output_tokens\":0}}",
                "{\"timestamp\":\"2026-10-01T00:01:00Z\",\"model\":\"gpt-4o-mini\",\"request_id\":\"b\",\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"What is a token?\"}],\"response\":\"A piece of text.\","
                        + "\"usage\":{\"input_tokens\":10,\"output_tokens\":3}}") + "\n");
        TestSupport.Run r = TestSupport.cli("cache-warm", log.toString(), "-f", "json", "-q", "--min-count", "1");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(2, j.get("requests").asLong());
        assertEquals(1, j.get("candidates").asLong(), "the answered prompt; the failed request has no prompt to ask");
        assertEquals("error response", j.get("skipped").get(0).get("reason").asText());
        assertEquals(1, j.get("skipped").get(0).get("requests").asLong());
    }
}
