package io.techopt.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** cli.md: a figure that cannot be measured is null with its key present, never 0, and a note says why. */
class UnmeasurableFiguresAreNullTest {
    @TempDir
    Path dir;

    @Test
    void periodIsNullNotMissingWhenTheFilterLeavesNoRequest() {
        JsonNode j = TestSupport.cli("analyze", "-q", "-f", "json", "--since", "2027-01-01", "samples/requests.jsonl.gz").json();
        assertTrue(j.has("period") && j.get("period").isNull(), "period: " + j.get("period"));
        assertTrue(j.get("warnings").toString().contains("period is null"), j.get("warnings").toString());
    }

    @Test
    void repeatRateAndPromptLeversAreNullWhenNoRequestHasAPrompt() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append("{\"timestamp\":\"2026-10-0").append(1 + i % 9).append("T12:00:00Z\",\"model\":\"gpt-4o\",")
                    .append("\"task_type\":\"summarize\",\"usage\":{\"input_tokens\":4000,\"output_tokens\":100}}\n");
        }
        Path log = TestSupport.write(dir, "no-prompts.jsonl", sb.toString());
        JsonNode j = TestSupport.cli("analyze", "-q", "-f", "json", log.toString()).json();
        assertTrue(j.at("/repeats").has("exact_repeat_rate") && j.at("/repeats/exact_repeat_rate").isNull(), j.at("/repeats").toString());
        for (JsonNode s : j.get("savings")) {
            String lever = s.get("lever").asText();
            if (lever.equals("exact_cache") || lever.equals("prompt_cache")) {
                assertTrue(s.has("usd") && s.get("usd").isNull(), lever + ": " + s);
            }
        }
        assertTrue(j.get("warnings").toString().contains("exact_repeat_rate is null"), j.get("warnings").toString());
    }
}
