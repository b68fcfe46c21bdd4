package io.techopt.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.TestSupport;
import io.techopt.core.Message;
import io.techopt.ingest.Messages;
import io.techopt.tokens.TokenCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Found trying compress as an adversary would (session 5): one prompt holding secrets was counted and compressed
 * before its secrets were masked, so tokens_after (37) described text other than the masked text printed, and a
 * sentence was dropped for the length of a key the reader never sees. The log mode masked first already
 * (CompressWriteCountsWhatItWritesTest); one prompt, text, JSON or conversation, now does too.
 */
class SinglePromptCountsWhatItPrintsTest {
    static final String KEY = CompressWriteCountsWhatItWritesTest.OPENAI, MAIL = CompressWriteCountsWhatItWritesTest.MAIL;
    static final TokenCounter COUNTER = new TokenCounter();

    @TempDir
    Path tmp;

    @Test
    void aTextPromptWithSecretsReportsTheTokensOfTheMaskedTextItPrints() throws IOException {
        Path p = TestSupport.write(tmp, "secret.txt", "The key " + KEY + " is used by CI. The deploy failed at 02:14 on Sunday. Mail "
                + MAIL + " when it is fixed. The runner is in Frankfurt and it has 8 cores. Nothing else happened that week. "
                + "The team met on Monday.\n");
        for (String rate : new String[]{"1", "0.7", "0.5"}) {
            JsonNode j = TestSupport.cli("compress", "-q", "-f", "json", "--rate", rate, p.toString()).json();
            String text = j.get("text").asText();
            assertFalse(text.contains(KEY) || text.contains(MAIL), text);
            assertEquals(COUNTER.count(text, EncodingType.O200K_BASE), j.get("tokens_after").asInt(), "at rate " + rate + ": " + j);
        }
    }

    @Test
    void aJsonPromptWithASecretStaysJsonAndIsCountedMasked() throws IOException {
        Path p = TestSupport.write(tmp, "secret.json", "{\"owner\": \"" + MAIL + "\", \"token\": \"" + KEY + "\", \"bio\": \"Maria "
                + "joined in 2019 and runs the Lisbon office. She moved the CI to Frankfurt in 2023. She answers support mail on "
                + "Mondays. The office has twelve people and a small lab. Its budget is 40k a year.\"}");
        JsonNode j = TestSupport.cli("compress", "-q", "-f", "json", "--rate", "0.8", p.toString()).json();
        String text = j.get("text").asText();
        assertNotNull(Compressor.minifiedJson(text), text);
        assertFalse(text.contains(KEY) || text.contains(MAIL), text);
        assertEquals(COUNTER.count(text, EncodingType.O200K_BASE), j.get("tokens_after").asInt(), j.toString());
    }

    @Test
    void aConversationWithSecretsReportsTheTokensOfTheMessagesItPrints() throws IOException {
        Path p = TestSupport.write(tmp, "conv.json", "{\"model\":\"gpt-4o-mini\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"You help with deploys.\"},"
                + "{\"role\":\"user\",\"content\":\"My key is " + KEY + " and my mail is " + MAIL + ". The deploy failed at 02:14 on "
                + "Sunday. The runner is in Frankfurt. It has 8 cores and 32 GB of memory.\"},"
                + "{\"role\":\"assistant\",\"content\":\"Noted. Rotate the key after the fix. The Frankfurt runner is old.\"},"
                + "{\"role\":\"user\",\"content\":\"Which runner was it, and my key is " + KEY + " still?\"},"
                + "{\"role\":\"assistant\",\"content\":\"The Frankfurt one.\"},"
                + "{\"role\":\"user\",\"content\":\"When did the deploy fail?\"}]}");
        for (String rate : new String[]{"1", "0.6"}) {
            JsonNode j = TestSupport.cli("compress", "-q", "-f", "json", "--embedder", "hash", "--keep-turns", "2", "--rate", rate,
                    p.toString()).json();
            assertFalse(j.toString().contains(KEY) || j.toString().contains(MAIL), j.toString());
            List<Message> printed = new ArrayList<>();
            j.get("messages").forEach(m -> printed.add(new Message(m.get("role").asText(), Messages.contentText(m.get("content")))));
            assertEquals(COUNTER.countMessages(printed, EncodingType.O200K_BASE), j.get("tokens_after").asLong(), "at rate " + rate + ": " + j);
            assertTrue(j.get("tokens_after").asInt() <= j.get("tokens_before").asInt());
        }
    }
}
