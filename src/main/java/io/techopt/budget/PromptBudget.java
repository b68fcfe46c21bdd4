package io.techopt.budget;

import io.techopt.core.Complexity;
import io.techopt.core.ComplexityClassifier;
import io.techopt.core.PromptFitter;

import java.util.Map;

/** One prompt given its budget: its complexity decides the budget, and it is compressed to the prompt share. */
public final class PromptBudget {
    /** The complexity found, the budget that applies, and the compressed prompt. */
    public record Fit(Complexity complexity, TokenBudget budget, PromptFitter.Fitted prompt) {
    }

    private PromptBudget() {
    }

    /** @param fitter compresses the prompt (the compress engine's, handed over by the command line) */
    public static Fit fit(String text, String taskType, Map<Complexity, TokenBudget> budgets, PromptFitter fitter) {
        Complexity complexity = ComplexityClassifier.classify(taskType, text, fitter.tokens(text));
        TokenBudget b = budgets.get(complexity);
        return new Fit(complexity, b, fitter.fit(text, b.prompt()));
    }
}
