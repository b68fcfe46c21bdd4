package io.techopt.compress;

import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.core.PromptFitter;
import io.techopt.tokens.TokenCounter;

import java.util.List;

/** {@code budget --prompt}'s compression: the prompt's whole text compressed to its budget's prompt share. */
public final class BudgetFitter implements PromptFitter {
    private final Compressor c;
    private final EncodingType enc;

    public BudgetFitter(EncodingType enc) {
        this.c = new Compressor(new TokenCounter(), enc);
        this.enc = enc;
    }

    @Override
    public int tokens(String text) {
        return c.tokens(text);
    }

    @Override
    public Fitted fit(String text, int maxTokens) {
        Compressor.Result r = c.compress(text, new Compressor.Options(maxTokens, null, List.of(), true, true, false));
        return new Fitted(r.tokensBefore(), r.tokensAfter(),
                r.tokensBefore() == 0 ? 1 : (double) r.tokensAfter() / r.tokensBefore(), enc.getName(), r.text(),
                r.savedByStrategy());
    }
}
