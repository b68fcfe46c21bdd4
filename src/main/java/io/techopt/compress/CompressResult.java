package io.techopt.compress;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** {@code compress --format json}: one prompt ({@link Prompt}) or a whole log ({@link Log}). */
public final class CompressResult {
    private CompressResult() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"tokens_before", "tokens_after", "ratio", "target_tokens", "encoding", "text", "system", "messages"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Prompt(int tokensBefore, int tokensAfter, double ratio, String encoding, String text, List<JsonNode> messages,
                         Map<String, Integer> tokensSavedByStrategy, @JsonInclude(JsonInclude.Include.ALWAYS) Integer tokensLeftForPromptCache,
                         List<String> removed, @JsonInclude(JsonInclude.Include.ALWAYS) Integer targetTokens, List<String> notes,
                         JsonNode request, JsonNode system) {
        /** Documented keys are always present (cli.md): no notes is an empty list, an unknown target is null. */
        public Prompt {
            notes = notes == null ? List.of() : notes;
        }

        /**
         * @param system an Anthropic request's top-level system prompt, as it came (the Messages API takes it beside
         *               {@code messages}, never inside): with it, {@code system} and {@code messages} are the conversation
         */
        public Prompt(int tokensBefore, int tokensAfter, double ratio, String encoding, String text, List<JsonNode> messages,
                      Map<String, Integer> tokensSavedByStrategy, Integer tokensLeftForPromptCache, List<String> removed,
                      Integer targetTokens, List<String> notes, JsonNode request) {
            this(tokensBefore, tokensAfter, ratio, encoding, text, messages, tokensSavedByStrategy, tokensLeftForPromptCache,
                    removed, targetTokens, notes, request, null);
        }

        public Prompt(int tokensBefore, int tokensAfter, double ratio, String encoding, String text, List<JsonNode> messages,
                      Map<String, Integer> tokensSavedByStrategy, Integer tokensLeftForPromptCache, List<String> removed) {
            this(tokensBefore, tokensAfter, ratio, encoding, text, messages, tokensSavedByStrategy, tokensLeftForPromptCache,
                    removed, null, null, null);
        }

        public Prompt(int tokensBefore, int tokensAfter, double ratio, String encoding, String text, List<JsonNode> messages,
                      Map<String, Integer> tokensSavedByStrategy, Integer tokensLeftForPromptCache, List<String> removed,
                      Integer targetTokens, List<String> notes) {
            this(tokensBefore, tokensAfter, ratio, encoding, text, messages, tokensSavedByStrategy, tokensLeftForPromptCache,
                    removed, targetTokens, notes, null);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"requests", "tokens_before", "tokens_after", "usd_saved", "by_strategy"})
    public record Log(long requests, long tokensBefore, long tokensAfter, @JsonInclude(JsonInclude.Include.ALWAYS) Double usdSaved, List<Strategy> byStrategy,
                      long compressedRequests, long tokensLeftForPromptCache, String encoding, String target,
                      long targetTokens, Double targetShare, Double keptShare, List<ReasonRow> byReason,
                      Map<String, Long> keptByPart, List<String> notes) {
    }

    /** One reason a request ended where it did against its target, with its requests and tokens. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ReasonRow(String reason, long requests, long tokensBefore, long tokensAfter, long targetTokens, String description) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Strategy(String strategy, long tokensSaved, @JsonInclude(JsonInclude.Include.ALWAYS) Double usdSaved) {
    }
}
