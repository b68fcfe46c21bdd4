package io.techopt.ingest;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r18 F9a: a binary file named .jsonl whose first bytes hold a comma was sniffed as CSV ("CSV header has no
 * timestamp column"), although its first line is not even UTF-8. It is read as lines, and the error names the bad bytes.
 */
class ABinaryFileIsNotReadAsCsvTest {
    @TempDir
    Path tmp;

    @Test
    void binaryBytesWithACommaAreNotACsvHeader() throws IOException {
        byte[] bin = {(byte) 0x8e, 0x3f, (byte) 0xd0, (byte) 0xe0, 'v', 'e', '3', (byte) 0x94, '_', '/', '8', '(', (byte) 0x9b, '[',
                (byte) 0xf8, ',', (byte) 0x94, (byte) 0xa3, 'm', 0x02, (byte) 0xe7, '\n', 0x01, 0x02, 0x03, (byte) 0xff, '\n'};
        Path f = Files.write(tmp.resolve("bin.jsonl"), bin);
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", f.toString());
        assertEquals(3, run.code(), run.err());
        assertFalse(run.err().contains("CSV"), run.err());
        assertTrue(run.err().contains("UTF-8"), run.err());
        // a real CSV log is still CSV
        Path csv = TestSupport.write(tmp, "log.csv", "timestamp,model,input_tokens,output_tokens\n2026-10-01T10:00:00Z,gpt-4o-mini,100,10\n");
        assertEquals(0, TestSupport.cli("analyze", "-f", "json", "-q", csv.toString()).code());
    }
}
