package io.techopt.budget;

import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.compress.CompressResult;
import io.techopt.compress.Compressor;
import io.techopt.core.Complexity;
import io.techopt.core.ComplexityClassifier;
import io.techopt.tokens.TokenCounter;

import java.util.List;
import java.util.Map;

/** One prompt given its budget: its complexity decides the budget, and it is compressed to the prompt share. */
public final class PromptBudget {
    /** The complexity found, the budget that applies, and the compressed prompt. */
    public record Fit(Complexity complexity, TokenBudget budget, CompressResult.Prompt prompt) {
    }

    private PromptBudget() {
    }

    public static Fit fit(String text, String taskType, Map<Complexity, TokenBudget> budgets, EncodingType enc) {
        Compressor c = new Compressor(new TokenCounter(), enc);
        Complexity complexity = ComplexityClassifier.classify(taskType, text, c.tokens(text));
        TokenBudget b = budgets.get(complexity);
        Compressor.Result r = c.compress(text, new Compressor.Options(b.prompt(), null, List.of(), true, true, false));
        return new Fit(complexity, b, new CompressResult.Prompt(r.tokensBefore(), r.tokensAfter(),
                r.tokensBefore() == 0 ? 1 : (double) r.tokensAfter() / r.tokensBefore(), enc.getName(), r.text(), null,
                r.savedByStrategy(), null, null));
    }
}
