package io.techopt.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.TestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * techopt's compressor beside LLMLingua's own expected outputs (../shared/data/llmlingua-examples), each example
 * compressed to the cl100k_base token count of LLMLingua's output. techopt must be faithful: every sentence it keeps
 * stands in the input, every number it prints occurs there, the question is untouched, JSON stays JSON.
 */
class LlmLinguaSideBySideTest {
    static JsonNode consts;
    static final Encoding CL100K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");

    record Example(String name, String prompt, String llmlingua, String question) {
    }

    @BeforeAll
    static void load() throws IOException {
        consts = TestSupport.JSON.readTree(TestSupport.shared("data/llmlingua-examples/llmlingua_test_constants.json").toFile());
    }

    static List<Example> examples() {
        JsonNode v1 = consts.get("test_llmlingua.py"), v2 = consts.get("test_llmlingua2.py"), lg = consts.get("test_longllmlingua.py");
        return List.of(
                new Example("GSM8K 8-shot (LLMLingua)", v1.get("GSM8K_PROMPT").asText(),
                        v1.get("GSM8K_150TOKENS_COMPRESSED_SINGLE_CONTEXT_PROMPT").asText(), null),
                new Example("MeetingBank (LLMLingua-2)", v2.get("MEETINGBANK_PROMPT").asText(),
                        v2.get("MEETINGBANK_150TOKENS_COMPRESSED_SINGLE_CONTEXT_PROMPT").asText(), null),
                new Example("JSON (LLMLingua)", v1.get("JSON_PROMPT").asText(), v1.get("JSON_COMPRESSED_PROMPT").asText(), null),
                new Example("GSM8K + QUESTION (LongLLMLingua)", lg.get("GSM8K_PROMPT").asText(),
                        lg.get("GSM8K_250TOKENS_COMPRESSED_SINGLE_CONTEXT_PROMPT").asText(), lg.get("QUESTION").asText()));
    }

    @Test
    void faithfulAtLlmLinguasTokenCounts() {
        Compressor c = new Compressor(CL100K);
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%-34s %8s | %-28s | %-28s%n%-34s %8s | %8s %9s %9s | %8s %9s %9s%n", "example", "tokens", "techopt", "LLMLingua",
                "", "before", "after", "verbatim", "numbers", "after", "verbatim", "numbers"));
        for (Example e : examples()) {
            int target = CL100K.countTokensOrdinary(e.llmlingua());
            Compressor.Result r = c.compress(e.prompt(), new Compressor.Options(target, e.question(), List.of(), true, true, false));
            assertTrue(r.tokensAfter() <= target, e.name() + ": " + r.tokensAfter() + " > " + target);
            assertTrue(r.tokensAfter() >= target * 0.6, e.name() + " uses its budget: " + r.tokensAfter() + " of " + target);
            assertEquals(1.0, verbatimShare(r.text(), e.prompt()), 1e-12, e.name() + " keeps only sentences of the input:\n" + r.text());
            assertTrue(numbersOccurIn(r.text(), e.prompt()), e.name() + ": a number not in the input");
            if (e.name().startsWith("JSON")) {
                assertTrue(Compressor.minifiedJson(r.text()) != null, "valid JSON stays valid JSON");
            }
            table.append(String.format(Locale.ROOT, "%-34s %8d | %8d %8.0f%% %8.0f%% | %8d %8.0f%% %8.0f%%%n", e.name(),
                    r.tokensBefore(), r.tokensAfter(), 100 * verbatimShare(r.text(), e.prompt()), 100 * numbersKept(r.text(), e.prompt()),
                    target, 100 * verbatimShare(e.llmlingua(), e.prompt()), 100 * numbersKept(e.llmlingua(), e.prompt())));
        }
        System.out.println(table);
    }

    /** Share of the output's sentences (and lines; for JSON, of its string values) found in the input, whitespace aside. */
    static double verbatimShare(String out, String input) {
        String in = norm(input);
        List<String> pieces = new java.util.ArrayList<>();
        try {
            JsonNode j = TestSupport.JSON.readTree(out);
            if (j.isContainerNode()) {
                strings(j, pieces);
            }
        } catch (IOException notJson) {
            // prose: its sentences are the pieces
        }
        String text = pieces.isEmpty() ? out : String.join("\n", pieces);
        int units = 0, found = 0;
        for (Segments.Seg s : Segments.split(text, List.of())) {
            if (s.kind() != Segments.Kind.UNIT || s.text().isBlank()) {
                continue;
            }
            units++;
            found += in.contains(norm(s.text())) ? 1 : 0;
        }
        return units == 0 ? 1 : (double) found / units;
    }

    private static void strings(JsonNode j, List<String> out) {
        if (j.isTextual()) {
            out.add(j.asText());
        }
        j.forEach(child -> strings(child, out));
    }

    private static String norm(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    static boolean numbersOccurIn(String out, String input) {
        Set<String> in = numbers(input);
        return in.containsAll(numbers(out));
    }

    static double numbersKept(String out, String input) {
        Set<String> in = numbers(input.replaceAll("</?llmlingua[^>]*>", "")), o = numbers(out);
        if (in.isEmpty()) {
            return 1;
        }
        int kept = 0;
        for (String n : in) {
            kept += o.contains(n) ? 1 : 0;
        }
        return (double) kept / in.size();
    }

    static Set<String> numbers(String s) {
        Set<String> out = new HashSet<>();
        Matcher m = NUMBER.matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
