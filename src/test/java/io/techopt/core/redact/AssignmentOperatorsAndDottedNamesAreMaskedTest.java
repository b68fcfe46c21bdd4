package io.techopt.core.redact;

import io.techopt.core.Redactor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Assignments written with Go's and Makefiles' operators, properties' dotted names, or a zero-width space before the
 * operator kept their value in clear in every output (review r24s M1: "client_secret := V" became
 * "client_secret :[REDACTED] V", the '=' taken for the value).
 */
class AssignmentOperatorsAndDottedNamesAreMaskedTest {
    private static final String VALUE = "Zx9Qw7Lm3Np5Rt8Vb2Kc";

    @ParameterizedTest
    @ValueSource(strings = {"client_secret := ", "AccessKeyId := ", "API_KEY ?= ", "api_key += ", "my.api.key=",
            "spring.client.secret = ", "api_key\u200b=", "access.key.id: "})
    void theValueIsMasked(String assignment) {
        String out = Redactor.redact("config: " + assignment + VALUE + " end");
        assertFalse(out.contains(VALUE), out);
        assertTrue(out.contains(Redactor.MASK), out);
        assertTrue(out.endsWith(" end"), "only the value is masked: " + out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"the key := the answer", "a += b and x ?= y", "see docs.api.key for details"})
    void proseKeepsItsWords(String prose) {
        String out = Redactor.redact(prose);
        assertFalse(out.contains(Redactor.MASK), out);
    }
}
