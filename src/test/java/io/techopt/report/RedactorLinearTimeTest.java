package io.techopt.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import io.techopt.core.Redactor;
import org.junit.jupiter.api.Test;

class RedactorLinearTimeTest {

    /** A word ending in a credential suffix was retried from every position of a long word: 40k letters took 14 s. */
    @Test
    void aLongWordWithoutSpacesIsRedactedInLinearTime() {
        Random r = new Random(18);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 400_000; i++) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        String word = b.toString();
        // generous: linear work is well under a second; the quadratic rule needed over an hour for this size
        String out = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Redactor.redact(word));
        assertEquals(word, out);
        assertEquals("DB_PASS=" + "[REDACTED]", Redactor.redact("DB_PASS=SuperSecret123"));
    }

    /**
     * Each rule added after the review of 625f5b4, fed 400k characters built from its own prefix or shape repeated: a rule
     * that retried from every position would take minutes; linear ones take well under a second each.
     */
    @Test
    void theRepeatedPrefixOfEveryReviewedRuleIsRedactedInLinearTime() {
        Random r = new Random(625);
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 400_000; i++) {
            hex.append("0123456789abcdef".charAt(r.nextInt(16)));
        }
        java.util.List<String> inputs = new java.util.ArrayList<>(java.util.List.of(hex.toString(), "token " + hex, "key-" + hex));
        for (String unit : java.util.List.of("key-", "a%40", "cookie: ", "Cookie:a=", "token ", "EAAA", "?key=", "&token=", "sk-a", "sk-", "A3-",
                "pat", "PMAK-a", "HRKU-", "lin_api_", "hvs.", "atlasv1.", "AGE-SECRET-KEY-1", "-us1", "password: ", "ATBB", "1234567890123456|",
                "eyJrIjoi", "ZXlK", "sgp_", "pcsk_", "_mmk", "aA1",
                // the provider-keyword rule: a name, then words or an operator, then a value
                "datadog ", "twilio: ", "heroku key is ", "x-datadog-", "cohere 1a2b3c4d5e6f7a8b9c0d1e2f ", "datadog_aaaaaaaaaaaaaaaaaaaaaaaaa")) {
            inputs.add(unit.repeat(400_000 / unit.length()));
        }
        for (String in : inputs) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Redactor.redact(in), in.substring(0, 20));
        }
    }
}
