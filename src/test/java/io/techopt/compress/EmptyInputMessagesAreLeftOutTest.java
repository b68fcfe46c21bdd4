package io.techopt.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.TestSupport;
import io.techopt.embed.Embedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review of issue 12 (defect 1, "no message is ever empty"): a chat with an empty user turn before its question came
 * out with {"role":"user","content":""} (exit 0), which providers reject and compress-conversation.schema.json too.
 * A message that is already empty in the input is left out, with a note naming it, wherever it stands (inside
 * --keep-turns too); a message with tool calls and no text is not empty.
 */
class EmptyInputMessagesAreLeftOutTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Compressor.Options BASE = new Compressor.Options(0, null, List.of(), true, true, false);

    @TempDir
    Path tmp;

    static String chat(String emptyContent) {
        StringBuilder b = new StringBuilder("[{\"role\":\"system\",\"content\":\"You are a travel assistant. Keep answers short.\"}");
        String[] facts = {"My flight AF123 departs Paris at 21:05 on Friday.", "It arrives at 08:20 in Tokyo on Saturday.",
                "The hotel check-in opens at 15:00.", "I booked a window seat in row 42.", "The taxi to the airport costs 55 euros."};
        for (String f : facts) {
            b.append(",{\"role\":\"user\",\"content\":\"").append(f).append(" Some more words about the planning of this long trip.\"}")
                    .append(",{\"role\":\"assistant\",\"content\":\"Noted, I will remember that for the rest of our chat.\"}");
        }
        b.append(",{\"role\":\"user\",\"content\":").append(emptyContent).append("}");
        b.append(",{\"role\":\"user\",\"content\":\"When does my flight land in Tokyo?\"}]");
        return b.toString();
    }

    static boolean empty(JsonNode m) {
        JsonNode c = m.get("content");
        return c == null || c.isNull() ? !m.has("tool_calls") : c.isTextual() ? c.asText().isBlank() : c.isArray() && c.isEmpty();
    }

    static CompressResult.Prompt run(String content, double rate, int keepTurns) {
        return PromptCompression.run(content, BASE, null, rate, keepTurns, EncodingType.O200K_BASE, false,
                MessageCompressor.lazy(() -> Embedder.named("hash")));
    }

    @Test
    void anEmptyUserTurnInsideKeepTurnsIsLeftOutWithANoteAndTheRealTurnsAreKept() throws Exception {
        for (String emptyContent : new String[]{"\"\"", "\"  \\n \"", "[]", "[{\"type\":\"text\",\"text\":\"\"}]"}) {
            String in = chat(emptyContent);
            for (double rate : new double[]{0.3, 1.0}) {
                CompressResult.Prompt r = run(in, rate, 2);
                for (JsonNode m : r.messages()) {
                    assertFalse(empty(m), emptyContent + " at " + rate + ": an empty message in the output: " + r.messages());
                }
                assertTrue(r.notes().stream().anyMatch(n -> n.contains("empty") && n.contains("reject")), r.notes().toString());
                // the two kept user turns are the last two with content, byte-identical
                List<JsonNode> users = new ArrayList<>();
                r.messages().forEach(m -> {
                    if (m.path("role").asText().equals("user")) {
                        users.add(m);
                    }
                });
                JsonNode original = JSON.readTree(in);
                assertEquals(original.get(original.size() - 1), users.get(users.size() - 1));
                if (rate < 1) {
                    assertEquals(original.get(original.size() - 4), users.get(users.size() - 2),
                            "--keep-turns 2 keeps the taxi turn, the last one with content before the question");
                }
            }
        }
    }

    @Test
    void theCommandPrintsNoEmptyMessageAndAnAssistantToolCallWithoutTextStays() throws Exception {
        String in = chat("\"\"").replace("{\"role\":\"user\",\"content\":\"When does",
                "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"f\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"ok\"},"
                        + "{\"role\":\"user\",\"content\":\"When does");
        Path p = TestSupport.write(tmp, "conv.json", in);
        TestSupport.Run run = TestSupport.cli("compress", p.toString(), "--rate", "0.3", "--keep-turns", "2", "-f", "json");
        assertEquals(0, run.code(), run.err());
        JsonNode out = JSON.readTree(run.out());
        boolean toolCall = false;
        for (JsonNode m : out.get("messages")) {
            assertFalse(empty(m), "an empty message in the output: " + out.get("messages"));
            toolCall |= m.has("tool_calls");
        }
        assertTrue(toolCall, "the assistant's tool call (content null) is kept: " + out.get("messages"));
        assertTrue(out.get("notes").toString().contains("empty"), out.get("notes").toString());
    }

    @Test
    void aConversationOfOnlyEmptyMessagesIsAUsageErrorNamingTheFile() throws Exception {
        Path p = TestSupport.write(tmp, "blank.json", "[{\"role\":\"user\",\"content\":\"\"},{\"role\":\"user\",\"content\":\" \"}]");
        TestSupport.Run run = TestSupport.cli("compress", "-q", "--rate", "0.5", p.toString());
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().contains(p.toString()) && run.err().contains("empty"), run.err());
    }
}
