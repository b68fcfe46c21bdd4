package io.techopt.core.redact;

import io.techopt.core.Redactor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Forms left in clear in every output after red18 (review r25s): a name then a tab or a space ("SECRET\tV", "TOKEN V"),
 * the credential's owner between its name and "is" ("the password for the db is V"), a letter of the name escaped
 * ({@code pass\u005cu0077ord=V}, {@code api%5Fkey=V}, Markdown's {@code sk\-proj\-V}), a value in brackets
 * ({@code api_key=<V>}), a subscript ({@code [api_key]=V}) and an element named by its attribute
 * ({@code <entry key="password">V</entry>}).
 */
class NamesBeforeASpaceEscapedNamesAndBracketedValuesAreMaskedTest {
    private static final String VALUE = "Zx9kQ2vLm4Pt7RwA";

    @ParameterizedTest
    @ValueSource(strings = {"SECRET\t{V}", "TOKEN {V}", "API_KEY {V}", "export API_KEY {V}", "api key {V}", "key token {V}",
            "the password for the db is {V}", "the password for the staging database is {V}.", "the api key for prod is: {V}",
            "the token for the github runner: {V}", "the secret of the vault was {V}",
            // a letter of the name escaped (JSON, URL, Markdown)
            "pass\\u0077ord={V}", "\"pass\\u0077ord\": \"{V}\"", "api\\u005fkey={V}", "api%5Fkey={V}", "https://x.example.com/v1?api%5Fkey={V}&q=1",
            "api\\_key: {V}", "sk\\-proj\\-{V}b3Xy8Hn5Jq", "the key is sk\\-proj\\-{V}b3Xy8Hn5Jq",
            // brackets, subscripts and named elements
            "api_key=<{V}>", "api_key=({V})", "[api_key]={V}", "params[api_key]={V}", "params['api_key'] = '{V}'",
            "<entry key=\"password\">{V}</entry>", "<entry key=\"api_key\">{V}</entry>", "<property name=\"db.password\">{V}</property>",
            "<property name=\"password\" value=\"{V}\"/>"})
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
            "secret santa 2024 list", "the password of user 1234 was reset", "key gpt-4o-2024-08-06",
            "well\\-known max\\_tokens setting", "see the \\u0041PI docs", "api_key=<your-api-key>", "token=(a, b)",
            "api_key=(os.getenv(\"KEY\"))", "<entry key=\"password\"></entry>", "<entry key=\"token\">the</entry>",
            "<entry key=\"comment\">Zx9kQ2vLm4Pt7RwA</entry>", "Map<String, Token> tokens = new HashMap<>();", "x[key]=value"})
    void proseStaysAsWritten(String line) {
        assertEquals(line, Redactor.redact(line));
    }
}
