package io.techopt.cli;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r19 N9: one file, two sizes: `samples generate` said `wrote 200k.jsonl (739 MB), 200000 requests` (binary
 * units labelled MB, no thousands separator) while the progress bar and the read summary of the same 774,521,723-byte
 * file said 774.5 MB. "wrote" lines use decimal units, as the bar does, and counts their separators.
 */
class WroteLinesUseTheProgressBarsUnitsTest {
    @TempDir
    Path tmp;

    @Test
    void sizesAreDecimalAsInTheProgressBar() {
        assertEquals("775 MB", WrittenFiles.size(774_521_723L));
        assertEquals("4.8 KB", WrittenFiles.size(4_831));
        assertEquals("999 B", WrittenFiles.size(999));
        assertEquals("1.0 KB", WrittenFiles.size(1_000));
        assertEquals("1.5 GB", WrittenFiles.size(1_500_000_000L));
    }

    /** Review r20g L4: 999,999 bytes said "1000 KB"; a value that rounds up to the next unit is given in that unit. */
    @Test
    void aSizeThatRoundsUpToTheNextUnitIsGivenInIt() {
        assertEquals("1.0 MB", WrittenFiles.size(999_999));
        assertEquals("10 KB", WrittenFiles.size(9_999));
        assertEquals("1.0 GB", WrittenFiles.size(999_600_000L));
        assertEquals("999 MB", WrittenFiles.size(999_400_000L));
    }

    @Test
    void samplesGenerateSaysItsCountWithSeparatorsAndItsSizeInDecimalUnits() throws IOException {
        Path out = tmp.resolve("s.jsonl");
        TestSupport.Run run = TestSupport.cli("samples", "generate", "--requests", "1500", "--seed", "1", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        String size = WrittenFiles.size(Files.size(out));
        assertTrue(run.err().contains("wrote " + out + " (" + size + "), 1,500 requests"), run.err());
    }
}
