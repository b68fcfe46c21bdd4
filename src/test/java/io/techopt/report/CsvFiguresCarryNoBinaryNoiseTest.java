package io.techopt.report;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review rev21 LOW-10: analyze's csv printed sums of costs with binary noise in their 15th digit (0.810293500000001,
 * p95 20052.1599999999), which finance reads as a figure that does not reconcile.
 */
class CsvFiguresCarryNoBinaryNoiseTest {
    @Test
    void aSumWithNoiseInItsFifteenthDigitIsWrittenAsTheFigureItAddsUpTo() {
        assertEquals("0.8102935", Fmt.raw(0.8102935 + 1e-15));
        assertEquals("20052.16", Fmt.raw(20052.1599999999));
        assertEquals("-0.0282056", Fmt.raw(-0.0282055999999999));
        assertEquals("23512.061163", Fmt.raw(23512.061163));
        assertEquals("1234567890.12", Fmt.raw(1234567890.12), "cents of a billion dollars");
        assertEquals("0.000000123456789012", Fmt.raw(1.23456789012e-7), "a small share keeps its digits");
    }

    @Test
    void noCellOfAnalyzesCsvOnTheSampleEndsInARunOfZerosOrNines() {
        String csv = TestSupport.everyCsvTable("analyze", "-f", "csv", "-q", "samples/requests.jsonl.gz", "--group-by", "team", "--group-by", "session");
        assertTrue(csv.lines().count() > 100 && csv.contains("(total)"), csv);
        assertFalse(Pattern.compile("\\.\\d*(0000000[1-9]|9999999\\d?)(,|$)", Pattern.MULTILINE).matcher(csv).find(), csv);
    }
}
