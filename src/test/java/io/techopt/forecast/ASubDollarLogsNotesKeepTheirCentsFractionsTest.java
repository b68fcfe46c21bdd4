package io.techopt.forecast;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r23f L-c: notes rounded sub-cent figures away ("$0.01; the total's own fit reads $0.00" for 0.009444 and
 * 0.001957): on a sub-dollar log a note said nothing. Every dollar figure of a note is now written by one formatter
 * (Dollars): cents from $1, 3 significant digits under it.
 */
class ASubDollarLogsNotesKeepTheirCentsFractionsTest {
    @TempDir
    static Path dir;

    @Test
    void oneFormatKeepsThreeSignificantDigitsUnderADollarAndCentsAboveIt() {
        assertEquals("0.00944", Dollars.of(0.009444));
        assertEquals("0.50", Dollars.of(0.5));
        assertEquals("0.123", Dollars.of(0.12345));
        assertEquals("1.00", Dollars.of(0.99999));
        assertEquals("12.35", Dollars.of(12.345001));
        assertEquals("-0.0104", Dollars.of(-0.010401));
        // only amounts after a "$" change; percentages, counts and plain numbers keep their own format
        assertEquals("3 days at 12.5% cost $0.00148 (typical $2.00), ratio 0.0012",
                Dollars.format("%d days at %.1f%% cost $%.2f (typical $%.2f), ratio %.4f", 3, 12.5, 0.001479, 2.0, 0.0012));
    }

    /** 40 days of 24 small gpt-4o-mini requests a day (about $0.0015), 10x on 2026-10-21: a spike note on a sub-dollar log. */
    @Test
    void aSpikeNoteOnASubDollarLogShowsItsFigures() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            LocalDate d = LocalDate.parse("2026-10-01").plusDays(i);
            for (int h = 0; h < 24; h++) {
                int tokens = (300 + (i * 7 + h * 13) % 61) * (i == 20 ? 10 : 1);
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:10:00Z", h))
                        .append("\",\"model\":\"gpt-4o-mini\",\"usage\":{\"input_tokens\":").append(tokens)
                        .append(",\"output_tokens\":20}}\n");
            }
        }
        Path log = TestSupport.write(dir, "tiny.jsonl", sb.toString());
        String w = TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString()).json().get("warnings").toString();
        // was "2026-10-21 ($0.01 against a typical $0.00)" and "would add about $0.01"
        assertTrue(Pattern.compile("2026-10-21 \\(\\$0\\.01[0-9]+ against a typical \\$0\\.00[1-9][0-9]*\\)").matcher(w).find(), w);
        assertTrue(Pattern.compile("would add about \\$0\\.0[0-9]{3}").matcher(w).find(), w);
        assertFalse(Pattern.compile("\\$0\\.00(?![0-9])").matcher(w).find(), "a non-zero figure read as $0.00: " + w);
    }
}
