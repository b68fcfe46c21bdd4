package io.techopt.compress;

import io.techopt.ingest.Message;
import io.techopt.tokens.TokenCounter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compresses a conversation to a token target: system messages and the last {@code keepTurns} user turns (with
 * their answers) stay; older turns become one extractive summary; then the longest messages are compressed. The
 * last user message, the question, never changes. Messages at or above {@code cacheableTokens} that open the
 * conversation are left alone, since a provider prompt cache serves them cheaper than compression would.
 */
public final class MessageCompressor {
    public record Result(List<Message> messages, int tokensBefore, int tokensAfter, Map<String, Integer> savedByStrategy,
                         int leftForCache) {
    }

    private final Compressor compressor;
    private final TokenCounter counter;
    private final com.knuddels.jtokkit.api.EncodingType encoding;

    public MessageCompressor(TokenCounter counter, com.knuddels.jtokkit.api.EncodingType encoding) {
        this.counter = counter;
        this.encoding = encoding;
        this.compressor = new Compressor(counter, encoding);
    }

    public int tokens(List<Message> messages) {
        return (int) counter.countMessages(messages, encoding);
    }

    public Result compress(List<Message> in, int target, int keepTurns, int cacheableTokens, Compressor.Options base) {
        int before = tokens(in);
        Map<String, Integer> saved = new LinkedHashMap<>();
        int lastUser = -1;
        for (int i = in.size() - 1; i >= 0; i--) {
            if (in.get(i).role().equals("user")) {
                lastUser = i;
                break;
            }
        }
        String question = lastUser < 0 ? null : in.get(lastUser).content();
        // (b) turns before the last keepTurns user turns become one summary
        List<Integer> userTurns = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            if (in.get(i).role().equals("user")) {
                userTurns.add(i);
            }
        }
        int firstKept = userTurns.size() > keepTurns ? userTurns.get(userTurns.size() - keepTurns) : 0;
        List<Message> out = new ArrayList<>();
        StringBuilder old = new StringBuilder();
        for (int i = 0; i < in.size(); i++) {
            Message m = in.get(i);
            if (i < firstKept && !m.role().equals("system")) {
                old.append(m.role()).append(": ").append(m.content()).append("\n\n");
            } else {
                out.add(m);
            }
        }
        int cached = 0;
        int leading = 0;
        while (leading < out.size() && out.get(leading).role().equals("system")) {
            leading++;
        }
        boolean[] frozen = new boolean[out.size()];
        for (int i = 0; i < leading; i++) {
            int t = counter.count(out.get(i).content(), encoding);
            if (t >= cacheableTokens) {
                frozen[i] = true;
                cached += t;
            }
        }
        if (old.length() > 0) {
            int summaryBudget = Math.max(16, (target - tokens(out)) / 2);
            int oldTokens = counter.count(old.toString(), encoding);
            Compressor.Result r = compressor.compress(old.toString(), base.withTarget(summaryBudget, true).withQuestion(question));
            if (!r.text().isBlank()) {
                out.add(leading, new Message("system", "Earlier in this conversation:\n" + r.text()));
                boolean[] f = new boolean[out.size()];
                System.arraycopy(frozen, 0, f, 0, leading);
                System.arraycopy(frozen, leading, f, leading + 1, frozen.length - leading);
                frozen = f;
            }
            saved.put("conversation", oldTokens - (r.text().isBlank() ? 0 : counter.count(r.text(), encoding)));
        }
        // then the longest compressible messages, each to its share of the excess
        int excess = tokens(out) - target;
        int questionIndex = out.indexOf(lastUser < 0 ? null : in.get(lastUser));
        if (excess > 0) {
            int pool = 0;
            for (int i = 0; i < out.size(); i++) {
                if (!frozen[i] && i != questionIndex) {
                    pool += counter.count(out.get(i).content(), encoding);
                }
            }
            for (int i = 0; i < out.size() && pool > 0; i++) {
                if (frozen[i] || i == questionIndex) {
                    continue;
                }
                Message m = out.get(i);
                int t = counter.count(m.content(), encoding);
                int goal = Math.max(1, t - (int) Math.ceil((double) excess * t / pool));
                Compressor.Result r = compressor.compress(m.content(), base.withTarget(goal, true).withQuestion(question));
                r.savedByStrategy().forEach((k, v) -> saved.merge(k, v, Integer::sum));
                out.set(i, new Message(m.role(), r.text()));
            }
        }
        return new Result(out, before, tokens(out), saved, cached);
    }
}
