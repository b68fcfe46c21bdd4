package io.techopt.core.redact;

import io.techopt.core.RedactingWriter;
import io.techopt.core.Redactor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringWriter;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review rev21 MED-2: "password: it's V" masked "it" and kept V (the value stopped at the apostrophe), "my password's V"
 * was never read, an environment variable's fallback in JavaScript, Ruby and Python, a C# verbatim string, redis-cli's -a
 * and "creds: user / V" were kept; LOW-3: a dictionary-word password under a translated label was kept where "password:"
 * masks it. MED-1: a rule sentence kept on its own was masked when a JSON line or a table row went on after it, as
 * compress --write's and the renderers' whole-line redaction sees it.
 */
class ContractionsEnvironmentFallbacksAndWholeOutputLinesTest {
    private static final String KEY = "Zq9Lm2Xv8Rt4Yu6S";

    @ParameterizedTest
    @ValueSource(strings = {"password: it's {P}", "password: that's {P}", "token: it's {V}", "my password's {P}", "the secret's {V}",
            "Password: it\u2019s {P}",
            "const key = process.env.API_KEY || \"{V}\";", "const key = process.env.API_KEY ?? '{V}';",
            "api_key = ENV.fetch(\"API_KEY\", \"{V}\")", "api_key = os.getenv(\"API_KEY\") or \"{V}\"",
            "string ApiKey = @\"{V}\";", "redis-cli -a {V} -h cache", "redis-cli -h cache -p 6379 -a {V}",
            "Here are my creds: admin / {V}",
            "пароль: qwerty98765", "Passwort: hunter22"})
    void theValueIsMasked(String form) {
        String line = form.replace("{V}", KEY).replace("{P}", "dragon42");
        String out = Redactor.redact(line);
        assertFalse(out.contains(KEY) || out.contains("dragon42") || out.contains("qwerty98765") || out.contains("hunter22"), line + " -> " + out);
        assertTrue(out.contains(Redactor.MASK), out);
        assertEquals(out, Redactor.redact(out), "masked again (compress --write redacts the field, then its line): nothing more");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Password: must be at least 12 characters long", "password: must contain a digit",
            "Password: must be 8+ chars, rotate every 90 days", "Password: must be 8+ chars, e.g. abc123",
            "password: the user's password, from env", "Why is the policy Password: must be 8+ chars, rotate every 90 days so strict?"})
    void aLineGoingOnAfterTheFieldGivesWhatTheFieldAloneGives(String field) {
        assertEquals(field, Redactor.redact(field), "the field alone");
        for (String after : new String[]{"\"}],\"x\":{\"y\":10}", "\",\"tokens\":10", "\"}],\"usage\":{\"output_tokens\":1}"}) {
            String json = "{\"content\":\"" + field + after;
            assertEquals(json, written(json), "a JSON line");
        }
        String row = "  gpt-4o-mini  " + field + "      2  0.0000105  4.2e-05";
        assertEquals(row, written(row), "a table row");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"content\":\"password: it is dragon\"}],\"x\":{\"y\":10}",
            "  gpt-4o-mini  Password: must be 12 chars  Zq9Lm2Xv8Rt4   2  4.2e-05"})
    void aCredentialOnSuchALineIsStillMasked(String line) {
        String out = written(line);
        assertFalse(out.contains("dragon") || out.contains("Zq9Lm2Xv8Rt4"), out);
    }

    /** The line as compress --write's and the renderers' writer puts it out. */
    private static String written(String line) {
        StringWriter sink = new StringWriter();
        try (RedactingWriter w = new RedactingWriter(sink, UnaryOperator.identity(), false)) {
            w.write(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return sink.toString();
    }
}
