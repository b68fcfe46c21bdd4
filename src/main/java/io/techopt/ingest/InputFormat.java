package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/** The log formats techopt reads; detected per file from its first record, or forced with --input-format. */
public enum InputFormat {
    CANONICAL("canonical"), OPENAI("openai"), LITELLM("litellm"), LANGFUSE("langfuse"), OTEL("otel"), CSV("csv"),
    ANTHROPIC_BATCH("anthropic-batch"), CASSETTE("cassette");

    public final String id;

    InputFormat(String id) {
        this.id = id;
    }

    public static InputFormat fromId(String s) {
        for (InputFormat f : values()) {
            if (f.id.equalsIgnoreCase(s) || f.name().equalsIgnoreCase(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown input format '" + s + "' (expected one of: "
                + String.join(", ", java.util.Arrays.stream(values()).map(f -> f.id).toList()) + ")");
    }

    private static final java.util.Set<String> LANGFUSE_OBSERVATIONS = java.util.Set.of("SPAN", "EVENT", "GENERATION",
            "AGENT", "TOOL", "CHAIN", "RETRIEVER", "EVALUATOR", "EMBEDDING", "GUARDRAIL");

    /** Detects the format of a JSON record (the first of a file). */
    public static InputFormat detect(JsonNode n) {
        if (n.isArray()) {
            return n.isEmpty() ? CANONICAL : detect(n.get(0));
        }
        if (n.has("batch") && n.get("batch").isArray()) {
            return LANGFUSE;
        }
        if (n.has("resourceSpans") || n.has("scopeSpans")) {
            return OTEL;
        }
        if (n.has("custom_id") && n.has("response")) {
            return OPENAI;
        }
        if (n.has("custom_id") && n.path("result").has("type")) {
            return ANTHROPIC_BATCH;
        }
        if (n.has("cassette") && n.has("interaction") && n.has("host") && n.has("usage")) {
            return CASSETTE; // a recorded HTTP interaction (its "status" is the HTTP status, not canonical's ok/error)
        }
        String object = n.path("object").asText("");
        if (object.equals("chat.completion") || object.equals("response") || object.equals("text_completion")
                || (n.has("choices") && n.has("usage") && !n.has("timestamp"))) {
            return OPENAI;
        }
        if (n.has("type") && n.path("type").asText("").toUpperCase(Locale.ROOT).equals("GENERATION")
                && (n.has("usageDetails") || n.has("usage_details") || n.has("usage"))) {
            return LANGFUSE;
        }
        if (n.has("timestamp") && n.has("model") && n.has("usage")) {
            return CANONICAL;
        }
        if (n.has("traceId") && n.has("startTime") && LANGFUSE_OBSERVATIONS.contains(n.path("type").asText(""))) {
            return LANGFUSE; // an exported observation that is not a generation (a trace's first span, say)
        }
        if (n.has("startTime") || n.has("call_type") || n.has("response_cost") || n.has("spend")) {
            return LITELLM;
        }
        return CANONICAL;
    }
}
