package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.core.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Message helpers shared by the tree-based readers. */
public final class Messages {
    private Messages() {
    }

    /** Roles of tool results, which only make sense beside the tool call a text-only message cannot keep. */
    public static final Set<String> TOOL_ROLES = Set.of("tool", "function", "ipython");
    /** Message fields beside role and content that a text-only message cannot keep. */
    public static final Set<String> TOOL_FIELDS = Set.of("tool_calls", "function_call", "tool_call_id");

    /** True when a messages value carries tool calls, tool results or non-text parts (images, audio …). */
    public static boolean hasNonText(JsonNode node) {
        if (node == null || !(node.isArray() || node.isObject() && node.has("messages"))) {
            return false;
        }
        for (JsonNode m : node.isArray() ? node : node.get("messages")) {
            if (m.isObject() && losesSomethingAsText(m)) {
                return true;
            }
        }
        return false;
    }

    /** A message object whose role and flattened text lose something: a tool role, tool call fields, non-text parts. */
    public static boolean losesSomethingAsText(JsonNode m) {
        if (TOOL_ROLES.contains(m.path("role").asText(""))) {
            return true;
        }
        for (String f : TOOL_FIELDS) {
            if (m.hasNonNull(f)) {
                return true;
            }
        }
        for (JsonNode part : m.path("content")) {
            if (part.isObject() && part.has("type") && !"text".equals(part.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The message as its text, with its JSON kept when the text loses something of it (see {@link Message#json()}). */
    public static Message of(String role, JsonNode m) {
        return new Message(role, contentText(m.get("content")), losesSomethingAsText(m) ? m.toString() : null);
    }

    /** A {@code messages} array, or a bare prompt string as one user message; null if neither. */
    public static List<Message> fromNode(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return List.of(new Message("user", node.asText()));
        }
        if (node.isObject() && node.has("messages")) {
            return fromNode(node.get("messages"));
        }
        if (!node.isArray()) {
            return null;
        }
        List<Message> out = new ArrayList<>();
        for (JsonNode m : node) {
            if (m.isObject()) {
                out.add(of(m.path("role").asText("user"), m));
            } else if (m.isTextual()) {
                out.add(new Message("user", m.asText()));
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** Text of a content value: a string, an array of parts, or a message object. */
    public static String contentText(JsonNode c) {
        if (c == null || c.isNull() || c.isMissingNode()) {
            return "";
        }
        if (c.isTextual()) {
            return c.asText();
        }
        if (c.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : c) {
                String t = part.isTextual() ? part.asText() : part.path("text").isTextual() ? part.get("text").asText() : null;
                if (t != null) {
                    if (sb.length() > 0) {
                        sb.append('\n');
                    }
                    sb.append(t);
                }
            }
            return sb.toString();
        }
        if (c.isObject()) {
            if (c.has("content")) {
                return contentText(c.get("content"));
            }
            if (c.has("text")) {
                return contentText(c.get("text"));
            }
        }
        return c.toString();
    }
}
