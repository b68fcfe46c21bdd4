package io.techopt.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r27n LOW-3: LLMLingua's markers were stripped before the strategies and counted under none (at --rate 0.3 the
 * strategies summed to 421 of the 913 tokens removed). They count under cleanup, so the strategies add up.
 */
class RemovedMarkersAreCountedUnderCleanupTest {
    @TempDir
    Path dir;

    static String transcript() throws IOException {
        JsonNode consts = TestSupport.JSON.readTree(TestSupport.shared("data/llmlingua-examples/llmlingua_test_constants.json").toFile());
        return consts.get("test_llmlingua.py").get("MEETINGBANK_TRANSCRIPT_0_PROMPT").asText();
    }

    static int sum(java.util.Map<String, Integer> byStrategy) {
        return byStrategy.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Test
    void theStrategiesSumToTheTokensRemoved() throws IOException {
        String p = transcript();
        assertTrue(p.contains("<llmlingua"), "a prompt with markers");
        for (String prompt : List.of(p, p + "\n" + p + "\n" + p + "\n" + p)) {
            for (Integer target : new Integer[]{null, 3000}) {
                CompressResult.Prompt r = PromptCompression.run(prompt, new Compressor.Options(0, null, List.of(), true, true, false),
                        target, 0.3, 2, EncodingType.O200K_BASE, false, () -> null);
                assertEquals(r.tokensBefore() - r.tokensAfter(), sum(r.tokensSavedByStrategy()),
                        "target " + target + ": " + r.tokensSavedByStrategy() + ", " + r.tokensBefore() + " -> " + r.tokensAfter());
                assertTrue(r.tokensSavedByStrategy().get("cleanup") > 0, r.tokensSavedByStrategy().toString());
            }
        }
        Compressor c = new Compressor(com.knuddels.jtokkit.Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE));
        Compressor.Result noCleanup = c.compress(p, new Compressor.Options(100_000, null, List.of(), false, false, false));
        assertEquals(noCleanup.tokensBefore() - noCleanup.tokensAfter(), sum(noCleanup.savedByStrategy()), noCleanup.savedByStrategy().toString());
    }

    @Test
    void budgetPromptCountsTheMarkersItRemoved() throws IOException {
        Path file = TestSupport.write(dir, "p1.txt", transcript());
        JsonNode j = TestSupport.cli("budget", "--prompt", file.toString(), "--task-type", "summarization", "-f", "json", "-q").json();
        JsonNode saved = j.findValue("tokens_saved_by_strategy");
        int total = 0;
        for (JsonNode v : saved) {
            total += v.asInt();
        }
        assertEquals(j.findValue("tokens_before").asInt() - j.findValue("tokens_after").asInt(), total, j.toString());
    }
}
