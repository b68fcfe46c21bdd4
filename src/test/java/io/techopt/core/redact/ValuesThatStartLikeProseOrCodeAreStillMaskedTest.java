package io.techopt.core.redact;

import io.techopt.core.Redactor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Review r26s H1 and M1: red19's exemptions for prose and code after a credential's name (NotASecret) kept values main
 * masked: a value after a word sentences start with ("it is V", "the V one"), after a word of another script
 * ("новый V"), after a keyword (new V), as a member of a settings object (env.V, this.V) or in brackets (&lt;V&gt; in
 * mixed case, {V} with a digit).
 */
class ValuesThatStartLikeProseOrCodeAreStillMaskedTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"password\": \"it is Zq9Lm2Xv8\"}|Zq9Lm2Xv8",
            "DB_PASSWORD=the Zq9Lm2Xv8 one|Zq9Lm2Xv8",
            "password: the quick brown fox 42|quick brown fox",
            "Password: the new one is Zq9Lm2Xv8|Zq9Lm2Xv8",
            "password: новый Zq9Lm2Xv8|Zq9Lm2Xv8",
            "password = new Zq9Lm2Xv8|Zq9Lm2Xv8",
            "password = env.Zq9Lm2X|Zq9Lm2X",
            "password = this.hunter2|hunter2",
            "password=<Secret-Horse-Battery>|Secret-Horse-Battery",
            "password={Zq9Lm2Xv8}|Zq9Lm2Xv8",
            // review r26t HIGH-1: a PIN after a word sentences start with
            "password: it is 12345678|12345678",
            "{\"password\": \"it is 12345678\"}|12345678",
            "DB_PASSWORD=the 12345678 one|12345678",
            "password: it is 4111 1111 1111 1111|4111"})
    void theValueIsMasked(String line, String value) {
        String out = Redactor.redact(line);
        assertFalse(out.contains(value), line + " -> " + out);
    }
}
