package io.techopt.core.redact;

import io.techopt.core.Redactor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Forms left in clear in every output after red18 (review r25s): a name then a tab or a space ("SECRET\tV", "TOKEN V"),
 * the credential's owner between its name and "is" ("the password for the db is V").
 */
class NamesBeforeASpaceEscapedNamesAndBracketedValuesAreMaskedTest {
    private static final String VALUE = "Zx9kQ2vLm4Pt7RwA";

    @ParameterizedTest
    @ValueSource(strings = {"SECRET\t{V}", "TOKEN {V}", "API_KEY {V}", "export API_KEY {V}", "api key {V}", "key token {V}",
            "the password for the db is {V}", "the password for the staging database is {V}.", "the api key for prod is: {V}",
            "the token for the github runner: {V}", "the secret of the vault was {V}"})
    void theValueIsMasked(String form) {
        String text = "config: " + form.replace("{V}", VALUE) + "\nend";
        String out = Redactor.redact(text);
        assertFalse(out.contains(VALUE), out);
        assertTrue(out.contains(Redactor.MASK), out);
        assertTrue(out.startsWith("config: ") && out.endsWith("\nend"), "only the value is masked: " + out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TOKEN usage was high", "the key for success is patience", "the password for the db is in the vault",
            "SECRET\tnone", "token 42 of 128", "the token for GPT-4 is 4 chars", "API_KEY OPENAI_API_KEY", "key F5 refreshes",
            "secret santa 2024 list", "the password of user 1234 was reset", "key gpt-4o-2024-08-06"})
    void proseStaysAsWritten(String line) {
        assertEquals(line, Redactor.redact(line));
    }
}
