package io.techopt.compress;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 (adversarial review): `--keep-turns -3` was accepted, and `--rate 0` was refused while the help said 0-1.
 * The help now says "above 0, at most 1" and the check agrees; a usage error exits 2 (cli.md) and names the option.
 */
class CompressOptionValidationTest {
    static final String CHAT = "[{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": \"My flight "
            + "TP218 departs at 19:05. It arrives at 08:20.\"}, {\"role\": \"assistant\", \"content\": \"Noted. Anything else?\"}, "
            + "{\"role\": \"user\", \"content\": \"When does it land?\"}]";

    @TempDir
    Path tmp;

    @Test
    void rateAboveZeroUpToOneIsAcceptedAndEveryOtherValueIsAUsageErrorSayingTheRange() throws IOException {
        Path conv = TestSupport.write(tmp, "conv.json", CHAT);
        Path log = TestSupport.write(tmp, "log.jsonl", "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\","
                + "\"messages\":" + CHAT + ",\"usage\":{\"input_tokens\":60,\"output_tokens\":5}}\n");
        for (Path input : new Path[]{conv, log}) {
            for (String ok : new String[]{"1", "1.0", "0.0001", "0.5"}) {
                TestSupport.Run run = TestSupport.cli("compress", "-q", "-f", "json", "--rate", ok, input.toString());
                assertEquals(0, run.code(), "--rate " + ok + " on " + input.getFileName() + ": " + run.err());
            }
            for (String bad : new String[]{"0", "0.0", "1.0001", "-0.1", "NaN", "Infinity"}) {
                TestSupport.Run run = TestSupport.cli("compress", "-q", "-f", "json", "--rate", bad, input.toString());
                assertEquals(2, run.code(), "--rate " + bad + " is a usage error: " + run.out() + run.err());
                assertTrue(run.err().contains("--rate must be above 0 and at most 1"), run.err());
                assertEquals("", run.out(), "no report for a usage error");
            }
        }
        TestSupport.Run help = TestSupport.cli("compress", "--help");
        assertTrue(help.out().replaceAll("\\s+", " ").contains("above 0, at most 1"), "the help says what the check accepts:\n" + help.out());
    }

    @Test
    void negativeKeepTurnsIsAUsageErrorNamingTheOption() throws IOException {
        Path conv = TestSupport.write(tmp, "conv.json", CHAT);
        for (String bad : new String[]{"-3", "-1"}) {
            TestSupport.Run run = TestSupport.cli("compress", "-q", "-f", "json", "--rate", "0.5", "--keep-turns", bad, conv.toString());
            assertEquals(2, run.code(), "--keep-turns " + bad + ": " + run.out() + run.err());
            assertTrue(run.err().contains("--keep-turns must be 0 or more"), run.err());
        }
        for (String ok : new String[]{"0", "1", "5"}) {
            TestSupport.Run run = TestSupport.cli("compress", "-q", "-f", "json", "--rate", "0.5", "--keep-turns", ok, conv.toString());
            assertEquals(0, run.code(), "--keep-turns " + ok + ": " + run.err());
        }
    }
}
