package io.techopt.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** What every adapter does the same way to keep the port's promises: unit length, and the zero vector for blank text. */
final class Vectors {
    private Vectors() {
    }

    /** Scales {@code v} to unit length in place (the zero vector stays zero) and returns it. */
    static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        if (n > 0) {
            float inv = (float) (1 / Math.sqrt(n));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    /**
     * Whether {@code text} has nothing to embed: no letter, digit, punctuation or symbol. Unicode spaces (no-break,
     * ideographic), zero-width and control characters, lone combining accents and U+FFFD count as blank: a BERT
     * tokenizer drops them all and the model then fails on an empty input.
     */
    static boolean isBlank(String text) {
        return text.codePoints().noneMatch(c -> c != 0xFFFD && switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER, Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> true;
            default -> false;
        });
    }

    /**
     * The zero vector for each blank text, and {@code model}'s vectors, in input order, for the others: models
     * reject blank input (langchain4j throws, OpenAI answers HTTP 400) or embed it as something similar to every
     * other blank text.
     */
    static List<float[]> skippingBlank(List<String> texts, int dimension, Function<List<String>, List<float[]>> model) {
        List<String> nonBlank = new ArrayList<>(texts.size());
        for (String t : texts) {
            if (!isBlank(t)) {
                nonBlank.add(t);
            }
        }
        List<float[]> embedded = nonBlank.isEmpty() ? List.of() : model.apply(nonBlank);
        List<float[]> out = new ArrayList<>(texts.size());
        int next = 0;
        for (String t : texts) {
            out.add(isBlank(t) ? new float[dimension] : embedded.get(next++));
        }
        return out;
    }
}
