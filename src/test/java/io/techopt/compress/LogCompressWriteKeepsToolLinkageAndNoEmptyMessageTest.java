package io.techopt.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Late review of issue 12 (defect 1, log mode): {@code compress LOG --write OUT} wrote a whitespace-only user message
 * without a word in the report, an assistant tool call as {"role":"assistant","content":""} without its tool_calls, a
 * tool reply without its tool_call_id, an Anthropic tool_result as {"role":"user","content":""}, and lost tool_use turns.
 * The written log holds no empty message, every kept message keeps its tool linkage, and the report says what was left
 * out, by the rules conversation mode follows.
 */
class LogCompressWriteKeepsToolLinkageAndNoEmptyMessageTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path tmp;

    static String record(String id, String model, String messages) {
        return "{\"timestamp\":1764000000000,\"request_id\":\"" + id + "\",\"model\":\"" + model + "\",\"usage\":{\"input_tokens\":600,"
                + "\"output_tokens\":50},\"messages\":" + messages + "}\n";
    }

    /** The reviewer's clog.jsonl: empty messages beside tool calls (c0), OpenAI tool turns with content "" (tc), Anthropic tool blocks (an). */
    static String reviewersLog() {
        StringBuilder c0 = new StringBuilder("[{\"role\":\"system\",\"content\":\"You are a travel assistant.  Always be polite.\"}");
        String[] facts = {"My flight BA117 departs London at 21:05 on Friday.", "It arrives in New York at 08:20 local time.",
                "I have a connecting flight UA55 to Denver at 11:40.", "My hotel is the Hilton Midtown, booking ref HX-4471."};
        for (String f : facts) {
            c0.append(",{\"role\":\"user\",\"content\":\"").append(f).append(" Please note this. Filler sentence about nothing in particular.\"}")
                    .append(",{\"role\":\"assistant\",\"content\":\"Noted: ").append(f).append("\"}");
        }
        c0.append(",{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":"
                + "\"lookup_flight\",\"arguments\":\"{\\\"flight\\\":\\\"UA55\\\"}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":"
                + "\"{\\\"flight\\\":\\\"UA55\\\",\\\"gate\\\":\\\"B12\\\"}\"},{\"role\":\"assistant\",\"content\":\"\"},{\"role\":\"user\",\"content\":\"  \"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What gate and time is my connection?\"}]}]");
        StringBuilder tc = new StringBuilder("[{\"role\":\"system\",\"content\":\"Sys prompt.\"}");
        for (int i = 0; i < 6; i++) {
            tc.append(",{\"role\":\"user\",\"content\":\"Turn ").append(i).append(": please look up order 100").append(i)
                    .append(". It is important. The customer is waiting.\"},{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"t")
                    .append(i).append("\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\","
                            + "\"tool_call_id\":\"t").append(i).append("\",\"content\":\"order 100").append(i).append(" shipped\"}");
        }
        tc.append(",{\"role\":\"user\",\"content\":\"Which orders shipped?\"}]");
        String an = "[{\"role\":\"user\",\"content\":\"Find the weather in Paris. Then tell me. It is for a trip next week.\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"tu1\",\"name\":\"weather\",\"input\":{\"city\":\"Paris\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"tu1\",\"content\":\"Sunny, 21C\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"It is sunny.\"},{\"type\":\"tool_use\",\"id\":\"tu2\","
                + "\"name\":\"weather\",\"input\":{\"city\":\"Lyon\"}}]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                + "\"tool_use_id\":\"tu2\",\"content\":\"Rain\"}]},{\"role\":\"user\",\"content\":\"And Lyon?\"}]";
        return record("c0", "gpt-4o", c0.toString()) + record("tc", "gpt-4o", tc.toString())
                + record("an", "claude-sonnet-4-20250514", an);
    }

    /** Empty as a provider sees it: blank text and nothing else (no tool call, tool result or other part). */
    static boolean empty(JsonNode m) {
        return PromptCompression.emptyMessage(m) || m.path("content").isTextual() && m.get("content").asText().isBlank()
                && !PromptCompression.carriesTool(m);
    }

    @Test
    void theWrittenLogHasNoEmptyMessageKeepsToolLinkageAndTheReportSaysWhatWasLeftOut() throws Exception {
        Path log = TestSupport.write(tmp, "clog.jsonl", reviewersLog());
        Map<String, JsonNode> in = new HashMap<>();
        for (String line : reviewersLog().split("\n")) {
            JsonNode r = JSON.readTree(line);
            in.put(r.get("request_id").asText(), r.get("messages"));
        }
        for (String keep : new String[]{"1", "2"}) {
            Path out = tmp.resolve("out" + keep + ".jsonl");
            TestSupport.Run run = TestSupport.cli("compress", log.toString(), "--rate", "0.5", "--embedder", "hash", "--keep-turns", keep,
                    "-f", "json", "--write", out.toString());
            assertEquals(0, run.code(), run.err());
            JsonNode report = JSON.readTree(run.out());
            assertTrue(report.get("notes").toString().contains("empty"), "the report says empty messages were left out: " + report.get("notes"));
            List<String> lines = Files.readAllLines(out);
            assertEquals(3, lines.size());
            for (String line : lines) {
                JsonNode r = JSON.readTree(line);
                String id = r.get("request_id").asText();
                List<JsonNode> messages = new ArrayList<>();
                r.get("messages").forEach(messages::add);
                for (JsonNode m : messages) {
                    assertFalse(empty(m), id + " keep " + keep + ": an empty message written: " + m + " in " + messages);
                }
                ToolCallMessagesAreNeverEmptyTest.assertToolCallsPaired(messages);
                if (id.equals("tc")) {
                    // every message of the kept turns is written as it was logged, its tool linkage with it
                    ToolCallMessagesAreNeverEmptyTest.assertKeptTailByteIdentical(in.get(id), messages, Integer.parseInt(keep));
                }
                if (id.equals("an") && keep.equals("2")) { // its two user turns are kept whole, with the tool turns between them
                    assertTrue(messages.toString().contains("tool_use") && messages.toString().contains("tool_result"),
                            "an's kept tool turns stay: " + messages);
                }
                if (id.equals("c0") && keep.equals("2")) { // with --keep-turns 1 the call and its reply are summarized, both
                    assertTrue(messages.toString().contains("\"tool_call_id\":\"call_1\""), "c0's tool reply stays linked: " + messages);
                }
            }
        }
    }
}
