package io.techopt.core;

/**
 * One prompt message, its content flattened to text (text parts joined by newlines). {@code json} is the message as
 * logged (minified JSON) when the text loses something of it (tool calls, a tool_call_id, tool_use or tool_result
 * parts, images); null for a message that is its role and text.
 */
public record Message(String role, String content, String json) {
    public Message(String role, String content) {
        this(role, content, null);
    }

    /** The same message with other text (secrets masked, say) and the given JSON. */
    public Message with(String content, String json) {
        return new Message(role, content, json);
    }
}
