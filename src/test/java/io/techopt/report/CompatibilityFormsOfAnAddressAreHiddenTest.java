package io.techopt.report;

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
 * Review r15 #3: an address typed with a fullwidth '＠' (U+FF20, what CJK input methods give) or the small '﹫' (U+FE6B),
 * or wholly in fullwidth forms, passed in clear into every report, the FOCUS CSV, the store and the semantic cache's
 * index, while cache-warm's policy let the request in. NFKC makes each of them the ASCII address, so the redactor reads
 * them as that address; text without one is left exactly as it was (a CJK prompt keeps its fullwidth punctuation).
 */
class CompatibilityFormsOfAnAddressAreHiddenTest {
    @TempDir
    Path tmp;

    @Test
    void aFullwidthOrSmallAtSignIsAnAtSign() {
        String ascii = Redactor.redact("leo@example.com");
        for (String address : new String[]{"leo\uFF20example.com", "leo\uFE6Bexample.com",
                "\uFF4C\uFF45\uFF4F\uFF20\uFF45\uFF58\uFF41\uFF4D\uFF50\uFF4C\uFF45\uFF0E\uFF43\uFF4F\uFF4D"}) {
            assertEquals(ascii, Redactor.redact(address), address);
            assertTrue(Redactor.containsSecret("my key is " + address + " thanks"), address);
            assertEquals("my key is " + ascii + " thanks", Redactor.redact("my key is " + address + " thanks"));
        }
        // a fullwidth API key is a key too
        assertFalse(Redactor.redact("\uFF53\uFF4B\uFF0D\uFF50\uFF52\uFF4F\uFF4A\uFF0D" + "\uFF41".repeat(40)).contains("\uFF41\uFF41\uFF41"));
    }

    /** Review r16 #9: the whole text was folded, so a CJK sentence around an address lost its fullwidth punctuation. */
    @Test
    void onlyTheAddressIsFoldedNotTheTextAroundIt() {
        String around = "\u4ECA\u65E5\u306F\uFF0C\u9023\u7D61\u5148\uFF1A";
        String shown = Redactor.redact(around + " leo\uFF20example.com \uFF08\u6674\u308C\uFF09");
        assertEquals(around + " " + Redactor.redact("leo@example.com") + " \uFF08\u6674\u308C\uFF09", shown);
    }

    @Test
    void fullwidthTextWithoutASecretIsLeftAsItIs() {
        for (String s : new String[]{"\u4ECA\u65E5\u306F\uFF0C\u3044\u3044\u5929\u6C17\uFF01\uFF08\u6674\u308C\uFF09",
                "\uFF21\uFF22\uFF23\uFF11\uFF12\uFF13", "price\uFF1A\uFF04\uFF15"}) {
            assertEquals(s, Redactor.redact(s));
            assertFalse(Redactor.containsSecret(s), s);
        }
    }

    @Test
    void noFullwidthAddressReachesAnAnalyzeReport() throws IOException {
        Path log = tmp.resolve("fw.jsonl");
        Files.writeString(log, "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"request_id\":\"r1\",\"model\":\"gpt-4o-mini\","
                + "\"user\":\"leo\uFF20example.com\",\"team\":\"leo\uFF20example.com\",\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}\n");
        for (String format : new String[]{"json", "csv", "markdown", "html", "table"}) {
            TestSupport.Run run = TestSupport.cliWithEveryCsvTable("analyze", log.toString(), "--group-by", "team+user", "-f", format, "-q");
            assertEquals(0, run.code(), run.err());
            assertFalse(run.out().contains("leo\uFF20") || run.out().contains("example.com"), format + ": " + run.out());
        }
    }

    /**
     * Review r16 #8: one user written five ways (letter case, fullwidth or small at-sign, fullwidth letters) was five
     * --group-by user rows under one pseudonym, where a script keyed by label keeps one of them: one row per label.
     */
    @Test
    void oneAddressWrittenSeveralWaysIsOneGroupRow() throws IOException {
        StringBuilder log = new StringBuilder();
        String[] spellings = {"leo@example.com", "LEO@EXAMPLE.COM", "leo\uFF20example.com", "leo\uFE6Bexample.com",
                "\uFF4C\uFF45\uFF4F\uFF20\uFF45\uFF58\uFF41\uFF4D\uFF50\uFF4C\uFF45\uFF0E\uFF43\uFF4F\uFF4D"};
        for (int i = 0; i < spellings.length; i++) {
            log.append("{\"timestamp\":\"2026-10-01T10:0" + i + ":00Z\",\"request_id\":\"r" + i + "\",\"model\":\"gpt-4o-mini\","
                    + "\"user\":\"" + spellings[i] + "\",\"team\":\"ops\",\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}\n");
        }
        Path file = tmp.resolve("spellings.jsonl");
        Files.writeString(file, log.toString());
        TestSupport.Run run = TestSupport.cli("analyze", file.toString(), "--group-by", "user", "-f", "json", "-q");
        assertEquals(0, run.code(), run.err());
        com.fasterxml.jackson.databind.JsonNode rows = run.json().at("/groups/0/rows");
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(5, rows.get(0).get("requests").asLong());
    }
}
