package io.techopt.compress;

import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.core.Message;
import io.techopt.embed.Embedder;
import io.techopt.tokens.TokenCounter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 review: when no whole sentence fit the target (one long sentence, Chinese without punctuation, text
 * without spaces, --target-tokens 1) compress answered with empty text, exit 0 and no note; a log request's only
 * real content was dropped from its summary; a target missed tenfold (code only) gave no note.
 */
class CompressNeverEmptyTest {
    static final Compressor.Options BASE = new Compressor.Options(0, null, List.of(), true, true, false);

    static CompressResult.Prompt run(String text, Integer target, double rate) {
        return PromptCompression.run(text, BASE, target, rate, 2, EncodingType.O200K_BASE, false,
                MessageCompressor.lazy(() -> Embedder.named("hash")));
    }

    static void keepsALeadingSpanNearTheTarget(String text, double rate) {
        CompressResult.Prompt r = run(text, null, rate);
        assertFalse(r.text().isBlank(), "never empty");
        assertTrue(text.strip().startsWith(r.text()), "a leading span of the input: " + r.text());
        assertTrue(r.tokensAfter() <= r.targetTokens(), r.tokensAfter() + " > " + r.targetTokens());
        assertTrue(r.tokensAfter() >= r.targetTokens() * 0.9, r.tokensAfter() + " far under " + r.targetTokens());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("no whole sentence fits")), "the cut is noted: " + r.notes());
    }

    @Test
    void oneLongSentenceIsCutAtAWordBoundaryNotDropped() {
        String text = "the quick brown fox ".repeat(300) + "jumps";
        keepsALeadingSpanNearTheTarget(text, 0.5);
        String kept = run(text, null, 0.5).text();
        assertTrue(kept.endsWith("fox") || kept.endsWith("the") || kept.endsWith("quick") || kept.endsWith("brown"), kept);
    }

    @Test
    void chineseWithoutPunctuationAndTextWithoutSpacesAreCutNotDropped() {
        keepsALeadingSpanNearTheTarget("这是一个很长的句子没有任何标点符号".repeat(100), 0.5);
        keepsALeadingSpanNearTheTarget("abcdefghij".repeat(5000), 0.5);
    }

    @Test
    void aTargetOfOneTokenKeepsOneToken() {
        CompressResult.Prompt r = run("the quick brown fox ".repeat(300), 1, 1);
        assertEquals("the", r.text());
        assertEquals(1, r.tokensAfter());
    }

    @Test
    void whitespaceOnlyIsKeptUnchangedWithANote() {
        CompressResult.Prompt r = run("   \n\n\t  \n", null, 0.5);
        assertEquals("   \n\n\t  \n", r.text());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("only whitespace")), r.notes().toString());
    }

    @Test
    void aTargetMissedBecauseEverythingIsProtectedIsNoted() {
        CompressResult.Prompt r = run("```python\n" + "x = 1\n".repeat(250) + "```\n", null, 0.1);
        assertTrue(r.tokensAfter() > r.targetTokens() * 2);
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("above the target")), r.notes().toString());
    }
}
