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
}
