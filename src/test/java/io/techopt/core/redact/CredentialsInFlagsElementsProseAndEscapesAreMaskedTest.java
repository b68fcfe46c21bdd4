package io.techopt.core.redact;

import io.techopt.core.Redactor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Forms that kept a credential in clear in every output (review r24s, second list): a generic name alone before its
 * operator, command-line flags, XML elements, prose ("password is V"), JSON/HTML/URL-escaped operators, Cyrillic and
 * Greek look-alike letters in the name, YAML block scalars, a password holding '&amp;'. V matches no provider's pattern.
 */
class CredentialsInFlagsElementsProseAndEscapesAreMaskedTest {
    private static final String KEY = "Qh7vT2xLp9Wm4Zr8Kc3Nb6Yd1Fs5Gj0A";
    private static final String PASSWORD = "Tr0ub4dor&3xyz";

    @ParameterizedTest
    @ValueSource(strings = {
            // 1. a generic name alone before its operator
            "Key = {V}", "key: {V}", "key={V}", "auth: {V}", "pass: {P}",
            // 2. flags (-p only with a value no port, path or word has)
            "--password {P}", "--pass {P}", "-p {P}", "mysql -u root -p{P} db", "curl -u admin:{P} https://x.example.com",
            // 3. elements and .NET appSettings
            "<password>{P}</password>", "<apiKey>{V}</apiKey>", "<api_key>{V}</api_key>", "<token>{V}</token>",
            "<secret>{V}</secret>", "<add key=\"ApiKey\" value=\"{V}\"/>",
            // 4. prose
            "password is {P}", "the api key is {V}", "my token is: {V}", "my password is {P}", "the secret is {V}",
            "passwd {P}", "set password {P}", "api key: {V}", "API KEY = {V}",
            // 5. escaped operators and quotes
            "api_key\\u003d{V}", "api_key\\u003a{V}", "api_key\\u003d\\u0022{V}\\u0022", "api_key%3D{V}", "api_key&#61;{V}",
            "api_key&equals;{V}", "&quot;password&quot;: &quot;{P}&quot;",
            // 6. Cyrillic and Greek look-alikes in the name
            "p\u0430ssword={P}", "t\u043eken={V}", "\u0455ecret={V}", "\u0430pi_key={V}", "api_k\u0435y: {V}", "t\u03bfken={V}",
            // YAML block scalars
            "api_key: |\n  {V}", "api_key: >-\n  {V}", "password: |\n    {P}",
            // a password holding '&' outside a URL's query
            "db_pass={P}", "PGPASSWORD={P}"})
    void theValueIsMasked(String form) {
        // a password's value runs to the end of its line (a passphrase may hold spaces), so the text goes on on the next
        String text = "config: " + form.replace("{V}", KEY).replace("{P}", PASSWORD) + "\nend";
        String out = Redactor.redact(text);
        assertFalse(out.contains(KEY) || out.contains("Tr0ub4dor") || out.contains("3xyz"), out);
        assertTrue(out.contains(Redactor.MASK), out);
        assertTrue(out.startsWith("config: ") && out.endsWith("\nend"), "only the value is masked: " + out);
    }

    /** Look-alike lines that hold no credential: they stay exactly as written. */
    @ParameterizedTest
    @ValueSource(strings = {"the key is to cache prompts", "token usage was high", "password reset emails are sent daily",
            "Key = value pairs", "Key: Value", "pass --api-key to the cli", "use --api-key with your key", "use --password to set it",
            "set --password when asked", "Token count: 1234", "The key is: consistency", "my password is forgotten",
            "the api key is invalid", "the api key is missing from the request", "password is required", "<password></password>",
            "<token>the</token>", "<key>Escape</key>", "the token is the unit of text", "the secret is out", "key points: speed, cost",
            "Key takeaways: caching helps", "-p 8080", "docker run -p 8080:80 nginx", "ssh -p 2222 host", "mkdir -p src/main/java",
            "python -m pip install -p pkg", "the model is gpt-4o-2024-08-06", "key: claude-3-5-sonnet-20241022",
            "the key is ctrl+shift+P", "password is 8 characters long", "pass: the ball to the left",
            "Москва — столица России", "Ключ к успеху — терпение", "αβγ = 3", "p\u0430ssword reset",
            "see the percent-encoded %3D sign", "a &#61; b", "api_key: |", "user_id=12345 and key=value"})
    void benignLinesStayUntouched(String line) {
        assertEquals(line, Redactor.redact(line));
    }
}
