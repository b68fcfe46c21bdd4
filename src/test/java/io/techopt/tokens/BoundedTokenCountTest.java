package io.techopt.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.TestSupport;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Long texts are counted in bounded chunks; where the text has spaces the count is still tiktoken's exact count. */
class BoundedTokenCountTest {
    static final Encoding O200K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    static final Encoding CL100K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    @Test
    void realLongTextsCountExactlyAsAWhole() throws IOException {
        List<String> texts = new ArrayList<>();
        JsonNode c = TestSupport.JSON.readTree(TestSupport.shared("data/llmlingua-examples/llmlingua_test_constants.json").toFile());
        StringBuilder all = new StringBuilder();
        c.forEach(file -> file.forEach(v -> all.append(v.isTextual() ? v.asText() : v.toString()).append("\n\n")));
        texts.add(all.toString());
        StringBuilder mt = new StringBuilder();
        for (String line : Files.readAllLines(TestSupport.shared("data/routellm/mt_bench/judgements.jsonl")).subList(0, 60)) {
            mt.append(TestSupport.JSON.readTree(line).get("user_prompt").asText()).append('\n');
        }
        texts.add(mt.toString());
        for (String t : texts) {
            assertTrue(t.length() > 4 * TokenCounter.CHUNK_CHARS, "long enough to be chunked: " + t.length());
            assertEquals(O200K.countTokensOrdinary(t), TokenCounter.countBounded(O200K, t));
            assertEquals(CL100K.countTokensOrdinary(t), TokenCounter.countBounded(CL100K, t));
        }
    }

    @Provide
    Arbitrary<String> longTexts() {
        Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12),
                Arbitraries.of("The", "I'm", "don't", "42", "3.14", "naïve", "顾客", "😀", "--", "\n", "\t", "  ", "x/y", "\"q\"", "Ünïcode"));
        return word.list().ofMinSize(2500).ofMaxSize(6000).map(l -> {
            StringBuilder b = new StringBuilder();
            Random r = new Random(l.size());
            for (String w : l) {
                b.append(w).append(r.nextInt(7) == 0 ? "" : " ");
            }
            return b.toString();
        });
    }

    @Property(tries = 30)
    void generatedTextsWithSpacesCountExactly(@ForAll("longTexts") String t) {
        assertEquals(O200K.countTokensOrdinary(t), TokenCounter.countBounded(O200K, t));
        assertEquals(CL100K.countTokensOrdinary(t), TokenCounter.countBounded(CL100K, t));
    }

    @Test
    void aStringWithoutSpacesIsCountedInBoundedPiecesCloseToTheWholeCount() {
        Random r = new Random(7);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 60_000; i++) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        String t = b.toString();
        int exact = O200K.countTokensOrdinary(t), bounded = TokenCounter.countBounded(O200K, t);
        int chunks = (t.length() + TokenCounter.CHUNK_CHARS - 1) / TokenCounter.CHUNK_CHARS;
        assertTrue(Math.abs(exact - bounded) <= 2 * chunks, exact + " vs " + bounded);
        for (int start = 0; start < t.length(); ) {
            int end = TokenCounter.chunkEnd(t, start);
            assertTrue(end - start <= TokenCounter.CHUNK_CHARS && end > start);
            start = end;
        }
    }
    /**
     * Compressor's binary search over a huge prompt's prefixes counts them with {@link TokenCounter.Prefixes}: each
     * prefix's count must be exactly countBounded of the prefix, in any order of probes, with and without spaces, at
     * chunk boundaries and one character either side of them, through surrogate pairs.
     */
    @Property(tries = 20)
    void aPrefixCountIsExactlyTheBoundedCountOfThePrefix(@ForAll("prefixTexts") String t, @ForAll long seed) {
        var prefixes = new TokenCounter.Prefixes(O200K, t);
        Random r = new Random(seed);
        List<Integer> ends = new ArrayList<>(List.of(0, 1, t.length(), t.length() - 1));
        for (int k = 1; k * TokenCounter.CHUNK_CHARS <= t.length() + 2; k++) {
            for (int d = -2; d <= 2; d++) {
                ends.add(Math.max(0, Math.min(t.length(), k * TokenCounter.CHUNK_CHARS + d)));
            }
        }
        // where a prefix's last chunks part from the whole text's: CHUNK_CHARS and one or two characters past a chunk's start
        for (int start = 0; start < t.length(); start = TokenCounter.chunkEnd(t, start)) {
            for (int d = 0; d <= 2; d++) {
                ends.add(Math.min(t.length(), start + TokenCounter.CHUNK_CHARS + d));
            }
        }
        for (int k = 0; k < 12; k++) {
            ends.add(r.nextInt(t.length() + 1));
        }
        java.util.Collections.shuffle(ends, r);
        for (int end : ends) {
            if (end > 0 && end < t.length() && Character.isHighSurrogate(t.charAt(end - 1))) {
                end--; // callers never cut a surrogate pair
            }
            assertEquals(TokenCounter.countBounded(O200K, t.substring(0, end)), prefixes.count(end), "prefix of " + end + " chars");
        }
    }

    @Provide
    Arbitrary<String> prefixTexts() {
        Arbitrary<String> noSpaces = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(20_000).ofMaxLength(40_000);
        Arbitrary<String> emoji = Arbitraries.strings().withChars('a', 'b', 'Z').ofMinLength(9_000).ofMaxLength(20_000)
                .map(x -> x.replace("Z", "😀"));
        return Arbitraries.oneOf(noSpaces, emoji, longTexts());
    }
}
