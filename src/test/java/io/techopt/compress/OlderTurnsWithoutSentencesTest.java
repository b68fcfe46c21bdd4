package io.techopt.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 defect 1 (adversarial review): in log mode with `--rate 0.3 --keep-turns 0`, an older turn without
 * sentence boundaries (run-on text, a code block, a list without periods) was one unit too large for the budget
 * and dropped out of the summary entirely, leaving the summary far under its budget. Such turns are now cut at
 * clauses, lines and word boundaries, so they give units the summary can choose from.
 */
class OlderTurnsWithoutSentencesTest {
    @TempDir
    Path tmp;

    /** A real council meeting (LLMLingua's MeetingBank example) with its sentence ends taken out: one run-on text. */
    static String runOnMeeting() throws IOException {
        JsonNode c = TestSupport.JSON.readTree(TestSupport.shared("data/llmlingua-examples/llmlingua_test_constants.json").toFile());
        String meeting = c.get("test_llmlingua.py").get("MEETINGBANK_TRANSCRIPT_0_PROMPT").asText().replaceAll("</?llmlingua[^>]*>", "");
        return meeting.replaceAll("[.!?]", "").replaceAll("\\s+", " ").strip().substring(0, 2400);
    }

    static String codeBlock() {
        StringBuilder b = new StringBuilder("Here is the uploader:\n```python\n");
        for (int i = 0; i < 30; i++) {
            b.append("def upload_part_").append(i).append("(client, bucket, key, body, attempt=0):\n")
                    .append("    return client.put_object(Bucket=bucket, Key=f'{key}/part-").append(i).append("', Body=body)\n");
        }
        b.append("def retry_upload(client, bucket, key, body):\n    for attempt in range(5):\n        upload_part_0(client, bucket, key, body, attempt)\n");
        return b.append("```").toString();
    }

    static String listWithoutPeriods() {
        List<String> items = new ArrayList<>();
        for (String s : new String[]{"two rain jackets", "the blue tent with its poles and pegs", "a gas stove and three cartridges",
                "sleeping bags rated to minus five", "the first aid kit from the garage", "water filters", "head torches with spare batteries",
                "a paper map of the Cairngorms", "trekking poles", "dry bags in three sizes", "sun cream", "midge repellent",
                "oat bars for four days", "a spare phone charger", "the bothy key from Ewan", "wool socks for everyone"}) {
            items.add(s);
        }
        return "For the trip pack " + String.join(", ", items) + " and for the second week in the hut bring again "
                + String.join(" and ", items) + " because the shop in the glen closes in October";
    }

    static String record(String id, String olderTurn, String question) {
        ObjectNode r = TestSupport.JSON.createObjectNode().put("timestamp", "2026-10-01T10:00:00Z").put("model", "gpt-4o-mini")
                .put("request_id", id);
        ArrayNode m = r.putArray("messages");
        m.addObject().put("role", "system").put("content", "Be brief.");
        m.addObject().put("role", "user").put("content", olderTurn);
        m.addObject().put("role", "assistant").put("content", "ok");
        m.addObject().put("role", "user").put("content", question);
        r.putObject("usage").put("input_tokens", 900).put("output_tokens", 5);
        return r + "\n";
    }

    @Test
    void aRunOnTurnACodeBlockAndAListWithoutPeriodsEachReachTheSummaryWhichUsesItsBudget() throws IOException {
        String[][] cases = {{"run-on", runOnMeeting(), "What did the council decide about the library contribution?"},
                {"code", codeBlock(), "Which function retries the upload?"},
                {"list", listWithoutPeriods(), "What is on the packing list for the trip?"}};
        StringBuilder log = new StringBuilder();
        for (String[] c : cases) {
            log.append(record(c[0], c[1], c[2]));
        }
        Path in = TestSupport.write(tmp, "older.jsonl", log.toString());
        for (String rate : new String[]{"0.3", "0.5"}) {
            Path out = tmp.resolve("out-" + rate + ".jsonl");
            TestSupport.Run run = TestSupport.cli("compress", "-q", "-f", "json", "--embedder", "hash", "--rate", rate, "--keep-turns", "0",
                    "--write", out.toString(), in.toString());
            assertEquals(0, run.code(), run.err());
            List<String> lines = Files.readAllLines(out);
            assertEquals(cases.length, lines.size());
            for (int k = 0; k < cases.length; k++) {
                JsonNode r = TestSupport.JSON.readTree(lines.get(k));
                JsonNode msgs = r.get("messages");
                String summary = msgs.get(1).get("content").asText();
                assertTrue(summary.startsWith(MessageCompressor.SUMMARY_HEADING), cases[k][0] + ": " + msgs);
                String userLine = summary.lines().filter(l -> l.startsWith("user: ")).findFirst().orElse(null);
                assertTrue(userLine != null, cases[k][0] + " at " + rate + ": the older user turn is missing from the summary:\n" + summary);
                // extractive: the summary holds pieces of the turn, in order, not a rewrite
                int from = summary.indexOf("\nuser: ") + 7, to = summary.indexOf("\nassistant: ", from);
                String body = summary.substring(from, to < 0 ? summary.length() : to);
                assertTrue(ConversationCompressionTest.madeOfUnitsOf(body, cases[k][1]),
                        cases[k][0] + ": not pieces of the turn:\n" + body);
                int before = r.get("metadata").get("techopt_prompt_tokens_removed").asInt()
                        + ConversationCompressionTest.MC.tokens(toMessages(msgs));
                double achieved = (double) ConversationCompressionTest.MC.tokens(toMessages(msgs)) / before;
                double target = Double.parseDouble(rate);
                assertTrue(achieved <= target + 0.005 && achieved >= target - 0.04, cases[k][0] + " at " + rate
                        + ": uses its budget within a few per cent, got " + achieved + "\n" + summary);
            }
        }
    }

    private static List<io.techopt.core.Message> toMessages(JsonNode msgs) {
        List<io.techopt.core.Message> l = new ArrayList<>();
        msgs.forEach(x -> l.add(new io.techopt.core.Message(x.get("role").asText(), x.get("content").asText())));
        return l;
    }
}
