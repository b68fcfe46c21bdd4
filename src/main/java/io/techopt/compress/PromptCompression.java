package io.techopt.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.ingest.Message;
import io.techopt.ingest.Messages;
import io.techopt.tokens.TokenCounter;

import io.techopt.embed.Embedder;
import io.techopt.embed.MiniLmEmbedder;

import java.util.List;
import java.util.function.Supplier;
import java.util.Map;

/** One prompt, a text or a messages JSON, compressed to a target: what {@code compress FILE} does. */
public final class PromptCompression {
    private PromptCompression() {
    }

    /**
     * @param targetTokens the target, or null to keep {@code rate} of the tokens
     * @param keepTurns    user turns kept whole when the prompt is a conversation
     */
    public static CompressResult.Prompt run(String content, Compressor.Options base, Integer targetTokens, double rate,
                                            int keepTurns, EncodingType encoding, boolean diff) {
        return run(content, base, targetTokens, rate, keepTurns, encoding, diff, MessageCompressor.lazy(MiniLmEmbedder::new));
    }

    /** @param embedder what judges a sentence's relevance to the question by meaning, in a conversation's summary */
    public static CompressResult.Prompt run(String content, Compressor.Options base, Integer targetTokens, double rate,
                                            int keepTurns, EncodingType encoding, boolean diff, Supplier<Embedder> embedder) {
        TokenCounter counter = new TokenCounter();
        List<Message> messages = messages(content);
        if (messages != null) {
            MessageCompressor mc = new MessageCompressor(counter, encoding, embedder);
            int before = mc.tokens(messages);
            int goal = targetTokens != null ? targetTokens : (int) Math.ceil(before * rate);
            MessageCompressor.Result r = before <= goal ? new MessageCompressor.Result(messages, before, before, Map.of(), 0)
                    : mc.compress(messages, goal, keepTurns, 1024, base);
            return new CompressResult.Prompt(r.tokensBefore(), r.tokensAfter(), ratio(r.tokensAfter(), r.tokensBefore()),
                    encoding.getName(), null, r.messages(), r.savedByStrategy(), r.leftForCache(), null, goal, r.notes());
        }
        Compressor c = new Compressor(counter, encoding);
        int before = c.tokens(content);
        int goal = targetTokens != null ? targetTokens : (int) Math.ceil(before * rate);
        Compressor.Result r = c.compress(content, base.withGoal(goal));
        return new CompressResult.Prompt(r.tokensBefore(), r.tokensAfter(), ratio(r.tokensAfter(), r.tokensBefore()),
                encoding.getName(), r.text(), null, r.savedByStrategy(), null, diff ? r.removed() : null, goal, List.of());
    }

    static double ratio(int after, int before) {
        return before == 0 ? 1 : (double) after / before;
    }

    /** A messages array, or an object holding one; null for anything else (then the content is text). */
    static List<Message> messages(String text) {
        String t = text.strip();
        if (!(t.startsWith("[") || t.startsWith("{"))) {
            return null;
        }
        try {
            JsonNode j = JsonMapper.builder().build().readTree(t);
            JsonNode arr = j.isObject() && j.has("messages") ? j.get("messages") : j;
            if (!arr.isArray() || arr.isEmpty() || !arr.get(0).has("role")) {
                return null;
            }
            return Messages.fromNode(arr);
        } catch (Exception e) {
            return null;
        }
    }
}
