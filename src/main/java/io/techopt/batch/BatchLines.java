package io.techopt.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.techopt.core.Message;
import io.techopt.core.Redactor;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One request as a line of its provider's batch input (without its id, added on write): OpenAI's
 * {@code {method, url, body}} (also Azure's and Groq's), Anthropic's {@code {params}}, Gemini's and Vertex AI's
 * {@code {request}}, Mistral's {@code {body}}, Bedrock's {@code {modelInput}} (Claude's own body, or Converse). Every
 * message's text goes through the {@link Redactor}.
 */
final class BatchLines {
    /**
     * The request files are the provider's input, not a page a person reads: ids and prompts are data and written as
     * UTF-8 as given, so a custom_id comes back in the results byte for byte as the log wrote it (manifest.json, which
     * people read, uses the reports' escaping instead).
     */
    private static final JsonFactory JSON = new JsonFactory();
    /** Anthropic requires max_tokens; every Claude model accepts 4,096, and a logged answer's length is always safe. */
    static final int ANTHROPIC_MIN_MAX_TOKENS = 4096;

    private BatchLines() {
    }

    /** The line of a request to {@code api}, or null when no message holds text (the APIs reject empty messages). */
    static String of(BatchApi api, String model, long answer, List<Message> messages) throws IOException {
        return switch (api) {
            case OPENAI -> openAi("/v1/chat/completions", model, messages);
            case AZURE -> openAi("/chat/completions", model, messages);
            case GROQ -> openAi("/v1/chat/completions", model, messages);
            case MISTRAL -> mistral(model, messages);
            case ANTHROPIC -> anthropic(model, answer, messages);
            case GEMINI -> gemini(messages);
            case VERTEX -> vertex(messages);
            case BEDROCK -> bedrockClaude(model, answer, messages);
            case BEDROCK_CONVERSE -> bedrockConverse(messages);
        };
    }

    /**
     * The most output tokens a Claude model accepts as max_tokens (Anthropic's model table; the price book carries no
     * output limit). Unknown models get the 4,096 every Claude model accepts.
     */
    static int anthropicMaxOutput(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        int claude = m.indexOf("claude");
        m = claude > 0 ? m.substring(claude) : m; // Bedrock: us.anthropic.claude-…
        if (m.startsWith("claude-3-5") || m.startsWith("claude-3.5")) {
            return 8192;
        }
        if (m.startsWith("claude-3-7") || m.startsWith("claude-sonnet-4") || m.startsWith("claude-haiku-4")
                || m.startsWith("claude-opus-4-5") || m.startsWith("claude-opus-4.5")) {
            return 64_000;
        }
        if (m.startsWith("claude-opus-4")) {
            return 32_000;
        }
        return ANTHROPIC_MIN_MAX_TOKENS;
    }

    /** Writes {@code {fields…}} with the generator, returning the JSON text. */
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String json(Body body) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        }
        return w.toString();
    }

    private static void chatMessages(JsonGenerator g, String model, List<Message> messages) throws IOException {
        g.writeStringField("model", model);
        g.writeArrayFieldStart("messages");
        for (Message m : messages) {
            g.writeStartObject();
            g.writeStringField("role", m.role());
            g.writeStringField("content", Redactor.redact(m.content()));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** OpenAI's batch line (also Azure's and Groq's, which differ in url only). */
    private static String openAi(String url, String model, List<Message> messages) throws IOException {
        return json(g -> {
            g.writeStringField("method", "POST");
            g.writeStringField("url", url);
            g.writeObjectFieldStart("body");
            chatMessages(g, model, messages);
            g.writeEndObject();
        });
    }

    /** Mistral's batch line: the chat completion request as {@code body}. */
    private static String mistral(String model, List<Message> messages) throws IOException {
        return json(g -> {
            g.writeObjectFieldStart("body");
            chatMessages(g, model, messages);
            g.writeEndObject();
        });
    }

    private record Turn(boolean assistant, String text) {}

    /** Redacted system text (system and developer messages joined) and the other turns in order; blank text is dropped (the APIs reject it). */
    private record Conversation(String system, List<Turn> turns) {
        static Conversation of(List<Message> messages) {
            StringBuilder system = new StringBuilder();
            List<Turn> turns = new ArrayList<>();
            for (Message m : messages) {
                String text = Redactor.redact(m.content());
                if (text == null || text.isBlank()) {
                    continue;
                }
                if (m.role().equals("system") || m.role().equals("developer")) {
                    system.append(system.isEmpty() ? "" : "\n\n").append(text);
                } else {
                    turns.add(new Turn(m.role().equals("assistant"), text));
                }
            }
            return new Conversation(system.toString(), turns);
        }
    }

    /** max_tokens for a Claude request: 4,096 or the logged answer's length if longer, capped at the model's maximum. */
    static long claudeMaxTokens(String model, long answer) {
        return Math.min(anthropicMaxOutput(model), Math.max(ANTHROPIC_MIN_MAX_TOKENS, answer));
    }

    /** Anthropic Messages body fields: model (when given), max_tokens, messages, system. */
    private static void claudeFields(JsonGenerator g, String model, long maxTokens, Conversation c, boolean textBlocks)
            throws IOException {
        if (model != null) {
            g.writeStringField("model", model);
        }
        g.writeNumberField("max_tokens", maxTokens);
        g.writeArrayFieldStart("messages");
        for (Turn t : c.turns()) {
            g.writeStartObject();
            g.writeStringField("role", t.assistant() ? "assistant" : "user");
            if (textBlocks) {
                g.writeArrayFieldStart("content");
                g.writeStartObject();
                g.writeStringField("type", "text");
                g.writeStringField("text", t.text());
                g.writeEndObject();
                g.writeEndArray();
            } else {
                g.writeStringField("content", t.text());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        if (!c.system().isEmpty()) {
            g.writeStringField("system", c.system());
        }
    }

    /** System messages become {@code system}; turns keep their order; empty text is dropped (the API rejects it). */
    private static String anthropic(String model, long answer, List<Message> messages) throws IOException {
        Conversation c = Conversation.of(messages);
        if (c.turns().isEmpty()) {
            return null;
        }
        return json(g -> {
            g.writeObjectFieldStart("params");
            claudeFields(g, model, claudeMaxTokens(model, answer), c, false);
            g.writeEndObject();
        });
    }

    /**
     * Bedrock InvokeModel body of a Claude model ({@code anthropic_version: bedrock-2023-05-31}); the model is named
     * when the job is created, so the body carries none.
     */
    private static String bedrockClaude(String model, long answer, List<Message> messages) throws IOException {
        Conversation c = Conversation.of(messages);
        if (c.turns().isEmpty()) {
            return null;
        }
        return json(g -> {
            g.writeObjectFieldStart("modelInput");
            g.writeStringField("anthropic_version", "bedrock-2023-05-31");
            claudeFields(g, null, claudeMaxTokens(model, answer), c, true);
            g.writeEndObject();
        });
    }

    /** Bedrock Converse request body: {@code messages: [{role, content: [{text}]}], system: [{text}]}. */
    private static String bedrockConverse(List<Message> messages) throws IOException {
        Conversation c = Conversation.of(messages);
        if (c.turns().isEmpty()) {
            return null;
        }
        return json(g -> {
            g.writeObjectFieldStart("modelInput");
            textTurns(g, c, "messages", "assistant", "content");
            if (!c.system().isEmpty()) {
                g.writeArrayFieldStart("system");
                g.writeStartObject();
                g.writeStringField("text", c.system());
                g.writeEndObject();
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    /**
     * The turns as the array {@code arrayField} of {@code {role, <partsField>: [{text}]}}, an assistant's turn under
     * {@code assistantRole} (Bedrock Converse and Gemini write turns alike but for these names).
     */
    private static void textTurns(JsonGenerator g, Conversation c, String arrayField, String assistantRole, String partsField)
            throws IOException {
        g.writeArrayFieldStart(arrayField);
        for (Turn t : c.turns()) {
            g.writeStartObject();
            g.writeStringField("role", t.assistant() ? assistantRole : "user");
            g.writeArrayFieldStart(partsField);
            g.writeStartObject();
            g.writeStringField("text", t.text());
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Gemini's {@code GenerateContentRequest}: roles user and model, system text as {@code system_instruction}. */
    private static void generateContent(JsonGenerator g, Conversation c, String systemField) throws IOException {
        g.writeObjectFieldStart("request");
        textTurns(g, c, "contents", "model", "parts");
        if (!c.system().isEmpty()) {
            g.writeObjectFieldStart(systemField);
            g.writeArrayFieldStart("parts");
            g.writeStartObject();
            g.writeStringField("text", c.system());
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** Gemini API batch line (the key is added on write). */
    private static String gemini(List<Message> messages) throws IOException {
        Conversation c = Conversation.of(messages);
        return c.turns().isEmpty() ? null : json(g -> generateContent(g, c, "system_instruction"));
    }

    /** Vertex AI batch prediction line: {@code {request: GenerateContentRequest}} (Vertex spells it systemInstruction). */
    private static String vertex(List<Message> messages) throws IOException {
        Conversation c = Conversation.of(messages);
        return c.turns().isEmpty() ? null : json(g -> generateContent(g, c, "systemInstruction"));
    }
}
