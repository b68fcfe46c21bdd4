package io.techopt.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.core.Message;
import io.techopt.ingest.Messages;
import io.techopt.tokens.TokenCounter;

import io.techopt.embed.Embedder;
import io.techopt.embed.MiniLmEmbedder;

import java.util.ArrayList;
import java.util.IdentityHashMap;
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
        Conversation conv = conversation(content);
        // secrets are masked before anything is counted or chosen: the figures describe the text the report prints
        if (conv != null) {
            conv = new Conversation(conv.root(), LogCompression.redacted(conv.messages()), conv.nodes(), conv.anthropic(), conv.notes());
        } else {
            content = redacted(content);
        }
        if (conv != null) {
            List<Message> messages = conv.messages();
            MessageCompressor mc = new MessageCompressor(counter, encoding, embedder);
            int before = mc.tokens(messages);
            int goal = targetTokens != null ? targetTokens : (int) Math.ceil(before * rate);
            MessageCompressor.Result r = before <= goal ? new MessageCompressor.Result(messages, before, before, Map.of(), 0)
                    : mc.compress(messages, goal, keepTurns, 1024, base);
            List<JsonNode> outNodes = conv.emit(r.messages());
            List<String> notes = new ArrayList<>(conv.notes());
            notes.addAll(r.notes());
            if (conv.request(outNodes) == null) {
                notes.add("request is null: the input was a messages array, not a request object; messages is the compressed conversation");
            }
            if (conv.anthropicSystem() == null) {
                notes.add("system is null: the input has no top-level system prompt (an Anthropic request's); system messages stay in messages");
            }
            return new CompressResult.Prompt(r.tokensBefore(), r.tokensAfter(), ratio(r.tokensAfter(), r.tokensBefore()),
                    encoding.getName(), null, outNodes, r.savedByStrategy(), r.leftForCache(), null, goal, notes,
                    present(conv.request(outNodes)), present(conv.anthropicSystem()));
        }
        Compressor c = new Compressor(counter, encoding);
        int before = c.tokens(content);
        int goal = targetTokens != null ? targetTokens : (int) Math.ceil(before * rate);
        Compressor.Result r = c.compress(content, base.withGoal(goal));
        List<String> notes = new ArrayList<>();
        if (r.text().isBlank() && !content.isEmpty()) {
            notes.add("the prompt holds only whitespace; it is kept unchanged");
        } else if (r.savedByStrategy().getOrDefault("truncate", 0) > 0) {
            notes.add("no whole sentence fits the target of " + goal + " tokens; the leading " + r.tokensAfter()
                    + " tokens were kept, cut at a word boundary where there is one");
        }
        if (!r.text().isBlank() && r.tokensAfter() > goal + Math.max(1, goal * 0.05)) {
            notes.add("kept " + r.tokensAfter() + " tokens, above the target of " + goal + ": what stays is protected "
                    + "(code blocks, <keep>, --protect matches, JSON structure) or is the shortest text that is not empty");
        }
        if (!r.text().isBlank() && r.tokensAfter() < goal * (1 - Compressor.FILL_TOLERANCE)) {
            notes.add(underTarget(c, r, goal));
        }
        notes.add("tokens_left_for_prompt_cache is null: a single prompt has no kept prefix of earlier turns for a provider's "
                + "prompt cache (a conversation has)");
        return new CompressResult.Prompt(r.tokensBefore(), r.tokensAfter(), ratio(r.tokensAfter(), r.tokensBefore()),
                encoding.getName(), r.text(), null, r.savedByStrategy(), null, diff ? r.removed() : null, goal, notes);
    }

    /** A conversation's {@code request} and {@code system} keys are always there, null when the input had none (cli.md). */
    private static JsonNode present(JsonNode n) {
        return n == null ? com.fasterxml.jackson.databind.node.NullNode.instance : n;
    }

    /** Why a result ended more than {@link Compressor#FILL_TOLERANCE} under its target. */
    private static String underTarget(Compressor c, Compressor.Result r, int goal) {
        String head = String.format(java.util.Locale.ROOT, "ended at %d tokens, %d (%.0f%%) under the target of %d: ", r.tokensAfter(),
                goal - r.tokensAfter(), 100.0 * (goal - r.tokensAfter()) / goal, goal);
        if (r.removed().isEmpty()) {
            return head + "cleanup alone (whitespace, comments, LLMLingua markers, JSON minified) brought the prompt under the "
                    + "target; nothing else was removed, and nothing removed could be put back verbatim";
        }
        int shortest = r.removed().stream().mapToInt(s -> c.tokens(s.strip())).min().orElse(0);
        return head + "sentences are kept or dropped whole, and no sentence left out fits the " + (goal - r.tokensAfter())
                + " tokens left (the shortest left out is " + shortest + " tokens)";
    }

    /** The text with its secrets masked; in JSON, each string value (and key) on its own, so JSON stays JSON. */
    static String redacted(String text) {
        if (Compressor.minifiedJson(text) == null) {
            return io.techopt.core.Redactor.redact(text);
        }
        try (com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(text.strip())) {
            java.io.StringWriter w = new java.io.StringWriter();
            try (com.fasterxml.jackson.core.JsonGenerator g = JSON.getFactory().createGenerator(w)) {
                for (com.fasterxml.jackson.core.JsonToken t; (t = p.nextToken()) != null; ) {
                    if (t == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                        g.writeString(io.techopt.core.Redactor.redact(p.getText()));
                    } else if (t == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                        g.writeFieldName(io.techopt.core.Redactor.redact(p.getText()));
                    } else {
                        g.copyCurrentEvent(p);
                    }
                }
            }
            String out = w.toString();
            return out.equals(Compressor.minifiedJson(text)) ? text : out; // nothing masked: the text as it came
        } catch (java.io.IOException e) {
            return io.techopt.core.Redactor.redact(text);
        }
    }

    static double ratio(int after, int before) {
        return before == 0 ? 1 : (double) after / before;
    }

    /**
     * A messages array, or a request object holding one (OpenAI or Anthropic shape); null for anything else (then
     * the content is text). Every message keeps its original JSON node, so kept turns are written back byte-identical.
     */
    static Conversation conversation(String text) {
        String t = text.strip();
        if (!(t.startsWith("[") || t.startsWith("{"))) {
            return null;
        }
        JsonNode j;
        try {
            j = JSON.readTree(t);
        } catch (Exception e) {
            return null;
        }
        JsonNode arr = j.isObject() && j.has("messages") ? j.get("messages") : j;
        if (arr == null || !arr.isArray() || arr.isEmpty() || !arr.get(0).has("role")) {
            return null;
        }
        JsonNode system = j.isObject() ? j.get("system") : null;
        boolean anthropic = system != null && !system.isNull() || j.isObject() && j.has("max_tokens") && !hasSystemRole(arr);
        List<Message> messages = new ArrayList<>();
        List<JsonNode> nodes = new ArrayList<>();
        if (system != null && !system.isNull()) {
            messages.add(new Message("system", Messages.contentText(system))); // counted and kept, written back at the top
            nodes.add(null);
        }
        List<String> leftOut = new ArrayList<>();
        int at = 0;
        for (JsonNode m : arr) {
            at++;
            if (!m.isObject()) {
                continue;
            }
            String role = m.path("role").asText("user");
            Message msg = forCompression(new Message(role, Messages.contentText(m.get("content"))), m);
            if (msg == null) {
                leftOut.add("#" + at + " (" + role + ")");
                continue;
            }
            messages.add(msg);
            nodes.add(m);
        }
        if (messages.isEmpty()) {
            return null;
        }
        List<String> notes = leftOut.isEmpty() ? List.of() : List.of("left out " + leftOut.size() + " message(s) that were "
                + "already empty in the input (" + String.join(", ", leftOut.size() > 10 ? leftOut.subList(0, 10) : leftOut)
                + (leftOut.size() > 10 ? ", …" : "") + "; 1-based positions in messages): " + EMPTY_LEFT_OUT_WHY);
        return new Conversation(j, messages, nodes, anthropic, notes);
    }

    /** Why a message empty in the input is left out, in conversation and log mode alike. */
    static final String EMPTY_LEFT_OUT_WHY = "providers reject messages with empty content, so compress never writes one; "
            + "--keep-turns counts only turns with content";

    /**
     * The message as the compressor takes it, in conversation and log mode alike: null when it is empty (left out);
     * a user message carrying tool results answers the assistant's tool call, so it is a tool message, not a user turn
     * of its own (even with text beside them), and the kept turns never start with a tool_result whose tool_use was
     * summarized away.
     *
     * @param node the message as logged, or null when it is only its role and text
     */
    static Message forCompression(Message m, JsonNode node) {
        if (node == null ? m.content().isBlank() : emptyMessage(node)) {
            return null;
        }
        return node != null && m.role().equals("user") && hasToolResults(node.get("content"))
                ? new Message("tool", m.content(), m.json()) : m;
    }

    /** {@link #forCompression(Message, JsonNode)} of a logged message, whose JSON (if kept) is {@link Message#json()}. */
    static Message forCompression(Message m) {
        if (m.json() == null) {
            return forCompression(m, null);
        }
        try {
            return forCompression(m, JSON.readTree(m.json()));
        } catch (java.io.IOException e) {
            return forCompression(m, null);
        }
    }

    /**
     * A message with nothing in it: blank text, no parts, or only blank text parts, and no tool call. A message whose
     * content is only an image, a tool call or a tool result is not empty.
     */
    static boolean emptyMessage(JsonNode m) {
        if (carriesTool(m)) {
            return false; // its call or result is what it says, whatever its text; dropping it orphans the other half
        }
        JsonNode c = m.get("content");
        if (c == null || c.isNull() || c.isMissingNode()) {
            return !(m.hasNonNull("audio") || m.hasNonNull("refusal"));
        }
        if (c.isTextual()) {
            return c.asText().isBlank();
        }
        if (c.isArray()) {
            for (JsonNode part : c) {
                boolean blankText = part.isTextual() ? part.asText().isBlank()
                        : part.isObject() && part.path("type").asText("text").equals("text") && part.path("text").isTextual()
                        && part.get("text").asText().isBlank() && part.size() <= 2;
                if (!blankText) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * A message that calls a tool or answers a call: OpenAI tool_calls (non-empty), function_call, tool_call_id or a
     * tool / function role; Anthropic tool_use or tool_result parts.
     */
    static boolean carriesTool(JsonNode m) {
        if (m.hasNonNull("function_call") || m.hasNonNull("tool_call_id") || m.path("tool_calls").isArray() && !m.get("tool_calls").isEmpty()
                || Messages.TOOL_ROLES.contains(m.path("role").asText(""))) {
            return true;
        }
        for (JsonNode part : m.path("content")) {
            String type = part.path("type").asText("");
            if (type.equals("tool_use") || type.equals("tool_result")) {
                return true;
            }
        }
        return false;
    }

    /** Every message of the messages array (bare or in a request) is empty, and there is no system prompt beside it. */
    public static boolean holdsOnlyEmptyMessages(String text) {
        JsonNode arr = messagesWithoutSystem(text);
        if (arr == null || arr.isEmpty() || !arr.get(0).has("role")) {
            return false;
        }
        for (JsonNode m : arr) {
            if (!m.isObject() || !emptyMessage(m)) {
                return false;
            }
        }
        return true;
    }

    /** An empty messages array, bare or as a request's {@code messages} (with no system prompt beside it). */
    public static boolean holdsNoMessages(String text) {
        JsonNode arr = messagesWithoutSystem(text);
        return arr != null && arr.isEmpty();
    }

    /** The messages array of a bare array or a request, or null when the text is not one or a system prompt stands beside it. */
    private static JsonNode messagesWithoutSystem(String text) {
        String t = text.strip();
        if (!(t.startsWith("[") || t.startsWith("{"))) {
            return null;
        }
        try {
            JsonNode j = JSON.readTree(t);
            JsonNode arr = j.isObject() ? j.get("messages") : j;
            JsonNode system = j.isObject() ? j.get("system") : null;
            return arr != null && arr.isArray() && (system == null || system.isNull()) ? arr : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Kept as a test hook and for callers that only need the flattened text. */
    static List<Message> messages(String text) {
        Conversation c = conversation(text);
        return c == null ? null : c.messages();
    }

    private static boolean hasSystemRole(JsonNode arr) {
        for (JsonNode m : arr) {
            if (m.path("role").asText("").equals("system")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasToolResults(JsonNode content) {
        if (content == null || !content.isArray()) {
            return false;
        }
        for (JsonNode part : content) {
            if (part.path("type").asText("").equals("tool_result")) {
                return true;
            }
        }
        return false;
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The parsed request: the flattened messages the compressor reads, and the JSON node each came from. */
    record Conversation(JsonNode root, List<Message> messages, List<JsonNode> nodes, boolean anthropic, List<String> notes) {
        /**
         * The compressed messages as JSON: every kept message is its original node, untouched; the summary of older
         * turns is the only new node. Anthropic takes no system role inside messages, so there the summary is a user
         * turn of one text block, placed before the first kept user turn (the API joins consecutive user turns).
         */
        List<JsonNode> emit(List<Message> out) {
            Map<Message, Integer> index = new IdentityHashMap<>();
            for (int i = 0; i < messages.size(); i++) {
                index.put(messages.get(i), i);
            }
            List<JsonNode> result = new ArrayList<>();
            for (Message m : out) {
                Integer i = index.get(m);
                if (i != null) {
                    if (nodes.get(i) != null) {
                        result.add(nodes.get(i));
                    }
                } else if (anthropic) {
                    ObjectNode n = JSON.createObjectNode().put("role", "user");
                    n.putArray("content").addObject().put("type", "text").put("text", m.content());
                    result.add(n);
                } else {
                    result.add(JSON.createObjectNode().put("role", m.role()).put("content", m.content()));
                }
            }
            return result;
        }

        /** An Anthropic request's top-level system prompt, unchanged (string or blocks); null when it has none. */
        JsonNode anthropicSystem() {
            JsonNode s = root.isObject() ? root.get("system") : null;
            return anthropic && s != null && !s.isNull() ? s : null;
        }

        /** The whole request with its messages compressed and every other top-level field as it was; null for a bare array. */
        JsonNode request(List<JsonNode> out) {
            if (!root.isObject()) {
                return null;
            }
            ObjectNode r = JSON.createObjectNode();
            root.fields().forEachRemaining(e -> {
                if (e.getKey().equals("messages")) {
                    ArrayNode a = r.putArray("messages");
                    out.forEach(a::add);
                } else {
                    r.set(e.getKey(), e.getValue());
                }
            });
            return r;
        }
    }
}
