package io.techopt.report;

import io.techopt.core.Redactor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Review rev23 (main 4b15034): a placeholder or a "no value" word right after a credential's name kept a real secret
 * beside it, Markdown around a name hid it, and prose, flag, curl and shell forms of a password went through. Each case
 * is the reviewer's input and the secret that must not come out; the second list is text that must stay as written.
 */
class SecretsBesidePlaceholdersAndMarkupTest {

    private static void assertMasked(Map<String, String> cases) {
        List<String> leaks = new ArrayList<>();
        cases.forEach((input, secret) -> {
            String out = Redactor.redact(input);
            if (out.contains(secret) || !out.contains(Redactor.MASK)) {
                leaks.add(input + "  ->  " + out);
            }
        });
        assertEquals(List.of(), leaks, "secrets kept in clear");
    }

    private static void assertUnchanged(List<String> texts, String what) {
        List<String> changed = new ArrayList<>();
        for (String s : texts) {
            String out = Redactor.redact(s);
            if (!out.equals(s)) {
                changed.add(s + "  ->  " + out);
            }
        }
        assertEquals(List.of(), changed, what);
    }

    @Test
    void aSecretBesideAPlaceholderOrANoValueWordIsMasked() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("password=<your-password> Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("password: ******** (real one: Zq9Lm2Xv8)", "Zq9Lm2Xv8");
        cases.put("password=******** hunter22x", "hunter22x");
        cases.put("password=*** Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("password=\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022 Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("token={{ token }}Zq9Lm2Xv8abc", "Zq9Lm2Xv8abc");
        cases.put("password={{ pw }}Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("password=${DB_PASSWORD}Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("password=$DB_PASSWORD Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("password=%PASS% Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("password=<password>hunter22x", "hunter22x");
        cases.put("api_key=<YOUR_API_KEY>Zq9Lm2Xv8Pq7Rt6", "Zq9Lm2Xv8Pq7Rt6");
        cases.put("api_key=YOUR_KEY_HERE Zq9Lm2Xv8Pq7Rt6", "Zq9Lm2Xv8Pq7Rt6");
        cases.put("api_key: your-api-key Zq9Lm2Xv8Pq7Rt6", "Zq9Lm2Xv8Pq7Rt6");
        cases.put("token: <token> Zq9Lm2Xv8Pq7Rt6", "Zq9Lm2Xv8Pq7Rt6");
        cases.put("api_key=<api-key> 9f8e7d6c5b4a39281706f5e4d3c2b1a0", "9f8e7d6c5b4a39281706f5e4d3c2b1a0");
        cases.put("password: <redacted> Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("password: \"\" Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("password: ${DB_PASSWORD} # Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("secret=<secret>:Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("password: {password} Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("password is ******** or Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("token: none Zq9Lm2Xv8Pq7Rt6", "Zq9Lm2Xv8Pq7Rt6");
        cases.put("{\"user\": \"password: ******** (real one: Zq9Lm2Xv8Plant13)\"}", "Zq9Lm2Xv8Plant13");
        assertMasked(cases);
    }

    @Test
    void aNameInMarkdownOrATableCellStillNamesItsSecret() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("**Password**: Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("- **API Key:** 9f8e7d6c5b4a39281706f5e4d3c2b1a0", "9f8e7d6c5b4a39281706f5e4d3c2b1a0");
        cases.put("`password`: Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("`API_KEY`=Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("__Token__: Zq9Lm2Xv8Pq7Rt6", "Zq9Lm2Xv8Pq7Rt6");
        cases.put("| password | Zq9Lm2Xv8 |", "Zq9Lm2Xv8");
        cases.put("| api_key | 9f8e7d6c5b4a39281706f5e4d3c2b1a0 |", "9f8e7d6c5b4a39281706f5e4d3c2b1a0");
        cases.put("| token | 9f8e7d6c5b4a39281706f5e4d3c2b1a0 |", "9f8e7d6c5b4a39281706f5e4d3c2b1a0");
        cases.put("| DB password | `hunter22x` |", "hunter22x");
        assertMasked(cases);
        assertEquals("**Password:** [REDACTED]", Redactor.redact("**Password:** Zq9Lm2Xv8"), "the closing ** stays");
    }

    @Test
    void aPasswordAfterProseAQualifierADashOrAFlagIsMasked() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("Password for root@db.example.com: Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("The password for admin@corp is Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("password for user alice: hunter22x", "hunter22x");
        cases.put("Password (prod): Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("Password [prod]: Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("Password (case-sensitive): hunter22x", "hunter22x");
        cases.put("Password - Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("Password \u2013 Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("Password \u2014 hunter22x", "hunter22x");
        cases.put("DB password - hunter22x", "hunter22x");
        cases.put("my password is hunter22x", "hunter22x");
        cases.put("the password is hunter22", "hunter22");
        cases.put("password hunter22x", "hunter22x");
        cases.put("password\thunter22x", "hunter22x");
        cases.put("--password hunter22x", "hunter22x");
        cases.put("ENV DB_PASSWORD hunter22x", "hunter22x");
        cases.put("pass: hunter22x", "hunter22x");
        assertMasked(cases);
    }

    @Test
    void curlAndLoginPairsAndShellDefaultsLoseTheirPassword() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("curl -u 'alice:Zq9Lm2Xv8' https://x", "Zq9Lm2Xv8");
        cases.put("curl -u \"alice:Zq9 Lm2Xv8\" https://x", "Lm2Xv8");
        cases.put("curl -ualice:Zq9Lm2Xv8 https://x", "Zq9Lm2Xv8");
        cases.put("login: alice:Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("login alice:Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("creds: alice:Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("u/p: alice/Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("${PGPASSWORD-Zq9Lm2Xv8}", "Zq9Lm2Xv8");
        cases.put("DB_PASS=${DB_PASS:-hunter22x}", "hunter22x");
        cases.put("password=${PASS}${SUFFIX:-Zq9Lm2Xv8}", "Zq9Lm2Xv8");
        cases.put("dapi0123456789ABCDEF0123456789ABCDEF", "0123456789ABCDEF0123456789ABCDEF");
        cases.put("DAPI0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef");
        assertMasked(cases);
        assertEquals("${DB_PWD:-[REDACTED]}", Redactor.redact("${DB_PWD:-Zq9Lm2Xv8}"), "the default goes, the braces stay");
        assertEquals("token: ${TOKEN:?[REDACTED]}", Redactor.redact("token: ${TOKEN:?Zq9Lm2Xv8}"));
    }

    @Test
    void theSecondReviewsSecretsAreMaskedToo() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("curl -u alice@corp.com:ATATT3xFfGF0Zq9Lm2Xv8 https://x", "ATATT3xFfGF0Zq9Lm2Xv8");
        cases.put("curl --user 'alice@corp.com:Zq9Lm2Xv8' https://x", "Zq9Lm2Xv8");
        cases.put("password for db.example.com:5432 is hunter22x", "hunter22x");
        cases.put("password for root@10.0.0.5:22 is hunter22x", "hunter22x");
        cases.put("password for https://db.example.com: hunter22x", "hunter22x");
        cases.put("password | hunter22x", "hunter22x");
        cases.put("| password | \"Zq9Lm2Xv8\" |", "Zq9Lm2Xv8");
        cases.put("${DB_PASS:-\"hunter22x\"}", "hunter22x");
        cases.put("${AUTH:-Zq9Lm2Xv8Pq7}", "Zq9Lm2Xv8Pq7");
        // the third review (rev23c): Spring's default, a secret after "to" or "at", curl's flags together and quotes
        cases.put("spring.datasource.password=${DB_PASSWORD:hunter22x}", "hunter22x");
        cases.put("password: ${SPRING_DATASOURCE_PASSWORD:Zq9Lm2Xv8}", "Zq9Lm2Xv8");
        cases.put("@Value(\"${API_KEY:Zq9Lm2Xv8Pq7Rt6}\")", "Zq9Lm2Xv8Pq7Rt6");
        cases.put("${MAX_API_KEY:-Zq9Lm2Xv8Pq7Rt6}", "Zq9Lm2Xv8Pq7Rt6");
        cases.put("export PGPASSWORD=${PGPASSWORD:-postgres}", "postgres");
        cases.put("password: ${DB_PASSWORD} # set to Zq9Lm2Xv8", "Zq9Lm2Xv8");
        cases.put("api_key=<your-key> mine is at Zq9Lm2Xv8Pq7Rt6", "Zq9Lm2Xv8Pq7Rt6");
        cases.put("curl -u alice@corp.com:'ATATT3xFfGF0Zq9Lm2Xv8' https://x", "ATATT3xFfGF0Zq9Lm2Xv8");
        cases.put("curl -su alice@corp.com:ATATT3xFfGF0Zq9Lm2Xv8 https://x", "ATATT3xFfGF0Zq9Lm2Xv8");
        cases.put("curl -u \"alice@corp.com\":\"Zq9Lm2Xv8\" https://x", "Zq9Lm2Xv8");
        cases.put("curl -u alice:\"Zq9 Lm2Xv8\" https://x", "Lm2Xv8");
        assertMasked(cases);
        assertEquals("@Value(\"${API_KEY:[REDACTED]}\")", Redactor.redact("@Value(\"${API_KEY:Zq9Lm2Xv8Pq7Rt6}\")"));
        assertEquals("api-key: ${OPENAI_API_KEY:[REDACTED]}", Redactor.redact("api-key: ${OPENAI_API_KEY:Zq9Lm2Xv8Pq7Rt6}"));
    }

    @Test
    void countsHostsVersionsAndSettingsBesideACredentialsNameStay() {
        List<String> kept = List.of(
                "password: ${DB_PASSWORD} on host db01.prod",
                "password: $DB_PASSWORD port 5432",
                "key: <name> v2.1.0",
                "api_key: <your-key> model gpt4o-mini",
                "password: {{ password }} on node01",
                "key: $KEY in region us-east1",
                "token: <TOKEN> (see https://example.com/docs/v2)",
                "token: null, max_tokens: 4096",
                "secret: null, ttl: 3600",
                "key: <KEY>, value: 12345",
                "OPENAI_API_KEY=<your key> python run.py --model gpt4o --seed 1234",
                "\"output_cost_per_token\": null, \"output_cost_per_token_above_128k_tokens\": null",
                "| token | 4096 |",
                "| Max token | 8192 |",
                "| context token | 128000 |",
                "| token | cl100k_base |",
                "| API key | v1beta |",
                "| key | abc123 |",
                "| secret | 2024 |",
                "| pwd | /home/user2 |",
                "**Token**: 4096 (max)",
                "**Token**: gpt4o-mini",
                "${TOKEN_EXPIRY:-86400}",
                "TOKEN_TTL=${TOKEN_TTL:-3600}",
                "${MAX_TOKENS:-4096}",
                "TOKEN_URL=${TOKEN_URL:-https://auth.example.com/v2/token}",
                "${SECRET_NAME:-prod/app2}",
                "TOKEN=${TOKEN:-default}",
                "echo ${API_KEY:?API_KEY is required}",
                "login localhost:8080 then click",
                "login host01:2222",
                "curl -u \"$USER:$PASS\" https://x",
                "the menu item: -menu x",
                "server.port=${SERVER_PORT:8080}",
                "${DB_PASSWORD:}");
        assertUnchanged(kept, "text without a secret was changed");
    }

    @Test
    void typeDeclarationsAndFStringsAreCodeNotValues() {
        List<String> code = List.of(
                "def verify(password: str, hashed: str) -> bool:",
                "password: str",
                "token: str = Depends(oauth2_scheme)",
                "function login(password: string): boolean {",
                "fn check(password: &str) -> bool {",
                "headers = {\"Authorization\": f\"Bearer {token}\"}",
                "    password: String,",
                "api_key: SecretStr",
                "    token: Optional[str] = None");
        assertUnchanged(code, "code was masked");
        assertEquals("password: [REDACTED]", Redactor.redact("password: str0ngPass99"), "a value that starts like a type is still a value");
        String fString = Redactor.redact("{\"Authorization\": f\"Bearer Zq9Lm2Xv8Pq7Rt6{x}\"}");
        assertFalse(fString.contains("Zq9Lm2Xv8Pq7Rt6"), "an f-string that holds a token is no code: " + fString);
    }

    @Test
    void placeholdersMarkupAndProseWithoutASecretStayAsWritten() {
        List<String> kept = List.of(
                "Password: must be at least 12 characters long",
                "token = tokenizer.encode(text)",
                "password: ${DB_PASSWORD}",
                "api_key: <your-api-key>",
                "password: ********",
                "password: ${DB_PASSWORD} (see the vault)",
                "password: ${DB_PASSWORD:-}",
                "token: none",
                "password: none of your business",
                "| password | must be 12 chars |",
                "| token | count |",
                "| Name | Type | Description |",
                "**Password**: must be at least 12 characters long",
                "**Token**: none",
                "the password is forgotten",
                "password - see the vault",
                "key: cache:user:123",
                "max_tokens=4096",
                "export PGPASSWORD=${PGPASSWORD:-}",
                "curl -u \"$USER:$PASS\" https://x",
                "the password for the staging db is stored in the vault");
        assertUnchanged(kept, "text without a secret was changed");
    }
}
