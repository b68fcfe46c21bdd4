package io.techopt.compress;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review h12c #5: `compress --write` on a log with two copies of one request_id reported `requests: 1` and wrote 2
 * lines without a word. The written log is a rewrite of the log, not a de-duplication: it keeps every input line
 * (repeats too), while the figures count each request once (its last copy); the notes say so.
 */
class CompressWriteKeepsEveryLineOfARepeatedRequestTest {
    @TempDir
    Path tmp;

    private static String record(String id, String minute) {
        return "{\"timestamp\":\"2026-10-05T10:" + minute + ":00Z\",\"model\":\"gpt-4o\",\"request_id\":\"" + id + "\","
                + "\"messages\":[{\"role\":\"system\",\"content\":\"You are a billing assistant.\"},"
                + "{\"role\":\"user\",\"content\":\"Invoice 7 was disputed because the tax line was wrong. The customer wants a refund.\"},"
                + "{\"role\":\"assistant\",\"content\":\"Noted. The refund needs approval from finance.\"},"
                + "{\"role\":\"user\",\"content\":\"Who approves refunds over 500 euros?\"}],"
                + "\"usage\":{\"input_tokens\":60,\"output_tokens\":10}}\n";
    }

    @Test
    void aRepeatedRequestIdIsWrittenTwiceCountedOnceAndTheNotesSaySo() throws IOException {
        Path in = TestSupport.write(tmp, "tc.jsonl", record("x1", "00") + record("x1", "01") + record("x2", "02"));
        Path out = tmp.resolve("out.jsonl");
        TestSupport.Run run = TestSupport.cli("compress", "-q", "-f", "json", "--embedder", "hash", "--rate", "0.5",
                "--write", out.toString(), in.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(2, j.get("requests").asLong(), j.toString());
        assertEquals(3, Files.readAllLines(out).size(), "every input line is rewritten, the repeat too");
        String notes = j.get("notes").toString();
        assertTrue(notes.contains("3 lines for 2 requests") && notes.contains("1 repeated request_id"), notes);
    }

    @Test
    void withoutRepeatsNoSuchNoteIsWritten() throws IOException {
        Path in = TestSupport.write(tmp, "plain.jsonl", record("x1", "00") + record("x2", "02"));
        TestSupport.Run run = TestSupport.cli("compress", "-q", "-f", "json", "--embedder", "hash", "--rate", "0.5",
                "--write", tmp.resolve("o.jsonl").toString(), in.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(!run.json().get("notes").toString().contains("repeated request_id"), run.json().get("notes").toString());
    }
}
