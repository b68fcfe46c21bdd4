package io.techopt.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.embed.Embedder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 (review of the rewritten compressor): kept turns were flattened to {role, content} strings, losing image
 * parts, tool_calls, tool_call_id and name; an Anthropic request lost its top-level system, model and max_tokens and
 * got a role "system" inside its messages.
 */
class ConversationShapeTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Compressor.Options BASE = new Compressor.Options(0, null, List.of(), true, true, false);

    static final String OPENAI_RICH = "[{\"role\": \"system\", \"content\": \"You are a helpful travel assistant. Be concise.\"}, "
            + "{\"role\": \"user\", \"content\": \"I booked a flight to Lisbon. The booking reference is XK42P. It departs Boston at 21:05. "
            + "It arrives at 08:20 local time. The seat is 14C. I also like window seats but this one is an aisle.\"}, "
            + "{\"role\": \"assistant\", \"content\": \"Great, noted. Your flight XK42P departs at 21:05 and you have seat 14C. Do you need "
            + "a hotel? Lisbon has many options near the center.\"}, {\"role\": \"user\", \"content\": \"Yes, I need a hotel near Alfama "
            + "for three nights. My budget is 150 euros per night. I prefer quiet places with breakfast.\"}, {\"role\": \"assistant\", "
            + "\"content\": \"Hotel Memmo Alfama fits: about 140 euros, breakfast included, quiet rooftop. Another is Solar do Castelo for "
            + "160 euros.\"}, {\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"What is in this photo of the hotel?\"}, "
            + "{\"type\": \"image_url\", \"image_url\": {\"url\": \"https://example.com/hotel.png\"}}]}, {\"role\": \"assistant\", "
            + "\"content\": null, \"tool_calls\": [{\"id\": \"call_9\", \"type\": \"function\", \"function\": {\"name\": \"lookup\", "
            + "\"arguments\": \"{\\\"q\\\":\\\"hotel\\\"}\"}}]}, {\"role\": \"tool\", \"tool_call_id\": \"call_9\", \"content\": "
            + "\"Memmo Alfama rooftop\"}, {\"role\": \"assistant\", \"content\": \"It shows the rooftop of Memmo Alfama.\"}, "
            + "{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"When does my flight land?\"}], \"name\": \"bob\"}]";

    static final String ANTHROPIC = "{\"model\": \"claude-sonnet-4-20250514\", \"max_tokens\": 1024, \"system\": [{\"type\": \"text\", "
            + "\"text\": \"You are a helpful travel assistant. Be concise.\", \"cache_control\": {\"type\": \"ephemeral\"}}], "
            + "\"messages\": [{\"role\": \"user\", \"content\": \"I booked a flight to Lisbon. The booking reference is XK42P. It departs "
            + "Boston at 21:05. It arrives at 08:20 local time. The seat is 14C. I also like window seats but this one is an aisle.\"}, "
            + "{\"role\": \"assistant\", \"content\": [{\"type\": \"text\", \"text\": \"Let me check.\"}, {\"type\": \"tool_use\", \"id\": "
            + "\"toolu_1\", \"name\": \"get_flight\", \"input\": {\"ref\": \"XK42P\"}}]}, {\"role\": \"user\", \"content\": [{\"type\": "
            + "\"tool_result\", \"tool_use_id\": \"toolu_1\", \"content\": \"on time, arrives 08:20\"}]}, {\"role\": \"assistant\", "
            + "\"content\": \"On time.\"}, {\"role\": \"user\", \"content\": \"Yes, I need a hotel near Alfama for three nights. My budget "
            + "is 150 euros per night. I prefer quiet places with breakfast.\"}, {\"role\": \"assistant\", \"content\": \"Hotel Memmo "
            + "Alfama fits: about 140 euros, breakfast included, quiet rooftop. Another is Solar do Castelo for 160 euros.\"}, "
            + "{\"role\": \"user\", \"content\": \"Thanks. I also want a restaurant recommendation for fado music on the first evening.\"}, "
            + "{\"role\": \"assistant\", \"content\": \"Try Clube de Fado in Alfama; reserve ahead. Shows start around 21:30.\"}, "
            + "{\"role\": \"user\", \"content\": \"When does my flight land?\"}]}";

    static CompressResult.Prompt run(String content, double rate, int keepTurns) {
        return PromptCompression.run(content, BASE, null, rate, keepTurns, EncodingType.O200K_BASE, false,
                MessageCompressor.lazy(() -> Embedder.named("hash")));
    }

    @Test
    void keptTurnsOfAnOpenAiConversationStayByteIdenticalWithPartsToolCallsAndNames() throws Exception {
        JsonNode in = JSON.readTree(OPENAI_RICH);
        CompressResult.Prompt r = run(OPENAI_RICH, 0.5, 2);
        assertTrue(r.tokensAfter() < r.tokensBefore(), "older turns were summarized");
        List<JsonNode> out = r.messages();
        assertEquals(in.get(0), out.get(0), "the system message is untouched");
        // the last 2 user turns (index 5 on) come back exactly as they came in
        int kept = in.size() - 5;
        for (int i = 0; i < kept; i++) {
            assertEquals(in.get(5 + i), out.get(out.size() - kept + i), "kept message " + (5 + i) + " is the input node");
        }
        assertEquals(2 + kept, out.size(), "system, one summary, the kept turns");
        assertEquals("system", out.get(1).path("role").asText());
        assertFalse(out.get(1).path("content").asText().isBlank());
    }

    @Test
    void anAnthropicRequestKeepsItsTopLevelFieldsAndGetsNoSystemRoleInsideMessages() throws Exception {
        JsonNode in = JSON.readTree(ANTHROPIC);
        CompressResult.Prompt r = run(ANTHROPIC, 0.5, 2);
        JsonNode req = r.request();
        assertNotNull(req, "an object request is given back whole");
        assertEquals(in.get("model"), req.get("model"));
        assertEquals(in.get("max_tokens"), req.get("max_tokens"));
        assertEquals(in.get("system"), req.get("system"), "top-level system is byte-identical");
        assertTrue(r.tokensAfter() < r.tokensBefore(), "older turns were summarized");
        JsonNode msgs = req.get("messages");
        for (JsonNode m : msgs) {
            assertFalse(m.path("role").asText().equals("system"), "no system role inside Anthropic messages: " + m);
        }
        // the summary is a leading user turn of one text block; the kept turns are the last 4 input nodes, untouched
        assertEquals("user", msgs.get(0).path("role").asText());
        assertEquals("text", msgs.get(0).path("content").get(0).path("type").asText());
        JsonNode inMsgs = in.get("messages");
        for (int i = 1; i <= 3; i++) {
            assertEquals(inMsgs.get(inMsgs.size() - i), msgs.get(msgs.size() - i));
        }
        assertEquals(4, msgs.size());
        // no tool_result survives without its tool_use
        assertFalse(msgs.toString().contains("tool_result"), msgs.toString());
    }

    /**
     * Adversarial review: the report's bare messages key of an Anthropic request showed a conversation without its
     * system prompt (only request had it). The report now gives the top-level system beside messages, as the
     * Messages API takes it, and the text report lists it first.
     */
    @Test
    void anAnthropicRequestsSystemPromptStandsBesideItsMessagesInTheReport(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        JsonNode in = JSON.readTree(ANTHROPIC);
        java.nio.file.Path f = io.techopt.TestSupport.write(tmp, "anthropic.json", ANTHROPIC);
        io.techopt.TestSupport.Run run = io.techopt.TestSupport.cli("compress", "-q", "-f", "json", "--embedder", "hash", "--rate", "0.5",
                f.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode out = run.json();
        assertEquals(in.get("system"), out.get("system"), "the system prompt is in the report, unchanged: " + out);
        assertEquals(out.get("request").get("system"), out.get("system"));
        assertEquals(out.get("request").get("messages"), out.get("messages"), "messages is the provider's shape, as in request");
        for (JsonNode m : out.get("messages")) {
            assertFalse(m.path("role").asText().equals("system"), "Anthropic takes no system role inside messages: " + m);
        }
        io.techopt.TestSupport.Run table = io.techopt.TestSupport.cli("compress", "-q", "-f", "table", "--embedder", "hash", "--rate", "0.5",
                f.toString());
        assertEquals(0, table.code(), table.err());
        String text = table.out();
        int sys = text.indexOf("system: You are a helpful travel assistant. Be concise.");
        assertTrue(sys >= 0 && sys < text.indexOf("user: "), "the text report shows the system prompt first:\n" + text);
        // an OpenAI conversation keeps its system messages inside messages; its system key is null (every key is present)
        JsonNode openai = io.techopt.TestSupport.cli("compress", "-q", "-f", "json", "--embedder", "hash", "--rate", "0.5",
                io.techopt.TestSupport.write(tmp, "openai.json", OPENAI_RICH).toString()).json();
        assertTrue(openai.has("system") && openai.get("system").isNull(), openai.toString());
        assertEquals("system", openai.get("messages").get(0).get("role").asText());
    }

    @Test
    void aToolResultIsNeverKeptWithoutItsToolUse() throws Exception {
        // keep-turns 3 would start the kept part at the tool_result turn if it counted as a user turn
        CompressResult.Prompt r = run(ANTHROPIC, 0.5, 3);
        String msgs = r.request().get("messages").toString();
        assertEquals(msgs.contains("tool_result"), msgs.contains("tool_use\""), msgs);
    }
}
