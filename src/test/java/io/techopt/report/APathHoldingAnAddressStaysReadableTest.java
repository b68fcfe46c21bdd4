package io.techopt.report;

import io.techopt.TestSupport;
import io.techopt.core.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r18 F9h: a path holding an address was swallowed whole into one pseudonym ('/' is RFC 5322 atext, and the
 * log's extension was read as part of the domain), so messages no longer said which file.
 */
class APathHoldingAnAddressStaysReadableTest {
    @TempDir
    Path tmp;

    @Test
    void theDirectoriesAndTheExtensionStayOnlyTheAddressIsReplaced() {
        String leo = Redactor.redact("leo.secret@example.com"), second = Redactor.redact("second-leo.secret@example.com");
        assertEquals("reading /data/users/" + leo + "/logs/" + second + ".jsonl.gz:24: bad line",
                Redactor.redact("reading /data/users/leo.secret@example.com/logs/second-leo.secret@example.com.jsonl.gz:24: bad line"));
        assertEquals("logs/day1/" + leo + ".csv", Redactor.redact("logs/day1/leo.secret@example.com.csv"));
        assertEquals("./" + leo + ".log", Redactor.redact("./leo.secret@example.com.log"));
    }

    @Test
    void anAddressWithOneSlashOrARealTldIsStillHiddenWhole() {
        assertEquals(Redactor.redact("x a/b@example.com").indexOf("a/"), -1, Redactor.redact("x a/b@example.com"));
        assertFalse(Redactor.redact("leo@example.zip").contains("zip"), "a TLD, not an extension");
        assertFalse(Redactor.redact("leo@corp.json").contains("corp"), "no host left before the extension: hidden whole");
    }

    @Test
    void aBadLineInAFileNamedAfterAnAddressNamesTheFile() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("users/leo.secret@example.com/logs"));
        Path file = TestSupport.write(dir, "day-leo.secret@example.com.jsonl",
                "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}\nnot json\n");
        TestSupport.Run run = TestSupport.cli("analyze", file.toString(), "-f", "json");
        assertFalse(run.err().contains("leo.secret") || run.out().contains("leo.secret"), run.err());
        assertTrue(run.err().contains("/logs/" + Redactor.redact("day-leo.secret@example.com") + ".jsonl:2"), run.err());
    }
}
