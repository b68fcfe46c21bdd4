package io.techopt.report;

import io.techopt.PlantedSecrets;
import io.techopt.PlantedSecrets.Planted;
import io.techopt.core.RedactingWriter;
import io.techopt.core.Redactor;
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
                if (!p.family().startsWith("email")) {
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

    /** Review: these shapes passed the redactor and reached the L1 snapshot and batch files. */
    @Test
    void reviewedShapesTelegramUnicodeMailSuffixNamesSlashPasswordsSpacesAndShortValuesAreMasked() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("bot 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawX here", "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawX");
        cases.put("write to user@ex\u00e4mple.de now", "user@ex\u00e4mple");
        cases.put("write to jos\u00e9.garc\u00eda@example.com now", "garc\u00eda");
        cases.put("DB_PASS=SuperSecret123", "SuperSecret123");
        cases.put("export STRIPE_KEY=Zq9rT5", "Zq9rT5");
        cases.put("MY_APP_TOKEN=t0k3nV4l", "t0k3nV4l");
        cases.put("see https://admin:pa/ssW0rdSl@db.internal/x", "ssW0rdSl");
        cases.put("password: correct horse battery staple", "horse battery");
        cases.put("{\"note\":\"password: correct horse battery staple\"}", "horse battery");
        cases.put("PASSWORD=abc12", "abc12");
        cases.put("Authorization: Bearer abc1234", "abc1234");
        for (var c : cases.entrySet()) {
            String shown = Redactor.redact(c.getKey());
            assertFalse(shown.contains(c.getValue()), c.getKey() + " -> " + shown);
            assertTrue(Redactor.containsSecret(c.getKey()), c.getKey());
            assertEquals(shown, Redactor.redact(shown), "redacting twice changes nothing: " + shown);
        }
        assertEquals("password: [REDACTED]", Redactor.redact("password: correct horse battery staple"));
        assertEquals("Authorization: Bearer [REDACTED]", Redactor.redact("Authorization: Bearer abc1234"));
        // prose around the same words stays
        for (String ok : List.of("a bearer of bad news", "the port is https://db.internal:5432/x@y", "Authorization: none",
                "sort_key by name", "{\"price_key\" : \"gpt-4.1\"}", "telegram 12:30 meeting", "PASSWORD RESET fails", "primary key: id")) {
            assertEquals(ok, Redactor.redact(ok));
        }
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
        try (RedactingWriter w = OutputFormat.HTML.redactingWriter(html)) {
            w.write("<td>alice@example.com</td>\n<td>sk-proj-Ab12Cd34Ef56Gh78Ij90");
        }
        assertFalse(html.toString().contains("<email:"), html.toString());
        assertTrue(html.toString().contains("&lt;email:"), html.toString());
        assertTrue(html.toString().endsWith("<td>[REDACTED]"), html.toString());
    }

    /** Review r9 #1: an address followed by '-' (a team "john.doe@example.com-prod", a trace id "mail-…@example.com-y") was never
     *  redacted, and "ops@corp.example.org-2" was cut before ".org". The address is the whole of it up to the TLD, whatever follows. */
    @Test
    void anEmailFollowedByAHyphenDigitOrOtherTrailingCharacterIsPseudonymisedWhole() {
        String hash = Redactor.redact("john.doe@example.com");
        assertTrue(hash.startsWith("<email:"), hash);
        for (String tail : List.of("-prod", "-y", "-", "--x", ".", "_x", "2", "-2", "/x", ":8080", "-\u00e9t\u00e9")) {
            assertEquals(hash + tail, Redactor.redact("john.doe@example.com" + tail), tail);
            assertTrue(Redactor.containsSecret("john.doe@example.com" + tail), tail);
        }
        assertEquals(Redactor.redact("mail-john.doe@example.com") + "-yyyy", Redactor.redact("mail-john.doe@example.com-yyyy"));
        String org = Redactor.redact("ops@corp.example.org");
        assertEquals(org + "-2", Redactor.redact("ops@corp.example.org-2"), "the .org stays inside the pseudonym");
        assertEquals(Redactor.redact("john+tag@example.com") + "-prod", Redactor.redact("john+tag@example.com-prod"));
        assertEquals(Redactor.redact("j\u00f6rg@b\u00fccher.de") + "-x", Redactor.redact("j\u00f6rg@b\u00fccher.de-x"));
        // a hyphenated domain label is still part of the domain, not a tail
        assertTrue(Redactor.redact("a@my-host.example-corp.com").matches("<email:[0-9a-f]+>"), Redactor.redact("a@my-host.example-corp.com"));
        assertTrue(Redactor.redact("a@example.com-prod.net").matches("<email:[0-9a-f]+>"));
        // the URL-encoded form the same way
        assertEquals(hash + "-prod", Redactor.redact("john.doe%40example.com-prod"));
    }
}
