package io.techopt.core;

import java.util.Map;

/**
 * Compresses one prompt to a number of tokens: the port through which the budget engine fits a prompt to its
 * budget ({@code budget --prompt}); the compress engine implements it, the command line hands it over.
 */
public interface PromptFitter {
    /** The prompt's tokens as this fitter counts them (its complexity is judged on them). */
    int tokens(String text);

    /** The prompt compressed to at most {@code maxTokens} tokens where the strategies can get it there. */
    Fitted fit(String text, int maxTokens);

    /** {@code ratio}: tokens after / tokens before (1 for an empty prompt); {@code encoding}: the tokenizer's name. */
    record Fitted(int tokensBefore, int tokensAfter, double ratio, String encoding, String text,
                  Map<String, Integer> tokensSavedByStrategy) {
    }
}
