package io.techopt.core.redact;

import io.techopt.core.Redactor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Review r26s H1 and M1: red19's exemptions for prose and code after a credential's name (NotASecret) kept values main
 * masked: a value after a word sentences start with ("it is V", "the V one"), after a word of another script
 * ("новый V"), after a keyword (new V), as a member of a settings object (env.V, this.V) or in brackets (&lt;V&gt; in
 * mixed case, {V} with a digit). Review r26t MED-2 and MED-3: a plain word or a short password after "it is" under a
 * password's name ("password: it is dragon"), and a value after a sentence word under a generic name ("token: the V one",
 * where the mask took "the").
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
            "password: it is 4111 1111 1111 1111|4111",
            // review r26t MED-2: a word or a short password after "it is", "this is", "you are" under a password's name
            "password: it is dragon|dragon",
            "Password: this is qwertyuiop|qwertyuiop",
            "password: it is pa55|pa55",
            "password: it is Tr0b!|Tr0b",
            "password: you are Zebra-Horse|Zebra-Horse",
            "password: it is correct horse|correct horse",
            "password: a horse is a horse|horse is a",
            "password: новый secretpass|secretpass",
            "{\"password\": \"it is dragon\"}|dragon",
            "secret: it is dragon|dragon",
            // review r26t MED-3: under a generic name the mask took the first word and left the value
            "token: the Zq9Lm2Xv8 one|Zq9Lm2Xv8",
            "token: it is hunter99 now|hunter99",
            "api_key: the Zq9Lm2Xv8 one|Zq9Lm2Xv8",
            "token: новый Zq9Lm2Xv8|Zq9Lm2Xv8"})
    void theValueIsMasked(String line, String value) {
        String out = Redactor.redact(line);
        assertFalse(out.contains(value), line + " -> " + out);
    }
}
