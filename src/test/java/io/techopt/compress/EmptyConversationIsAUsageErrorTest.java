package io.techopt.compress;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Found trying compress as a new user would (session 5): a messages JSON with no message (`[]`, `{"messages":[]}`)
 * was read as a one-line text prompt and "compressed" with exit 0. Like an empty file, it is a usage error naming
 * the file; a request with only a system prompt beside an empty messages array is still a prompt.
 */
class EmptyConversationIsAUsageErrorTest {
    @TempDir
    Path tmp;

    @Test
    void anEmptyMessagesArrayBareOrInARequestIsExit2NamingTheFile() throws IOException {
        for (String body : new String[]{"[]", "{\"messages\": []}", " {\"model\":\"gpt-4o\",\"messages\":[ ]}\n"}) {
            Path p = TestSupport.write(tmp, "conv.json", body);
            TestSupport.Run run = TestSupport.cli("compress", "-q", "--rate", "0.5", p.toString());
            assertEquals(2, run.code(), body + ": " + run.out() + run.err());
            assertTrue(run.err().contains(p.toString()) && run.err().contains("holds no messages"), run.err());
        }
        Path withSystem = TestSupport.write(tmp, "system-only.json", "{\"system\":\"You are terse.\",\"messages\":[]}");
        assertEquals(0, TestSupport.cli("compress", "-q", "-f", "json", withSystem.toString()).code());
    }
}
