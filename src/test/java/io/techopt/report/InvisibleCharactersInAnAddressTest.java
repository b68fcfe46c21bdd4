package io.techopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.techopt.TestSupport;
import io.techopt.core.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r16 #2, #3: an invisible character in an address (a zero-width space, soft hyphen, BOM, bidi mark or control
 * character, as copy-paste from web pages and PDFs leaves them) kept it in clear in the store, the cache index and the
 * FOCUS CSV; and in JSON, where the character is written as a {@code \\uXXXX} escape, the address was matched from the
 * escape's letters on, leaving a bare backslash: invalid JSON ("ops\\<email:…>"). The redactor reads the address without
 * such characters; in JSON text an escape is part of the address it sits in.
 */
class InvisibleCharactersInAnAddressTest {
    @TempDir
    Path tmp;

    static final String[] INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f", "\u202e", "\u0007", "\u001f",
            "\uDB40\uDC41", "\uDB40\uDC7F"}; // Unicode tag characters U+E0041, U+E007F (review r17 #1)

    @Test
    void anInvisibleCharacterInAnAddressDoesNotHideItFromTheRedactor() {
        String plain = Redactor.redact("ops@corp.com");
        for (String c : INVISIBLE) {
            for (String address : new String[]{"ops" + c + "@corp.com", "ops@co" + c + "rp.com", c + "ops@corp.com"}) {
                String shown = Redactor.redact("team " + address + " end");
                assertFalse(shown.contains("corp") || shown.contains("ops@"), Integer.toHexString(c.charAt(0)) + ": " + shown);
                assertTrue(shown.contains(plain), "the same pseudonym as ops@corp.com: " + shown);
                assertTrue(Redactor.containsSecret(address), address);
            }
        }
    }

    @Test
    void anEscapedInvisibleCharacterBeforeTheAtSignLeavesValidJson() throws IOException {
        String plain = Redactor.redact("ops@corp.com");
        for (String c : INVISIBLE) {
            if (Character.isSurrogate(c.charAt(0))) {
                continue; // a supplementary character is written as itself in JSON, not as an escape
            }
            String json = "{\"team\": \"ops" + String.format("\\u%04x", (int) c.charAt(0)) + "@corp.com\"}";
            String shown = Redactor.redact(json);
            JsonNode parsed = new ObjectMapper().readTree(shown); // throws on "ops\<email:…>"
            assertFalse(parsed.get("team").asText().contains("corp"), shown);
            assertTrue(shown.contains(plain), shown);
        }
    }

    @Test
    void reportsOfALogWithSuchAnAddressAreValidAndHideIt() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < INVISIBLE.length; i++) {
            String team = "t" + i + INVISIBLE[i] + "@corp.com";
            log.append(new ObjectMapper().writeValueAsString(java.util.Map.of("timestamp", "2026-10-01T10:00:00Z", "request_id", "r" + i,
                    "model", "gpt-4o-mini", "team", team, "user", "u" + i + "@co" + INVISIBLE[i] + "rp.com",
                    "usage", java.util.Map.of("input_tokens", 100, "output_tokens", 10)))).append('\n');
        }
        Path file = tmp.resolve("inv.jsonl");
        Files.writeString(file, log.toString());
        TestSupport.Run analyze = TestSupport.cli("analyze", file.toString(), "--group-by", "team+user", "-f", "json", "-q");
        assertEquals(0, analyze.code(), analyze.err());
        JsonNode j = new ObjectMapper().readTree(analyze.out()); // valid JSON
        assertFalse(j.toString().contains("corp") || j.toString().contains("rp.com"), j.get("groups").toString());
        Path focus = tmp.resolve("focus.csv");
        TestSupport.Run forecast = TestSupport.cli("cost-forecast", file.toString(), "--by", "team", "--focus-csv", focus.toString(),
                "-f", "json", "-q");
        new ObjectMapper().readTree(forecast.out());
        String csv = Files.readString(focus);
        assertFalse(csv.contains("corp") || csv.contains("rp.com"), csv);
    }
}
