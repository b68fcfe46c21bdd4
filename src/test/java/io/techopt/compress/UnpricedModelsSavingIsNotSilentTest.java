package io.techopt.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review of issue 12: compress LOG counted the tokens saved on an unpriced model's requests at $0, with no warning
 * anywhere (pricing.md: "never priced silently at $0"). usd_saved is then a lower bound that says so, or null when no
 * compressed request is priced, and a warning naming the model is on stderr (even under -q) and in every format.
 */
class UnpricedModelsSavingIsNotSilentTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path tmp;

    static String conversation(String id, String model) throws Exception {
        StringBuilder m = new StringBuilder("[{\"role\":\"system\",\"content\":\"You are a travel assistant.\"}");
        String[] facts = {"My flight AF123 departs Paris at 21:05 on Friday.", "It arrives at 08:20 in Tokyo on Saturday.",
                "The hotel check-in opens at 15:00.", "I booked a window seat in row 42.", "The taxi to the airport costs 55 euros.",
                "My sister lives in Osaka and works at a bank."};
        for (String f : facts) {
            m.append(",{\"role\":\"user\",\"content\":\"").append(f).append(" I am writing a few more words here about the rest of the trip and the plans.\"}")
                    .append(",{\"role\":\"assistant\",\"content\":\"Thank you, I have written that down for the rest of our conversation today.\"}");
        }
        m.append(",{\"role\":\"user\",\"content\":\"When does my flight land in Tokyo?\"}]");
        return "{\"timestamp\":\"2026-09-01T10:00:00Z\",\"request_id\":\"" + id + "\",\"model\":\"" + model
                + "\",\"usage\":{\"input_tokens\":900,\"output_tokens\":20},\"messages\":" + m + "}\n";
    }

    TestSupport.Run compress(String log, String... more) throws Exception {
        Path p = TestSupport.write(tmp, "log-" + Math.abs(log.hashCode()) + ".jsonl", log);
        String[] args = new String[]{"compress", p.toString(), "--rate", "0.3", "--embedder", "hash"};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        // csv: every table (the note is a row of the notes table)
        return TestSupport.cliWithEveryCsvTable(all);
    }

    @Test
    void aLogWithSomeUnpricedRequestsSaysUsdSavedIsALowerBoundNamingTheModelInEveryFormatAndOnStderr() throws Exception {
        String log = conversation("a", "gpt-4o-2024-08-06") + conversation("b", "acme-unpriced-x")
                + conversation("c", "claude-sonnet-4-20250514") + conversation("d", "acme-unpriced-x");
        TestSupport.Run json = compress(log, "-f", "json");
        assertEquals(0, json.code(), json.err());
        JsonNode j = JSON.readTree(json.out());
        assertTrue(j.get("usd_saved").asDouble() > 0, j.toString());
        String notes = j.get("notes").toString();
        assertTrue(notes.contains("lower bound") && notes.contains("acme-unpriced-x") && notes.contains("2 compressed requests"), notes);
        assertTrue(json.err().contains("warning") && json.err().contains("acme-unpriced-x"), "stderr: " + json.err());
        for (String f : new String[]{"table", "csv", "markdown", "html"}) {
            TestSupport.Run r = compress(log, "-q", "-f", f);
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("acme-unpriced-x") && r.out().contains("lower bound"), f + ": " + r.out());
            assertTrue(r.err().contains("acme-unpriced-x"), f + " under -q, stderr: " + r.err());
        }
    }

    @Test
    void aLogOfOnlyUnpricedRequestsHasANullUsdSavedWithANoteNotZero() throws Exception {
        TestSupport.Run run = compress(conversation("a", "acme-unpriced-x") + conversation("b", "acme-unpriced-x"), "-f", "json");
        assertEquals(0, run.code(), run.err());
        JsonNode j = JSON.readTree(run.out());
        assertTrue(j.has("usd_saved") && j.get("usd_saved").isNull(), j.toString());
        assertTrue(j.get("tokens_after").asLong() < j.get("tokens_before").asLong());
        for (JsonNode s : j.get("by_strategy")) {
            assertTrue(s.has("usd_saved") && s.get("usd_saved").isNull(), s.toString());
        }
        assertTrue(j.get("notes").toString().contains("usd_saved is null"), j.get("notes").toString());
        assertTrue(run.err().contains("acme-unpriced-x"), run.err());
    }

    @Test
    void aFullyPricedLogHasNoUnpricedWarning() throws Exception {
        TestSupport.Run run = compress(conversation("a", "gpt-4o-2024-08-06"), "-f", "json");
        assertEquals(0, run.code(), run.err());
        JsonNode j = JSON.readTree(run.out());
        assertNotNull(j.get("usd_saved").numberValue());
        assertFalse(j.get("notes").toString().contains("unpriced"), j.get("notes").toString());
        assertFalse(run.err().contains("unpriced"), run.err());
    }
}
