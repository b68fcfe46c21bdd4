package io.techopt.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Prompt keys are compared across logs, stores and versions, so they must be the hash cli.md defines whatever the
 * reader remembers between records: FNV-1a 64 over the model, 0x1F, then per message its role, 0x1E, its content with
 * whitespace runs as one space and trimmed, 0x1D, finished by an avalanche. Texts repeat (system prompts, histories),
 * near-repeats differ in one character, the same text comes under other models and at other places.
 */
class PromptKeyOfRepeatedTextIsTheKeyOfItsTextTest {
    private static final String[] WORDS = {"alpha", "beta", "Section", "(SSO)", "é", "\u00a0", "\u2003", "\t", "\n\n",
            "  ", "policy.", "\ud83d\ude00", "x"};

    @Test
    void keysOfRepeatedAndNearlyRepeatedTextsAreTheKeysOfTheirTexts() {
        Random rnd = new Random(3);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            StringBuilder b = new StringBuilder();
            int words = rnd.nextInt(4) == 0 ? rnd.nextInt(5) : 100 + rnd.nextInt(2_000);
            for (int w = 0; w < words; w++) {
                b.append(WORDS[rnd.nextInt(WORDS.length)]).append(rnd.nextInt(3) == 0 ? "" : " ");
            }
            texts.add(b.toString());
        }
        for (int i = 0; i < 12; i++) { // same length, same ends and middle, one character changed elsewhere
            String t = texts.get(i);
            if (t.length() > 10) {
                int at = t.length() / 3;
                char c = t.charAt(at) == 'q' ? 'r' : 'q';
                texts.add(t.substring(0, at) + c + t.substring(at + 1));
            }
        }
        String[] models = {"gpt-4o-mini", "claude-sonnet-4-20250514"};
        String[] roles = {"system", "developer", "user", "assistant", "tool"};
        for (int r = 0; r < 3_000; r++) {
            String model = models[rnd.nextInt(models.length)];
            List<Message> messages = new ArrayList<>();
            int n = 1 + rnd.nextInt(4);
            for (int m = 0; m < n; m++) {
                String role = m == 0 && rnd.nextBoolean() ? "system" : roles[rnd.nextInt(roles.length)];
                // a new String each time, as a reader builds one per record
                messages.add(new Message(role, new String(texts.get(rnd.nextInt(texts.size())).toCharArray())));
            }
            assertEquals(reference(model, messages), PromptKey.of(model, messages), "record " + r);
        }
    }

    private static final long P = 0x100000001b3L;

    /** The definition, written out apart from PromptKey. */
    private static PromptKey.Info reference(String model, List<Message> messages) {
        long h = 0xcbf29ce484222325L;
        for (char c : model.toCharArray()) {
            h = (h ^ c) * P;
        }
        h = (h ^ 0x1F) * P;
        long sys = 0, hist = 0;
        int sysChars = 0, histChars = 0, chars = 0;
        boolean leading = true;
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            boolean system = m.role().equals("system") || m.role().equals("developer");
            if (leading && !system) {
                leading = false;
                if (i > 0) {
                    sys = h == 0 ? 1 : h;
                    sysChars = chars;
                }
            }
            if (i == messages.size() - 1 && messages.size() > 1) {
                hist = h == 0 ? 1 : h;
                histChars = chars;
            }
            for (char c : m.role().toCharArray()) {
                h = (h ^ c) * P;
            }
            h = (h ^ 0x1E) * P;
            String normalized = String.join(" ", splitOnSpace(m.content()));
            for (char c : normalized.toCharArray()) {
                h = (h ^ c) * P;
            }
            chars += m.role().length() + normalized.length();
            h = (h ^ 0x1D) * P;
        }
        return new PromptKey.Info(nz(finish(h)), sys == 0 ? 0 : nz(finish(sys)), sysChars,
                hist == 0 ? 0 : nz(finish(hist)), histChars, chars);
    }

    /** Words between runs of Python's str.isspace() characters. */
    private static String[] splitOnSpace(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        for (char c : s.toCharArray()) {
            boolean space = c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F) || c == 0x85
                    || (c >= 0x80 && (Character.isWhitespace(c) || Character.isSpaceChar(c)));
            if (space) {
                if (w.length() > 0) {
                    words.add(w.toString());
                    w.setLength(0);
                }
            } else {
                w.append(c);
            }
        }
        if (w.length() > 0) {
            words.add(w.toString());
        }
        return words.toArray(new String[0]);
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static long nz(long h) {
        return h == 0 ? 1 : h;
    }
}
