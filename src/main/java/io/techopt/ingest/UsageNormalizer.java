package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.core.Usage;

import java.util.Iterator;
import java.util.Map;

/**
 * Turns any provider's usage object into canonical {@link Usage} so that no token is counted twice.
 * OpenAI-shaped counts ({@code prompt_tokens}, Responses API {@code input_tokens} with details, OTel GenAI,
 * Gemini) include cached tokens and are split; Anthropic-shaped counts (Anthropic, Bedrock Converse) already
 * exclude them. Reasoning is always part of output.
 */
public final class UsageNormalizer {
    private UsageNormalizer() {
    }

    /**
     * Normalizes a usage object, or an object that wraps one ({@code usage}, {@code usageMetadata}, {@code meta},
     * {@code stream_events}). Returns null when it carries no token counts.
     */
    public static Usage normalize(JsonNode node) throws BadInputException {
        if (node == null || !node.isObject()) {
            return null;
        }
        if (node.has("stream_events")) {
            return normalize(mergeStreamEvents(node.get("stream_events")));
        }
        if (node.has("usageMetadata")) {
            return gemini(node.get("usageMetadata"));
        }
        if (node.has("promptTokenCount") || node.has("candidatesTokenCount")) {
            return gemini(node);
        }
        if (node.has("meta") && node.get("meta").has("billed_units")) {
            return cohere(node.get("meta"));
        }
        if (node.has("billed_units")) {
            return cohere(node);
        }
        if (node.has("usage") && node.get("usage").isObject()) {
            return normalize(node.get("usage"));
        }
        if (node.has("gen_ai.usage.input_tokens") || node.has("gen_ai.usage.output_tokens")
                || node.has("gen_ai.usage.prompt_tokens")) {
            return otel(node);
        }
        if (node.has("prompt_tokens") || node.has("completion_tokens")) {
            return openAiChat(node);
        }
        if ((node.has("promptTokens") || node.has("completionTokens")) && !node.has("inputTokens")) {
            // Langfuse's ingestion schema takes OpenAI's usage in camelCase (IngestionUsage = Usage | OpenAiUsage)
            return new Usage(num(node, "promptTokens"), 0, 0, 0, num(node, "completionTokens"), 0);
        }
        if (node.has("input_tokens_details") || node.has("output_tokens_details")) {
            return openAiResponses(node);
        }
        if (node.has("input_tokens") || node.has("output_tokens")) {
            return anthropic(node);
        }
        if (node.has("inputTokens") || node.has("outputTokens")) {
            return bedrock(node);
        }
        if (node.has("input") && (node.has("output") || node.has("total")) && node.get("input").isNumber()) {
            return langfuse(node);
        }
        if (node.has("prompt_eval_count") || node.has("eval_count")) {
            return new Usage(num(node, "prompt_eval_count"), 0, 0, 0, num(node, "eval_count"), 0);
        }
        if (node.has("prompt_token_count") || node.has("generation_token_count")) {
            return new Usage(num(node, "prompt_token_count"), 0, 0, 0, num(node, "generation_token_count"), 0);
        }
        if (node.has("total_tokens") && node.get("total_tokens").isNumber()) {
            return new Usage(num(node, "total_tokens"), 0, 0, 0, 0, 0); // embeddings report only a total
        }
        if (node.has("inputTextTokenCount")) {
            long out = 0;
            for (JsonNode r : node.path("results")) {
                out += num(r, "tokenCount");
                if (out > MAX_TOKENS) {
                    throw new BadInputException("token count 'tokenCount'" + ABOVE);
                }
            }
            return new Usage(num(node, "inputTextTokenCount"), 0, 0, 0, out, 0);
        }
        return null;
    }

    /** Later events overwrite earlier fields: Anthropic's message_delta carries the final output count. */
    static JsonNode mergeStreamEvents(JsonNode events) {
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        for (JsonNode e : events) {
            JsonNode u = e.has("usage") && e.get("usage").isObject() ? e.get("usage")
                    : e.has("usageMetadata") ? e : e;
            if (u.has("usageMetadata")) {
                overlay(merged.withObjectProperty("usageMetadata"), u.get("usageMetadata"));
            } else {
                overlay(merged, u);
            }
        }
        return merged;
    }

    private static void overlay(ObjectNode into, JsonNode from) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isNull()) {
                into.set(f.getKey(), f.getValue());
            }
        }
    }

    private static Usage openAiChat(JsonNode u) throws BadInputException {
        long prompt = num(u, "prompt_tokens");
        long completion = num(u, "completion_tokens");
        JsonNode details = u.has("prompt_tokens_details") ? u.get("prompt_tokens_details") : u.get("prompt_token_details");
        long cached = Math.max(num(details, "cached_tokens"), num(u, "cache_read_input_tokens"));
        cached = Math.max(cached, num(u, "prompt_cache_hit_tokens")); // DeepSeek
        long creation = num(u, "cache_creation_input_tokens");
        JsonNode out = u.has("completion_tokens_details") ? u.get("completion_tokens_details") : u.get("completion_token_details");
        long reasoning = num(out, "reasoning_tokens");
        partOfPrompt(cached + creation, prompt, "cached and cache-write tokens", "prompt_tokens");
        return new Usage(prompt - cached - creation, cached, creation, 0, completion, reasoning);
    }

    private static Usage openAiResponses(JsonNode u) throws BadInputException {
        long in = num(u, "input_tokens");
        long cached = partOfPrompt(num(u.get("input_tokens_details"), "cached_tokens"), in, "cached tokens", "input_tokens");
        return new Usage(in - cached, cached, 0, 0, num(u, "output_tokens"),
                num(u.get("output_tokens_details"), "reasoning_tokens"));
    }

    private static Usage anthropic(JsonNode u) throws BadInputException {
        long write = num(u, "cache_creation_input_tokens");
        long write1h = num(u, "cache_creation_1h_input_tokens");
        JsonNode split = u.get("cache_creation");
        if (split != null && split.isObject() && !u.has("cache_creation_1h_input_tokens")) {
            // Anthropic's total includes both TTLs; canonical keeps the 1-hour part apart.
            write1h = num(split, "ephemeral_1h_input_tokens");
            write = Math.max(0, (u.has("cache_creation_input_tokens") ? write
                    : num(split, "ephemeral_5m_input_tokens") + write1h) - write1h);
        }
        return new Usage(num(u, "input_tokens"), num(u, "cache_read_input_tokens"), write, write1h,
                num(u, "output_tokens"), num(u, "reasoning_tokens"));
    }

    private static Usage bedrock(JsonNode u) throws BadInputException {
        long read = Math.max(num(u, "cacheReadInputTokens"), num(u, "cacheReadInputTokenCount"));
        long write = Math.max(num(u, "cacheWriteInputTokens"), num(u, "cacheWriteInputTokenCount"));
        return new Usage(num(u, "inputTokens"), read, write, 0, num(u, "outputTokens"), 0);
    }

    private static Usage gemini(JsonNode m) throws BadInputException {
        long prompt = num(m, "promptTokenCount") + num(m, "toolUsePromptTokenCount");
        long cached = partOfPrompt(num(m, "cachedContentTokenCount"), prompt, "cached tokens (cachedContentTokenCount)",
                "promptTokenCount");
        long thoughts = num(m, "thoughtsTokenCount");
        return new Usage(prompt - cached, cached, 0, 0, num(m, "candidatesTokenCount") + thoughts, thoughts);
    }

    private static Usage cohere(JsonNode meta) throws BadInputException {
        JsonNode billed = meta.get("billed_units");
        if (!billed.has("input_tokens") && !billed.has("output_tokens")) {
            return null; // search units (rerank) are not tokens
        }
        return new Usage(num(billed, "input_tokens"), 0, 0, 0, num(billed, "output_tokens"), 0);
    }

    private static Usage otel(JsonNode a) throws BadInputException {
        long in = a.has("gen_ai.usage.input_tokens") ? num(a, "gen_ai.usage.input_tokens") : num(a, "gen_ai.usage.prompt_tokens");
        long out = a.has("gen_ai.usage.output_tokens") ? num(a, "gen_ai.usage.output_tokens") : num(a, "gen_ai.usage.completion_tokens");
        long read = num(a, "gen_ai.usage.cache_read.input_tokens");
        long write = num(a, "gen_ai.usage.cache_creation.input_tokens");
        partOfPrompt(read + write, in, "cached and cache-write tokens", "input tokens");
        return new Usage(in - read - write, read, write, 0, out, num(a, "gen_ai.usage.reasoning.output_tokens"));
    }

    /**
     * Langfuse prices each usage key separately, so its {@code input} excludes cached tokens; LiteLLM's Langfuse
     * logger sends {@code input = prompt_tokens} (cached included). {@code total} tells the two apart.
     */
    private static Usage langfuse(JsonNode u) throws BadInputException {
        long in = num(u, "input");
        long out = num(u, "output");
        long read = Math.max(Math.max(num(u, "cache_read_input_tokens"), num(u, "input_cached_tokens")),
                num(u, "input_cache_read"));
        long write = Math.max(num(u, "cache_creation_input_tokens"), num(u, "input_cache_creation"));
        long reasoning = Math.max(num(u, "output_reasoning_tokens"), num(u, "output_reasoning"));
        long total = num(u, "total");
        boolean inputIncludesCache = u.has("total") && total == in + out && read + write > 0;
        // Langfuse's own SDK subtracts output_reasoning from output (each key is priced apart): total says so.
        boolean outputExcludesReasoning = u.has("total") && reasoning > 0
                && (total == in + out + reasoning || total == in + read + write + out + reasoning);
        if (outputExcludesReasoning) {
            if (total == in + out + reasoning && read + write > 0) {
                in = Math.max(0, in - read - write);
            }
            out += reasoning;
        } else if (inputIncludesCache) {
            in = Math.max(0, in - read - write);
        }
        return new Usage(in, read, write, 0, out, reasoning);
    }

    /**
     * Where a provider counts cached tokens inside the prompt, more cached than prompt tokens is a damaged record:
     * clipping would pick one of two contradicting figures silently.
     */
    private static long partOfPrompt(long part, long prompt, String partName, String promptName) throws BadInputException {
        if (part > prompt) {
            throw new BadInputException(partName + " (" + part + ") exceed the prompt tokens " + promptName + " (" + prompt
                    + "), which include them: the record contradicts itself");
        }
        return part;
    }

    /** Numeric text a count may be written as: digits, optionally with an all-zero fraction ("12", "12.0"). */
    private static final java.util.regex.Pattern COUNT_TEXT = java.util.regex.Pattern.compile("[0-9]+(?:\\.0+)?");

    /**
     * A count written as text, the one rule of every format (JSON string, CSV cell, OTLP intValue): decimal digits,
     * optionally with an all-zero fraction; a sign, exponent, other fraction or anything else makes the record bad.
     */
    static long countText(String t, String what) throws BadInputException {
        return countText(t, what, MAX_TOKENS);
    }

    /** {@link #countText(String, String)} with a ceiling other than {@link #MAX_TOKENS} (a CSV row may stand for many requests). */
    static long countText(String t, String what, long max) throws BadInputException {
        if (t.length() > 40 || !COUNT_TEXT.matcher(t).matches()) {
            throw new BadInputException(what + " is not a whole number written as digits (like \"12\")");
        }
        java.math.BigDecimal d = new java.math.BigDecimal(t);
        if (d.compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
            throw new BadInputException(what + (max == MAX_TOKENS ? ABOVE : " is above " + max));
        }
        return d.longValueExact();
    }

    /**
     * 10^9: a request reporting this many tokens (or dollars) or more is a damaged or hostile record, not usage. The one
     * ceiling of every format; {@link #ABSURD_TEXT} names it in every reason.
     */
    public static final long ABSURD = 1_000_000_000L;
    /** How a reason names {@link #ABSURD}. */
    public static final String ABSURD_TEXT = "10^9";
    /** The most tokens one request may report. */
    public static final long MAX_TOKENS = ABSURD - 1;
    /** The reason's tail for a count at or above the ceiling. */
    static final String ABOVE = " is " + ABSURD_TEXT + " or more per request (the ceiling)";

    /**
     * A token count: absent or null is 0; anything else must be a whole number from 0 to {@link #MAX_TOKENS}, as a JSON number or
     * numeric text. Otherwise the record is bad: silently reading 0 or a wrapped long would change what it costs.
     */
    static long num(JsonNode n, String field) throws BadInputException {
        if (n == null || !n.isObject()) {
            return 0;
        }
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        java.math.BigDecimal d;
        if (v.isNumber()) {
            if (v.isDouble() || v.isFloat()) {
                double x = v.asDouble();
                if (!Double.isFinite(x)) {
                    throw new BadInputException("token count '" + field + "' is not a finite number");
                }
            }
            d = v.decimalValue();
        } else if (v.isTextual()) {
            String t = v.asText();
            if (t.isBlank()) {
                return 0;
            }
            // unstripped: " 12" is not digits (the one rule of every format)
            return countText(t, "token count '" + field + "'");
        } else {
            throw new BadInputException("token count '" + field + "' must be a number");
        }
        if (d.signum() < 0) {
            throw new BadInputException("token count '" + field + "' is negative");
        }
        if (d.compareTo(java.math.BigDecimal.valueOf(MAX_TOKENS)) > 0) {
            throw new BadInputException("token count '" + field + "'" + ABOVE);
        }
        if (d.stripTrailingZeros().scale() > 0) {
            throw new BadInputException("token count '" + field + "' is not a whole number");
        }
        return d.longValueExact();
    }
}
