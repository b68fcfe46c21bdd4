package io.techopt.compress;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.TestSupport;
import io.techopt.core.Message;
import io.techopt.tokens.TokenCounter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompressPropertiesTest {
    static final Encoding ENC = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    static final String CODE = "```python\nprint('keep me   exactly')\n```";

    @Provide
    Arbitrary<String> documents() {
        Arbitrary<String> sentence = Combinators.combine(Arbitraries.of("The invoice", "Our team", "Customer 42", "Der Bericht",
                "顾客", "Le service"), Arbitraries.of("was paid", "needs 3.5 hours", "is late by 12 days", "failed twice",
                "称赞了", "a coûté 99 €"), Arbitraries.of(".", "!", "?")).as((a, b, c) -> a + " " + b + c);
        Arbitrary<String> paragraph = sentence.list().ofMinSize(1).ofMaxSize(6).map(l -> String.join(" ", l));
        Arbitrary<String> block = Arbitraries.oneOf(paragraph, paragraph, Arbitraries.just(CODE),
                Arbitraries.just("<keep>Never drop: order #7 ships on Friday.</keep>"));
        return block.list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("\n\n", l));
    }

    @Property(tries = 200)
    void protectedSpansStayAndOnlyInputSentencesComeOut(@ForAll("documents") String doc, @ForAll @IntRange(min = 1, max = 400) int target) {
        Compressor c = new Compressor(ENC);
        Compressor.Result r = c.compress(doc, new Compressor.Options(target, null, List.of(), true, true, false));
        String plain = doc.replace("<keep>", "").replace("</keep>", "");
        if (doc.contains(CODE)) {
            assertTrue(r.text().contains(CODE), "code blocks never change");
        }
        if (doc.contains("<keep>")) {
            assertTrue(r.text().contains("Never drop: order #7 ships on Friday."), "protected spans stay");
        }
        String normIn = plain.replaceAll("\\s+", " ");
        for (Segments.Seg s : Segments.split(r.text(), List.of())) {
            if (s.kind() == Segments.Kind.UNIT) {
                assertTrue(normIn.contains(s.text().replaceAll("\\s+", " ").strip()), "not in the input: " + s.text());
            }
        }
        // below what the protected spans alone take, they are all that is left
        List<String> spans = new ArrayList<>();
        for (Segments.Seg s : Segments.split(doc, List.of())) {
            if (s.kind() == Segments.Kind.PROTECTED) {
                spans.add(s.text());
            }
        }
        int floor = ENC.countTokensOrdinary(String.join("\n\n", spans));
        assertTrue(r.tokensAfter() <= Math.max(target, floor), r.tokensAfter() + " > " + target + " (protected: " + floor + ")");
        assertTrue(r.tokensAfter() <= r.tokensBefore());
        for (int i = 0; i < r.text().length(); i++) {
            char ch = r.text().charAt(i);
            if (Character.isHighSurrogate(ch)) {
                assertTrue(i + 1 < r.text().length() && Character.isLowSurrogate(r.text().charAt(i + 1)), "valid UTF-16, so valid UTF-8");
            }
        }
    }

    @Test
    void theQuestionAndTheLastTurnsNeverChange() {
        List<Message> conversation = new ArrayList<>();
        conversation.add(new Message("system", "You answer billing questions. Be brief. Cite the invoice number."));
        for (int i = 0; i < 8; i++) {
            conversation.add(new Message("user", "Question " + i + ": why did invoice " + (1000 + i) + " go up by " + (10 + i)
                    + "%? We use the API daily. Our usage grew in March."));
            conversation.add(new Message("assistant", "Invoice " + (1000 + i) + " rose because usage grew. Cached tokens fell. "
                    + "Batch jobs moved to the standard tier."));
        }
        Message question = new Message("user", "So what will invoice 1009 cost in May if usage grows 20%?");
        conversation.add(question);
        MessageCompressor mc = new MessageCompressor(new TokenCounter(), EncodingType.O200K_BASE);
        int before = mc.tokens(conversation);
        MessageCompressor.Result r = mc.compress(conversation, before / 3, 2, 1024,
                new Compressor.Options(0, null, List.of(), true, true, false));
        assertEquals(question, r.messages().get(r.messages().size() - 1), "the question is intact");
        assertEquals(conversation.get(conversation.size() - 2), r.messages().get(r.messages().size() - 2), "the last turn is intact");
        assertTrue(r.tokensAfter() < before * 0.6, r.tokensAfter() + " of " + before);
        assertTrue(r.savedByStrategy().get("conversation") > 0);
    }

    @Test
    void jsonIsMinifiedAndStaysJson() {
        String json = "{\n  \"name\": \"Acme\",\n  \"notes\": \"" + "The account renewed in May. Support tickets rose. ".repeat(20)
                + "\",\n  \"amounts\": [1, 2, 3]\n}";
        Compressor c = new Compressor(ENC);
        Compressor.Result r = c.compress(json, new Compressor.Options(60, null, List.of(), true, true, false));
        assertTrue(Compressor.minifiedJson(r.text()) != null, r.text());
        assertTrue(r.tokensAfter() <= 60, String.valueOf(r.tokensAfter()));
        assertTrue(r.text().contains("\"amounts\":[1,2,3]"));
    }

    @Test
    void protectPatternsHold() {
        String t = "Call 555-0100 for billing. The weather is nice. Ticket ABC-123 is open. Lunch was good. Call again later.";
        Compressor.Result r = new Compressor(ENC).compress(t, new Compressor.Options(8, null,
                List.of(Pattern.compile("[A-Z]{3}-\\d+")), true, true, false));
        assertTrue(r.text().contains("ABC-123"));
    }

    @TempDir
    Path tmp;

    @Test
    void logModeKeepsCachedPrefixesAndWritesALogThatAnalyzes() throws IOException {
        Path out = tmp.resolve("compressed.jsonl");
        TestSupport.Run run = TestSupport.cli("compress", "-q", "-f", "json", "--rate", "0.6", "--write", out.toString(),
                "samples/requests.jsonl.gz");
        assertEquals(0, run.code(), run.err());
        var j = run.json();
        for (String k : List.of("requests", "tokens_before", "tokens_after", "usd_saved", "by_strategy")) {
            assertTrue(j.has(k), k);
        }
        assertTrue(j.get("tokens_after").asLong() < j.get("tokens_before").asLong());
        assertTrue(j.get("tokens_left_for_prompt_cache").asLong() > 0, "prefixes the provider caches are left alone");
        double original = TestSupport.cli("analyze", "-q", "-f", "json", "samples/requests.jsonl.gz").json().get("cost_usd").asDouble();
        var after = TestSupport.cli("analyze", "-q", "-f", "json", out.toString()).json();
        assertEquals(0, after.get("bad_lines").asLong());
        assertEquals(3000, after.get("requests").asLong());
        assertEquals(j.get("usd_saved").asDouble(), original - after.get("cost_usd").asDouble(), 0.02 * j.get("usd_saved").asDouble(),
                "the saving reported is the saving the compressed log shows (retries logged twice aside)");
        for (String line : Files.readAllLines(out).subList(0, 50)) {
            assertTrue(TestSupport.JSON.readTree(line).has("messages"));
        }
    }

    @Test
    void abbreviationsSpareQuotationsUrlsCodeAndJson() {
        Abbreviations a = Abbreviations.defaults();
        String t = "For example, in order to save, cache it. He said \"in order to win\". See https://x.io/in-order-to "
                + "and `for example()`. 为了节省成本，例如缓存。";
        String out = a.apply(t);
        assertEquals("e.g., to save, cache it. He said \"in order to win\". See https://x.io/in-order-to "
                + "and `for example()`. 为节省成本，如缓存。", out);
        Compressor c = new Compressor(ENC);
        String json = "{\"note\": \"for example, in order to pay\"}";
        Compressor.Result r = c.compress(json, new Compressor.Options(100, null, List.of(), true, true, false, a));
        assertTrue(r.text().contains("for example, in order to pay"), "JSON string values keep their wording");
        Compressor.Result prose = c.compress("Please note that, for example, the invoice is late.",
                new Compressor.Options(100, null, List.of(), true, true, false, a));
        assertEquals("note:, e.g., the invoice is late.", prose.text());
    }
}
