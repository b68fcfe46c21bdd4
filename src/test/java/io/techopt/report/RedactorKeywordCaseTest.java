package io.techopt.report;

import io.techopt.core.Redactor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18: the {@code name=value} rule matched its keyword case-sensitively, so {@code PASSWORD=hunter2},
 * {@code Api_Key: ...} or {@code X-API-KEY: ...} passed. Header names are case-insensitive (RFC 9110) and so are
 * the env and config spellings people use.
 */
class RedactorKeywordCaseTest {
    private static final String VALUE = "hunter2Qx9";

    @Test
    void assignmentKeywordsAreMatchedInAnyCase() {
        List<String> leaks = new ArrayList<>();
        for (String keyword : List.of("password", "PASSWORD", "Password", "PassWord", "pAsSwOrD", "passwd", "PASSWD", "pwd", "PWD",
                "api_key", "API_KEY", "Api_Key", "ApiKey", "APIKEY", "api-key", "API-KEY", "Api-Key", "apiKey",
                "token", "TOKEN", "Token", "access_token", "ACCESS_TOKEN", "AccessToken", "Auth_Token", "AUTH-TOKEN",
                "secret", "SECRET", "Secret", "client_secret", "CLIENT_SECRET", "ClientSecret", "SECRET_KEY", "SecretKey",
                "credential", "CREDENTIALS", "Credentials", "private_key", "PRIVATE_KEY", "PrivateKey",
                "AccountKey", "ACCOUNTKEY", "accountkey", "SharedAccessKey", "SHAREDACCESSKEY", "sig", "SIG", "Sig",
                "Authorization", "AUTHORIZATION", "authorization", "session_token", "SESSION_TOKEN", "SessionToken",
                "aws_secret_access_key", "AWS_SECRET_ACCESS_KEY", "Subscription-Key", "OCP-APIM-SUBSCRIPTION-KEY", "Id_Token",
                "REFRESH_TOKEN", "RefreshToken")) {
            for (String shape : List.of("%k=%v", "%k: %v", "%k:%v", "export %k=%v", "\"%k\": \"%v\"", "%k = '%v'", "--%k %v%", "x;%k=%v;y")) {
                if (shape.startsWith("--") || (keyword.equalsIgnoreCase("sig") && !shape.contains("%k=%v"))) {
                    continue; // a CLI flag with a space is prose; "sig" is a SAS signature only as sig=...
                }
                String text = shape.replace("%k", keyword).replace("%v", VALUE);
                String shown = Redactor.redact(text);
                if (shown.contains(VALUE)) {
                    leaks.add(text + "  ->  " + shown);
                }
            }
        }
        assertTrue(leaks.isEmpty(), leaks.size() + " leaks:\n" + String.join("\n", leaks));
    }

    @Test
    void headerStylesAreRedactedWhateverTheirCase() {
        assertEquals("X-Api-Key: [REDACTED]", Redactor.redact("X-Api-Key: " + VALUE));
        assertEquals("X-API-KEY: [REDACTED]", Redactor.redact("X-API-KEY: " + VALUE));
        assertEquals("x-api-key: [REDACTED]", Redactor.redact("x-api-key: " + VALUE));
        assertEquals("X-Goog-Api-Key: [REDACTED]", Redactor.redact("X-Goog-Api-Key: " + VALUE));
        assertEquals("Ocp-Apim-Subscription-Key: [REDACTED]", Redactor.redact("Ocp-Apim-Subscription-Key: " + VALUE));
        assertEquals("PASSWORD=[REDACTED]", Redactor.redact("PASSWORD=hunter2"));
        assertEquals("Api_Key: [REDACTED]", Redactor.redact("Api_Key: " + VALUE));
        assertEquals("https://acct.blob.core.windows.net/c/f?sv=2024-01-01&SIG=[REDACTED]",
                Redactor.redact("https://acct.blob.core.windows.net/c/f?sv=2024-01-01&SIG=" + VALUE));
    }

    @Test
    void authorizationWithAnySchemeKeepsTheSchemeAndMasksTheCredential() {
        for (String scheme : List.of("Token", "token", "TOKEN", "Bearer", "bearer", "BEARER", "Key", "ApiKey", "Bot", "SSWS", "Digest", "AWS4-HMAC-SHA256")) {
            for (String header : List.of("Authorization", "authorization", "AUTHORIZATION", "Proxy-Authorization")) {
                String text = header + ": " + scheme + " " + VALUE + "Zr8";
                String shown = Redactor.redact(text);
                assertTrue(!shown.contains(VALUE), text + " -> " + shown);
            }
        }
        assertEquals("Authorization: Token [REDACTED]", Redactor.redact("Authorization: Token " + VALUE));
        assertEquals("authorization=token [REDACTED]", Redactor.redact("authorization=token " + VALUE));
    }

    @Test
    void keywordCaseDoesNotMakeOrdinaryTextLookSecret() {
        for (String ok : List.of("TOKEN BUDGET: 4000", "Max Tokens: 100", "The KEY: keep answers short", "PASSWORD RESET fails",
                "Password reset fails after the latest release", "API key rotation", "Secret Santa", "Token count 12",
                "SIG: plenary session", "Authorization: none",
                "DESIGN=minimalist", "design=minimalist")) {
            assertEquals(ok, Redactor.redact(ok));
        }
    }
}
