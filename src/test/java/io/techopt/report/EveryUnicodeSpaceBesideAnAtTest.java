package io.techopt.report;

import io.techopt.TestSupport;
import io.techopt.core.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Review r18 F1: only the three no-break spaces beside an '@' were read away; a thin, en, em, hair, medium
 * mathematical or ideographic space (U+3000, from CJK input methods) or a TAB left the address in clear in reports,
 * the cache and the store.
 */
class EveryUnicodeSpaceBesideAnAtTest {
    @TempDir
    Path tmp;

    private static final String[] SPACES = {"\u2009", "\u2002", "\u2003", "\u200a", "\u205f", "\u3000", "\t", "\u2009\u2009"};

    @Test
    void anyUnicodeSpaceOrTabBesideTheAtSignDoesNotHideTheAddress() {
        String plain = Redactor.redact("ana.private@corp.example.org");
        for (String c : SPACES) {
            String shown = Redactor.redact("write to ana.private" + c + "@" + c + "corp.example.org now");
            assertEquals("write to " + plain + " now", shown, Integer.toHexString(c.charAt(0)));
            assertEquals("mail " + plain, Redactor.redact("mail ana.private@" + c + "corp.example.org"));
        }
    }

    @Test
    void aLabelThatIsOneAddressWithAsciiSpacesAroundItsAtIsThatAddress() {
        assertEquals(Redactor.label("ana.private@corp.example.org"), Redactor.label("ana.private @ corp.example.org"));
        assertEquals(Redactor.label("ana.private@corp.example.org"), Redactor.label("ana.private  @corp.example.org"));
        assertEquals("growth @ home", Redactor.label("growth @ home"));
        assertEquals("y = x @ w.T", Redactor.label("y = x @ w.T"));
    }

    @Test
    void handlesTimesAndCodeStayAsWritten() {
        for (String text : new String[]{"follow us\u3000@techopt", "meet me\u2009@\u2009noon", "y = x @ w.T", "a\t@\tb",
                "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t@ home"}) {
            assertEquals(text, Redactor.redact(text));
        }
    }

    @Test
    void noAddressPaddedWithAThinOrIdeographicSpaceReachesAGroupRow() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < SPACES.length; i++) {
            String sp = SPACES[i].replace("\t", "\\t");
            log.append("{\"timestamp\":\"2026-10-01T10:0").append(i).append(":00Z\",\"model\":\"gpt-4o-mini\",\"user\":\"ana.private")
                    .append(sp).append("@").append(sp).append("corp.example.org\",\"prompt\":\"hi\",\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}\n");
        }
        Path file = TestSupport.write(tmp, "sp.jsonl", log.toString());
        for (String format : new String[]{"csv", "json", "html"}) {
            TestSupport.Run run = TestSupport.cliWithEveryCsvTable("analyze", file.toString(), "--group-by", "user", "-f", format, "-q");
            assertEquals(0, run.code(), run.err());
            assertFalse(run.out().contains("corp.example") || run.out().contains("ana.private"), format + ": " + run.out());
        }
    }
}
