package io.techopt.report;

import io.techopt.PlantedSecrets;
import io.techopt.PlantedSecrets.Planted;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every credential family of issue 18 is redacted wherever it sits in a string; ordinary text is left alone. */
class RedactorCredentialFamiliesTest {
    private static final Map<String, String> WINDOWS = PlantedSecrets.windows();

    @Test
    void everyPlantedFamilyIsRedactedAloneInProseInJsonAndGluedToWords() {
        List<String> leaks = new ArrayList<>();
        for (Planted p : PlantedSecrets.ALL) {
            for (String context : List.of("%s", "please use %s for the call", "{\"key\":\"%s\",\"n\":1}", "x_%s", "a,%s,b",
                    "<td>%s</td>", "'%s'", "(%s)", "%s\n%s")) {
                String text = context.replace("%s", p.text());
                String shown = Redactor.redact(text);
                leaks.addAll(PlantedSecrets.hits(p.family() + " in [" + context + "] -> " + shown, shown, WINDOWS));
                assertTrue(Redactor.containsSecret(text), p.family() + " in " + context);
                assertEquals(shown, Redactor.redact(shown), "redacting twice changes nothing: " + shown);
                if (!p.family().equals("email")) {
                    assertTrue(Redactor.containsCredential(text), p.family());
                }
            }
        }
        assertTrue(leaks.isEmpty(), String.join("\n", leaks));
    }

    @Test
    void issue18FamiliesEachNamedByTheirOwnShape() {
        assertEquals("redis://[REDACTED]@cache:6379/0", Redactor.redact("redis://:hunter2@cache:6379/0"));
        assertEquals("Authorization: Basic [REDACTED]", Redactor.redact("Authorization: Basic YWRtaW46c2VjcmV0"));
        assertEquals("api-key: [REDACTED]", Redactor.redact("api-key: 0123456789abcdef0123456789abcdef"));
        assertEquals("AccountName=a;AccountKey=[REDACTED];EndpointSuffix=core.windows.net",
                Redactor.redact("AccountName=a;AccountKey=bXlzZWNyZXRrZXk=;EndpointSuffix=core.windows.net"));
        assertEquals("https://hooks.slack.com/[REDACTED]", Redactor.redact("https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX"));
        assertEquals("acme[REDACTED]", Redactor.redact("acmesk-Qw7Rt2Yx9Zk4Lm8Np3Vb6Hj1"));
        assertFalse(Redactor.containsCredential("alice@example.com"));
        assertTrue(Redactor.containsSecret("alice@example.com"));
    }

    @Test
    void ordinaryTextModelNamesIdsAndDigestsStayAsTheyAre() {
        for (String ok : List.of("gpt-4o-mini", "claude-haiku-4-5-20251001", "task-classification-2024-model-v2", "risk-free",
                "basic questions about the tax code", "Basic understanding", "max_tokens=100", "input_tokens: 123456",
                "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
                "2026-10-01T10:00:00Z", "the key: keep answers short", "token budget: 4000", "desk-reservation-service",
                "https://api.openai.com/v1/chat/completions", "batch_req_6761a1b8c2f4819097bd4a5a0f4b5e3c",
                "/home/user/project/src/main/java/io/techopt/report/Redactor.java", "us-east-1.bedrock", "ask-me-anything-2024")) {
            assertEquals(ok, Redactor.redact(ok));
            assertFalse(Redactor.containsSecret(ok), ok);
        }
    }

    @Test
    void htmlAndMarkdownBoundariesEscapeTheEmailPseudonym() throws Exception {
        java.io.StringWriter html = new java.io.StringWriter();
        try (RedactingWriter w = RedactingWriter.forFormat(html, OutputFormat.HTML)) {
            w.write("<td>alice@example.com</td>\n<td>sk-proj-Ab12Cd34Ef56Gh78Ij90");
        }
        assertFalse(html.toString().contains("<email:"), html.toString());
        assertTrue(html.toString().contains("&lt;email:"), html.toString());
        assertTrue(html.toString().endsWith("<td>[REDACTED]"), html.toString());
    }
}
