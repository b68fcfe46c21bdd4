package io.techopt.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 (still open after session 4): one prompt compressed to a rate landed 4-11% under its target on the real
 * LLMLingua prompts (each kept sentence was costed one token more than it adds, and nothing filled what was left;
 * JSON strings each lost whole sentences beyond their share). A result uses its budget: within 3% of the target,
 * never above it, or a note says why the content does not allow it.
 */
class SinglePromptUsesItsBudgetTest {
    static final double[] RATES = {0.3, 0.5, 0.7};

    record Case(String name, String file, String key) {
    }

    static final List<Case> PROSE = List.of(
            new Case("MeetingBank (LLMLingua-2)", "test_llmlingua2.py", "MEETINGBANK_PROMPT"),
            new Case("GSM8K 8-shot", "test_llmlingua.py", "GSM8K_PROMPT"),
            new Case("GSM8K (LongLLMLingua)", "test_longllmlingua.py", "GSM8K_PROMPT"),
            new Case("structured MeetingBank", "test_llmlingua.py", "COMPRESSED_MULTIPLE_STRUCTURED_CONTEXT_PROMPT"));

    static String prompt(Case c) throws IOException {
        JsonNode consts = TestSupport.JSON.readTree(TestSupport.shared("data/llmlingua-examples/llmlingua_test_constants.json").toFile());
        return consts.get(c.file()).get(c.key()).asText();
    }

    static CompressResult.Prompt run(String prompt, double rate, EncodingType enc) {
        return PromptCompression.run(prompt, new Compressor.Options(0, null, List.of(), true, true, false), null, rate, 2, enc,
                false, () -> null);
    }

    @Test
    void realProsePromptsLandWithinThreePercentUnderTheTargetAtEveryRate() throws IOException {
        List<String> misses = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        for (Case c : PROSE) {
            String p = prompt(c);
            for (EncodingType enc : new EncodingType[]{EncodingType.O200K_BASE, EncodingType.CL100K_BASE}) {
                for (double rate : RATES) {
                    CompressResult.Prompt r = run(p, rate, enc);
                    double share = (double) r.tokensAfter() / r.targetTokens();
                    table.append(String.format(Locale.ROOT, "%-26s %-11s rate %.1f: %4d of %4d (%.3f)%n", c.name(), enc.getName(),
                            rate, r.tokensAfter(), r.targetTokens(), share));
                    assertTrue(r.tokensAfter() <= r.targetTokens(), c.name() + " above its target: " + r.tokensAfter() + " > " + r.targetTokens());
                    if (share < 0.97) {
                        misses.add(c.name() + " " + enc.getName() + " at " + rate + ": " + r.tokensAfter() + " of " + r.targetTokens());
                    }
                }
            }
        }
        System.out.println(table);
        assertEquals(List.of(), misses, table.toString());
    }

    @Test
    void theLlmLinguaJsonComesCloseToItsTargetAndSaysWhyWhenItCannot() throws IOException {
        String p = prompt(new Case("JSON", "test_llmlingua.py", "JSON_PROMPT"));
        StringBuilder table = new StringBuilder();
        for (double rate : RATES) {
            CompressResult.Prompt r = run(p, rate, EncodingType.O200K_BASE);
            double share = (double) r.tokensAfter() / r.targetTokens();
            table.append(String.format(Locale.ROOT, "JSON rate %.1f: %d of %d (%.3f) %s%n", rate, r.tokensAfter(), r.targetTokens(), share, r.notes()));
            assertTrue(Compressor.minifiedJson(r.text()) != null, "JSON stays JSON");
            assertTrue(r.tokensAfter() <= r.targetTokens(), table.toString());
            if (share < 0.97) {
                assertTrue(r.notes().stream().anyMatch(n -> n.contains("under the target of " + r.targetTokens())),
                        "a result short of its target says why: " + table);
            }
        }
        // at 0.3 the string values' sentences allow a fit within 3% (it was 159 of 178, 0.893)
        CompressResult.Prompt r = run(p, 0.3, EncodingType.O200K_BASE);
        assertTrue(r.tokensAfter() >= 0.97 * r.targetTokens(), table.toString());
        System.out.println(table);
    }

    @Test
    void aMarkupHeavyPromptUnderItsTargetAfterCleanupSaysSo() throws IOException {
        // LLMLingua's markers are a third of this transcript's tokens: at 0.7 the text without them is under the target
        CompressResult.Prompt r = run(prompt(new Case("MeetingBank transcript", "test_llmlingua.py", "MEETINGBANK_TRANSCRIPT_0_PROMPT")),
                0.7, EncodingType.O200K_BASE);
        assertTrue(r.tokensAfter() < 0.97 * r.targetTokens(), r.toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("under the target of " + r.targetTokens()) && n.contains("nothing else")),
                r.notes().toString());
    }
}
