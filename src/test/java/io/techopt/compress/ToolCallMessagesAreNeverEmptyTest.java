package io.techopt.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.embed.Embedder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Late review of issue 12 (defect 1): an assistant message with {@code "content": ""} and tool_calls was left out as
 * "already empty", so the kept turn kept its tool reply but lost the call (OpenAI rejects an orphan tool message) and
 * the kept turns were no longer byte-identical; with {@code "content": null} the same message was kept. A message
 * carrying a tool call or tool result is never empty; tool calls and their results stay paired in every output.
 */
class ToolCallMessagesAreNeverEmptyTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Compressor.Options BASE = new Compressor.Options(0, null, List.of(), true, true, false);

    /** The reviewer's tc_conv.json: each turn a user request, an assistant tool call with the given content, its tool reply. */
    static String openAiToolChat(String callContent) {
        StringBuilder b = new StringBuilder("[{\"role\":\"system\",\"content\":\"Sys.\"}");
        for (int i = 0; i < 4; i++) {
            b.append(",{\"role\":\"user\",\"content\":\"Turn ").append(i).append(": please look up order 100").append(i)
                    .append(". It is important. The customer is waiting for an answer today.\"}")
                    .append(",{\"role\":\"assistant\",\"content\":").append(callContent)
                    .append(",\"tool_calls\":[{\"id\":\"t").append(i).append("\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"{}\"}}]}")
                    .append(",{\"role\":\"tool\",\"tool_call_id\":\"t").append(i).append("\",\"content\":\"order 100").append(i).append(" shipped\"}");
        }
        return b.append(",{\"role\":\"user\",\"content\":\"Which orders shipped?\"}]").toString();
    }

    static final String ANTHROPIC_TOOLS = "{\"model\":\"claude-sonnet-4-20250514\",\"max_tokens\":300,\"messages\":["
            + "{\"role\":\"user\",\"content\":\"Find the weather in Paris. Then tell me. It is for a trip next week with my family.\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"tu1\",\"name\":\"weather\",\"input\":{\"city\":\"Paris\"}}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"tu1\",\"content\":\"Sunny, 21C\"}]},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"It is sunny in Paris, 21 degrees, a fine week ahead.\"}]},"
            + "{\"role\":\"user\",\"content\":\"Now Lyon please. We drive there on Wednesday and stay two nights in the old town.\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"\"},{\"type\":\"tool_use\",\"id\":\"tu2\",\"name\":\"weather\",\"input\":{\"city\":\"Lyon\"}}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"tu2\",\"content\":\"Rain\"},{\"type\":\"text\",\"text\":\"Also, is it cold?\"}]},"
            + "{\"role\":\"assistant\",\"content\":\"Rain in Lyon, and mild.\"},"
            + "{\"role\":\"user\",\"content\":\"And Marseille?\"}]}";

    static CompressResult.Prompt run(String content, double rate, int keepTurns) {
        return PromptCompression.run(content, BASE, null, rate, keepTurns, EncodingType.O200K_BASE, false,
                MessageCompressor.lazy(() -> Embedder.named("hash")));
    }

    /** Every tool reply answers a call of the assistant message before it, and every call is answered (OpenAI and Anthropic). */
    static void assertToolCallsPaired(List<JsonNode> messages) {
        Set<String> open = new HashSet<>();
        for (JsonNode m : messages) {
            String role = m.path("role").asText();
            if (role.equals("tool")) {
                assertTrue(open.remove(m.path("tool_call_id").asText()), "a tool reply without its call: " + m + " in " + messages);
                continue;
            }
            Set<String> results = new HashSet<>();
            for (JsonNode part : m.path("content")) {
                if (part.path("type").asText().equals("tool_result")) {
                    results.add(part.path("tool_use_id").asText());
                }
            }
            for (String id : results) {
                assertTrue(open.remove(id), "a tool_result without its tool_use: " + m + " in " + messages);
            }
            assertTrue(open.isEmpty(), "a tool call left unanswered before " + m + ": " + open + " in " + messages);
            for (JsonNode c : m.path("tool_calls")) {
                open.add(c.path("id").asText());
            }
            for (JsonNode part : m.path("content")) {
                if (part.path("type").asText().equals("tool_use")) {
                    open.add(part.path("id").asText());
                }
            }
        }
        assertTrue(open.isEmpty(), "tool calls left unanswered at the end: " + open);
    }

    /** The output's messages from the first kept user turn on equal the input's from the same turn on. */
    static void assertKeptTailByteIdentical(JsonNode inMessages, List<JsonNode> out, int keepTurns) {
        List<Integer> users = new ArrayList<>();
        for (int i = 0; i < inMessages.size(); i++) {
            JsonNode m = inMessages.get(i);
            if (m.path("role").asText().equals("user") && !m.path("content").toString().contains("tool_result")) {
                users.add(i);
            }
        }
        int first = users.get(users.size() - keepTurns);
        List<JsonNode> tail = new ArrayList<>();
        inMessages.forEach(tail::add);
        tail = tail.subList(first, tail.size());
        assertEquals(tail, out.subList(out.size() - tail.size(), out.size()), "kept turns byte-identical");
    }

    @Test
    void anAssistantToolCallWithEmptyTextIsKeptAndItsReplyStaysPaired() throws Exception {
        for (String callContent : new String[]{"\"\"", "null", "\"  \""}) {
            String in = openAiToolChat(callContent);
            for (int keep : new int[]{1, 2}) {
                for (double rate : new double[]{0.3, 0.5, 0.8}) {
                    CompressResult.Prompt r = run(in, rate, keep);
                    String why = callContent + " keep " + keep + " rate " + rate + ": " + r.messages() + " " + r.notes();
                    assertFalse(r.notes().stream().anyMatch(n -> n.contains("already empty")), "nothing was empty: " + why);
                    assertToolCallsPaired(r.messages());
                    assertKeptTailByteIdentical(JSON.readTree(in), r.messages(), keep);
                }
            }
        }
    }

    @Test
    void anthropicToolUseAndToolResultStayPairedAndKeptTurnsByteIdentical() throws Exception {
        JsonNode in = JSON.readTree(ANTHROPIC_TOOLS).get("messages");
        for (int keep : new int[]{1, 2}) {
            for (double rate : new double[]{0.3, 0.5, 0.8}) {
                CompressResult.Prompt r = run(ANTHROPIC_TOOLS, rate, keep);
                assertToolCallsPaired(r.messages());
                assertKeptTailByteIdentical(in, r.messages(), keep);
                assertFalse(r.notes().stream().anyMatch(n -> n.contains("already empty")), r.notes().toString());
            }
        }
    }

    @Test
    void emptyMessageRuleSeesToolCallsWhateverTheText() throws Exception {
        for (String m : new String[]{
                "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}",
                "{\"role\":\"assistant\",\"content\":\" \",\"function_call\":{\"name\":\"f\",\"arguments\":\"{}\"}}",
                "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"\"},{\"type\":\"tool_use\",\"id\":\"x\",\"name\":\"f\",\"input\":{}}]}",
                "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"x\",\"content\":\"\"}]}",
                "{\"role\":\"tool\",\"tool_call_id\":\"a\",\"content\":\"\"}"}) {
            assertFalse(PromptCompression.emptyMessage(JSON.readTree(m)), m);
        }
        for (String m : new String[]{"{\"role\":\"assistant\",\"content\":\"\"}", "{\"role\":\"user\",\"content\":\"  \"}",
                "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[]}", "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":null}"}) {
            assertTrue(PromptCompression.emptyMessage(JSON.readTree(m)), m);
        }
    }
}
