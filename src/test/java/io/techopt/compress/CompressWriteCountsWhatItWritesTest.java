package io.techopt.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import io.techopt.core.Message;
import io.techopt.ingest.Messages;
import io.techopt.tokens.TokenCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 / 12 (adversarial review): `compress --write` counted tokens before the written copy was redacted, so the
 * reported tokens and savings described text that differed from what was written. Secrets are now masked first.
 */
class CompressWriteCountsWhatItWritesTest {
    /** Long credentials: each is many tokens, its mask a few, so counting before masking is visibly wrong. */
    static final String OPENAI = "sk-proj-" + "Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90Uv12Wx34Yz56Ab78Cd90Ef12";
    static final String AWS = "AKIAIOSFODNN7EXAMPLQ";
    static final String GITHUB = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
    static final String MAIL = "maria.costa@example-travel.org";

    @TempDir
    Path tmp;

    static String record(int i) {
        ObjectNode r = TestSupport.JSON.createObjectNode().put("timestamp", "2026-10-01T10:0" + i + ":00Z").put("model", "gpt-4o-mini")
                .put("request_id", "r" + i);
        ArrayNode m = r.putArray("messages");
        m.addObject().put("role", "system").put("content", "You help with deployments. Never print credentials.");
        m.addObject().put("role", "user").put("content", "Our CI uses the key " + OPENAI + " and the AWS id " + AWS + ". The deploy "
                + "failed at 02:14 on Sunday. Mail " + MAIL + " when it is fixed. The runner is in Frankfurt.");
        m.addObject().put("role", "assistant").put("content", "Noted. The token " + GITHUB + " also appears in the workflow file. "
                + "Rotate it after the fix. The runner in Frankfurt has 8 cores.");
        m.addObject().put("role", "user").put("content", "The second deploy used " + OPENAI + " again. It stopped at the migration step.");
        m.addObject().put("role", "assistant").put("content", "Then the migration lock is held. Release it with the admin tool.");
        m.addObject().put("role", "user").put("content", "Request " + i + ": when did the first deploy fail, and whom do I tell?");
        r.putObject("usage").put("input_tokens", 400).put("output_tokens", 20);
        return r + "\n";
    }

    @Test
    void reportedTokensOfTheWrittenLogEqualARecountOfTheFile() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            log.append(record(i));
        }
        Path in = TestSupport.write(tmp, "secrets.jsonl", log.toString());
        TokenCounter counter = new TokenCounter();
        for (String rate : new String[]{"1", "0.6", "0.3"}) {
            Path out = tmp.resolve("compressed-" + rate + ".jsonl");
            TestSupport.Run run = TestSupport.cli("compress", "-q", "-f", "json", "--embedder", "hash", "--rate", rate, "--keep-turns", "1",
                    "--write", out.toString(), in.toString());
            assertEquals(0, run.code(), run.err());
            JsonNode report = run.json();
            String written = Files.readString(out);
            for (String secret : List.of(OPENAI, AWS, GITHUB, MAIL)) {
                assertFalse(written.contains(secret), "a secret was written: " + secret);
            }
            long recount = 0;
            for (String line : written.lines().toList()) {
                JsonNode r = TestSupport.JSON.readTree(line);
                List<Message> msgs = new ArrayList<>();
                r.get("messages").forEach(x -> msgs.add(new Message(x.get("role").asText(), Messages.contentText(x.get("content")))));
                recount += counter.countMessages(msgs, TokenCounter.encodingFor(r.get("model").asText()));
            }
            assertEquals(recount, report.get("tokens_after").asLong(), "at rate " + rate + " the reported tokens are those written:\n"
                    + report);
            assertTrue(report.get("tokens_before").asLong() >= report.get("tokens_after").asLong(), report.toString());
            if (rate.equals("1")) {
                assertEquals(report.get("tokens_before"), report.get("tokens_after"), "rate 1 writes the prompts as they were (masked)");
            }
        }
    }
}
