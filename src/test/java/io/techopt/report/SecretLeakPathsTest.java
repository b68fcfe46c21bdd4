package io.techopt.report;

import io.techopt.TestSupport;
import io.techopt.core.Redactor;
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

/** The leak paths issue 18 found one by one; each must stay closed. */
class SecretLeakPathsTest {
    private static final String KEY = "sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34";
    private static final String MAIL = "variant.owner@corp.example.org";

    @TempDir
    Path tmp;

    @Test
    void abReportWeightsShowVariantNamesRedactedLikeVariants() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String v = i % 2 == 0 ? KEY : MAIL;
            log.append("{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"user\":\"u").append(i)
                    .append("\",\"experiment\":\"exp\",\"variant\":\"").append(v)
                    .append("\",\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}\n");
        }
        Path f = TestSupport.write(tmp, "ab.jsonl", log.toString());
        for (String format : List.of("json", "table", "csv", "markdown", "html")) {
            TestSupport.Run run = TestSupport.cliWithEveryCsvTable("ab-report", "-f", format, "-q", "--experiment", "exp", "--control", KEY,
                    "--weights", KEY + "=0.5," + MAIL + "=0.5", f.toString());
            assertEquals(0, run.code(), run.err());
            assertFalse(run.out().contains(KEY) || run.out().contains(MAIL), format + ":\n" + run.out());
            assertFalse(run.err().contains(KEY) || run.err().contains(MAIL), run.err());
            if (format.equals("json")) {
                assertEquals(2, run.json().get("weights").size(), run.out());
                run.json().get("weights").fieldNames().forEachRemaining(n -> assertTrue(n.equals("[REDACTED]") || n.startsWith("<email:"), n));
            }
        }
    }

    @Test
    void badLineReasonsInReportsAreRedactedLikeStderr() throws IOException {
        String bad = "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"m\",\"usage\":{\"input_tokens\":1,\"" + KEY + "_tokens\":\"x\"}}\n";
        String bad2 = bad.replace(KEY, MAIL);
        String good = "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}\n";
        Path f = TestSupport.write(tmp, "bad.jsonl", good + bad + bad2 + good);
        for (String format : List.of("json", "table", "csv", "markdown", "html")) {
            Path out = tmp.resolve("r." + format);
            TestSupport.Run run = TestSupport.cliWithEveryCsvTable("analyze", "-f", format, "-o", out.toString(), f.toString());
            assertEquals(0, run.code(), run.err());
            String report = format.equals("csv") ? run.out() : Files.readString(out);
            assertTrue(format.equals("csv") || report.contains("usage."), "the reason is still there: " + report);
            assertFalse(report.contains(KEY) || report.contains(MAIL), format + ":\n" + report);
            assertFalse(run.err().contains(KEY) || run.err().contains(MAIL), run.err());
        }
    }

    @Test
    void redisUrlWithEmptyUserNeverPrintsItsPassword() throws IOException {
        Path f = TestSupport.write(tmp, "one.jsonl", "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"what is 2+2?\"}],\"response\":\"4\","
                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}\n");
        List<String> urls = new ArrayList<>(List.of("redis://:Empty0UserPw@127.0.0.1:1/0", "redis://:Empty0UserPw@", "rediss://:Empty0UserPw@bad host:6379"));
        for (String url : urls) {
            TestSupport.Run run = TestSupport.cli("cache-warm", "-q", "--min-count", "1", "--embedder", "hash", "--redis", url, f.toString());
            assertTrue(run.code() != 0, url);
            assertFalse(run.err().contains("Empty0UserPw"), run.err());
            assertFalse(run.out().contains("Empty0UserPw"), run.out());
        }
        assertEquals("cannot reach redis://[REDACTED]@h:1", Redactor.redact("cannot reach redis://:Empty0UserPw@h:1"));
    }

    private static final String GROQ = "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";
    private static final String HF = "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";

    private static String qa(int i, String prompt, String answer) {
        return "{\"timestamp\":\"2026-10-01T10:0" + i % 10 + ":00Z\",\"model\":\"gpt-4o-mini\",\"request_id\":\"q" + i
                + "\",\"task_type\":\"summarization\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}],\"response\":\""
                + answer + "\",\"usage\":{\"input_tokens\":40,\"output_tokens\":5}}\n";
    }

    @Test
    void compressWriteRedactsSecretsInTheCopiedPrompts() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            log.append(qa(i, "Please could you summarize this config, basically the key is " + GROQ + " and mail " + MAIL
                    + " and the other key " + KEY + " thanks", "It uses " + HF));
        }
        Path f = TestSupport.write(tmp, "c.jsonl", log.toString());
        Path out = tmp.resolve("compressed.jsonl");
        TestSupport.Run run = TestSupport.cli("compress", "-q", "-f", "json", "--log", "--write", out.toString(), f.toString());
        assertEquals(0, run.code(), run.err());
        String written = Files.readString(out);
        assertEquals(6, written.lines().count(), written);
        for (String secret : List.of(GROQ, HF, KEY, MAIL)) {
            assertFalse(written.contains(secret), secret + " in\n" + written);
        }
        for (String line : written.lines().toList()) {
            assertTrue(TestSupport.JSON.readTree(line).get("messages").get(0).get("content").asText().contains("[REDACTED]"), line);
        }
    }

    @Test
    void cacheWarmNeverStoresACredentialAndCountsWhy() throws IOException {
        StringBuilder log = new StringBuilder();
        int n = 0;
        for (int k = 0; k < 3; k++) {
            log.append(qa(n++, "What is my Groq key " + GROQ + " for?", "For the API"));
            log.append(qa(n++, "Which token should I use?", "Use " + HF));
            log.append(qa(n++, "What is the capital of France?", "Paris"));
        }
        Path f = TestSupport.write(tmp, "w.jsonl", log.toString());
        Path snapshot = tmp.resolve("l1.jsonl");
        TestSupport.Run run = TestSupport.cli("cache-warm", "-q", "-f", "json", "--min-count", "1", "--embedder", "hash",
                "--l1-snapshot", snapshot.toString(), "--index", tmp.resolve("idx").toString(), f.toString());
        assertEquals(0, run.code(), run.err());
        String snap = Files.readString(snapshot);
        assertEquals(1, snap.lines().count(), "only the clean prompt is warmed: " + snap);
        assertTrue(snap.contains("Paris"));
        assertFalse(snap.contains(GROQ) || snap.contains(HF), snap);
        long credential = 0;
        for (var s : run.json().get("skipped")) {
            if (s.toString().contains("credential")) {
                credential += s.findValues("requests").isEmpty() ? s.get(1).asLong() : s.findValue("requests").asLong();
            }
        }
        assertEquals(6, credential, "both credential-bearing prompts, three times each, counted: " + run.json().get("skipped"));
    }
}
