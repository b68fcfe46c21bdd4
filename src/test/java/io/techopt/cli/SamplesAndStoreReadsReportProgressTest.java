package io.techopt.cli;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17: every step that can take seconds reports its progress. `samples generate` (12 s for 200k requests) and
 * reading a usage store said nothing until they ended; off a terminal they now leave one summary line, like a log read.
 */
class SamplesAndStoreReadsReportProgressTest {
    @Test
    void samplesGenerateAndAnAnalyzeOfAStoreLeaveASummaryLineOffATerminal(@TempDir Path dir) {
        Path log = dir.resolve("s.jsonl");
        Path store = dir.resolve("store");
        TestSupport.Run generate, ingest, analyze;
        // the summary is written for runs of 2 s and more; lowered so that these quick runs have one
        System.setProperty("techopt.progress.summaryAfterMs", "0");
        try {
            generate = TestSupport.cli("samples", "generate", "--requests", "5000", "--seed", "3", "--out", log.toString());
            ingest = TestSupport.cli("ingest", log.toString(), "--store", store.toString(), "-q");
            analyze = TestSupport.cli("analyze", "--store", store.toString(), "-f", "json");
        } finally {
            System.clearProperty("techopt.progress.summaryAfterMs");
        }
        assertEquals(0, generate.code(), generate.err());
        List<String> lines = generate.err().lines().toList();
        assertEquals(2, lines.size(), "a summary line, then the wrote line:\n" + generate.err());
        assertTrue(lines.get(0).startsWith("techopt: samples generate: writing requests 5,000 of 5,000 in "), lines.get(0));
        assertTrue(lines.get(1).startsWith("techopt: wrote "), lines.get(1));

        assertEquals(0, ingest.code(), ingest.err());
        assertEquals(0, analyze.code(), analyze.err());
        // counted in the store's rows (a row per logged line: a re-logged request is a row too), ending at all of them
        assertTrue(java.util.regex.Pattern.compile("techopt: analyze-logs: reading stored rows ([0-9,]+) of \\1 in ")
                .matcher(analyze.err()).find(), analyze.err());
        assertFalse(analyze.err().contains("\r") || analyze.err().contains("\u001b"), "no carriage return or escape in a log");
        assertEquals(5000, analyze.json().get("requests").asLong(), "the report is intact");
    }
}
