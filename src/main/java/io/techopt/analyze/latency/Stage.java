package io.techopt.analyze.latency;

import io.techopt.ingest.Span;

import java.util.Locale;

/**
 * What a span's time is spent on. {@link #UNTRACED} is wall time of a trace during which no span is active (between
 * roots, or a root's gap), so the stages of a trace always add up to its wall time.
 */
public enum Stage {
    LLM("llm", "LLM calls"), TOOL("tool", "tools"), RETRIEVAL("retrieval", "retrieval"), OTHER("other", "other spans"),
    UNTRACED("untraced", "no span active");

    public final String key;
    public final String label;

    Stage(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /**
     * The stage of a span, first rule that matches (OpenTelemetry GenAI semantic conventions, then Langfuse observation
     * types, then attributes, then the span name):
     * gen_ai.operation.name chat, text_completion, generate_content (and LiteLLM's call types acompletion, …): LLM;
     * embeddings: retrieval (a RAG pipeline's
     * query embedding; its cost counts as retrieval's); execute_tool: tool; invoke_agent, create_agent: other (an
     * agent span encloses its calls). Langfuse GENERATION: LLM; TOOL: tool; RETRIEVER, EMBEDDING: retrieval.
     * A span with gen_ai usage tokens (a priced request): LLM, unless its name or model names an embedding call
     * ("…embed…"): retrieval. gen_ai.tool.name: tool. db.system(.name): retrieval.
     * Names: "chat …", "text_completion …", "generate_content …", LiteLLM's "litellm_request" and its provider call
     * "raw_gen_ai_request": LLM; "execute_tool …", "tool…", "…tool_call…":
     * tool; "…retriev…", "…vector…", "…embed…", "…rerank…", "…search…": retrieval. Then gen_ai.provider.name or
     * gen_ai.system set (a GenAI call that records no usage): LLM. Everything else: other.
     */
    public static Stage of(Span s) {
        String op = s.operation() == null ? "" : s.operation().toLowerCase(Locale.ROOT);
        switch (op) {
            // LiteLLM writes its call_type: acompletion, atext_completion, aresponses, aembedding
            case "chat", "text_completion", "generate_content", "completion", "acompletion", "atext_completion",
                 "responses", "aresponses" -> {
                return LLM;
            }
            case "embeddings", "embedding", "aembedding", "retrieval", "retrieve" -> {
                return RETRIEVAL;
            }
            case "execute_tool" -> {
                return TOOL;
            }
            case "invoke_agent", "create_agent" -> {
                return OTHER;
            }
            default -> {
            }
        }
        String type = s.type() == null ? "" : s.type();
        switch (type) {
            case "GENERATION" -> {
                return LLM;
            }
            case "TOOL" -> {
                return TOOL;
            }
            case "RETRIEVER", "EMBEDDING" -> {
                return RETRIEVAL;
            }
            default -> {
            }
        }
        if (s.call() != null) {
            // an embedding call that carries usage (OpenLLMetry's "openai.embeddings", no operation name) is still
            // retrieval, its cost retrieval's: by its name or its model's
            return embedding(s.name()) || embedding(s.call().model) ? RETRIEVAL : LLM;
        }
        if (s.toolName() != null) {
            return TOOL;
        }
        if (s.dbSystem() != null) {
            return RETRIEVAL;
        }
        String name = s.name() == null ? "" : s.name().toLowerCase(Locale.ROOT);
        if (name.startsWith("chat ") || name.startsWith("text_completion ") || name.startsWith("generate_content ")
                || name.equals("litellm_request") || name.equals("raw_gen_ai_request")) {
            return LLM;
        }
        if (name.startsWith("execute_tool") || name.startsWith("tool") || name.contains("tool_call")) {
            return TOOL;
        }
        if (name.contains("retriev") || name.contains("vector") || name.contains("embed") || name.contains("rerank")
                || name.contains("search")) {
            return RETRIEVAL;
        }
        if (s.genAiSystem() != null) {
            return LLM; // a GenAI call that records no usage (and no operation name, nor a tool's or retrieval's name)
        }
        return OTHER;
    }

    private static boolean embedding(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains("embed");
    }
}
