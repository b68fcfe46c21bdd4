package io.techopt.report;

import io.techopt.TestSupport;
import io.techopt.core.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API keys, bearer tokens, URL passwords and e-mail addresses in a log appear in no report format. */
class SecretsNeverReachReportsTest {
    private static final List<String> SECRETS = List.of("sk-proj-Ab12Cd34Ef56Gh78Ij90", "sk-ant-api03-ZZZZyyyyXXXX1111",
            "eyJhbGciOiJIUzI1NiJ9.payload.sig", "hunter2", "alice@example.com", "bob.smith+llm@corp.example.org",
            "AKIAABCDEFGHIJKLMNOP");

    @TempDir
    Path tmp;

    @Test
    void noFormatShowsASecretFromTheLog() throws IOException {
        String log = String.join("\n",
                rec("alice@example.com", "growth", "s-1", "gpt-4o-mini", "ok", null),
                rec("u-2", "team of bob.smith+llm@corp.example.org", "Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "gpt-4o-mini", "error",
                        "401 invalid key sk-proj-Ab12Cd34Ef56Gh78Ij90 for https://svc:hunter2@proxy.internal/v1"),
                rec("u-3", "ops", "s-3", "https://admin:hunter2@models.internal/llama", "error",
                        "AWS key AKIAABCDEFGHIJKLMNOP rejected; contact alice@example.com"),
                rec("sk-ant-api03-ZZZZyyyyXXXX1111", "ops", "s-4", "claude-haiku-4-5-20251001", "ok", null)) + "\n";
        Path f = TestSupport.write(tmp, "secrets.jsonl", log);
        for (String format : List.of("table", "json", "csv", "markdown", "html")) {
            Path out = tmp.resolve("report." + format);
            String[] args = {"analyze", "--format", format, "--out", out.toString(),
                    "--group-by", "user", "--group-by", "team+session", "--group-by", "model+provider", f.toString()};
            TestSupport.Run run = TestSupport.cli(args);
            assertEquals(0, run.code(), run.err());
            // csv writes one table a file: every one of them is checked
            String report = format.equals("csv") ? TestSupport.everyCsvTable(args) : Files.readString(out);
            for (String secret : SECRETS) {
                assertFalse(report.contains(secret), format + " report shows " + secret + ":\n" + report);
                assertFalse(run.err().contains(secret), "stderr shows " + secret);
            }
            assertTrue(report.contains("<email:") || report.contains("&lt;email:"), "users stay distinguishable: " + format);
            // markdown shows the marker with its brackets escaped, so it cannot start a link
            assertTrue(report.contains("[REDACTED]") || report.contains("\\[REDACTED\\]"), format);
        }
    }

    @Test
    void redactorKeepsOrdinaryTextAndPseudonymizesEmailsStably() {
        assertEquals("plain text, 42 tokens", Redactor.redact("plain text, 42 tokens"));
        assertEquals(Redactor.redact("alice@example.com"), Redactor.redact("Alice@Example.com"));
        assertFalse(Redactor.redact("alice@example.com").equals(Redactor.redact("bob@example.com")));
        assertEquals("redis://[REDACTED]@localhost:6379/0", Redactor.redact("redis://default:s3cret@localhost:6379/0"));
        assertEquals("Authorization: Bearer [REDACTED]", Redactor.redact("Authorization: Bearer abcdefghijklmnop"));
    }

    private static String rec(String user, String team, String session, String model, String status, String error) {
        return "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":" + q(model) + ",\"provider\":\"openai\",\"user\":" + q(user)
                + ",\"team\":" + q(team) + ",\"session_id\":" + q(session) + ",\"task_type\":\"qa\",\"status\":" + q(status)
                + (error == null ? "" : ",\"error\":" + q(error))
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"my key is sk-proj-Ab12Cd34Ef56Gh78Ij90\"}]"
                + ",\"usage\":{\"input_tokens\":10,\"output_tokens\":5},\"latency_ms\":120}";
    }

    private static String q(String s) {
        return "\"" + s.replace("\"", "\\\"") + "\"";
    }
}
