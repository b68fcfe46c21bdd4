package io.techopt.report;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review of 625f5b4: a name longer than the label cap was cut first and redacted after, so a credential straddling the
 * cut lost its tail, was no longer recognised and its prefix ({@code ghp_fzQWx…}) was shown. Redact first, then cut.
 */
class LongNamesAreRedactedBeforeTheyAreCutTest {
    private static final String KEY = "ghp_fzQWxTeKarnpIiTPub8ioTTCrbHBR7VGkrAi";

    @TempDir
    Path tmp;

    @Test
    void aCredentialAcrossTheLabelCapShowsNoPrefixInAnyFormat() throws Exception {
        StringBuilder log = new StringBuilder();
        // the key starts at every offset around the 200-character cap (and around the table's and html's cell caps)
        for (int pad = 0; pad < 420; pad += 3) {
            String a = "a".repeat(pad);
            log.append("{\"timestamp\":\"2026-10-01T00:00:00Z\",\"request_id\":\"t").append(pad).append("\",\"model\":\"m").append(a)
                    .append('-').append(KEY).append("-tail\",\"team\":\"x").append(a).append(' ').append(KEY)
                    .append("\",\"usage\":{\"input_tokens\":10,\"output_tokens\":2}}\n");
        }
        Path in = TestSupport.write(tmp, "trunc.jsonl", log.toString());
        List<String> leaks = new ArrayList<>();
        for (String f : List.of("table", "csv", "html", "markdown", "json")) {
            TestSupport.Run run = TestSupport.cliWithEveryCsvTable("analyze", in.toString(), "-g", "team", "-g", "model+team", "-f", f);
            assertEquals(0, run.code(), run.err());
            for (String line : (run.out() + "\n" + run.err()).split("\n")) {
                if (line.contains("ghp_")) {
                    leaks.add(f + ": " + line.substring(Math.max(0, line.indexOf("ghp_") - 20), Math.min(line.length(), line.indexOf("ghp_") + 30)));
                }
            }
        }
        assertTrue(leaks.isEmpty(), leaks.size() + " lines show a credential's prefix:\n" + String.join("\n", leaks.subList(0, Math.min(20, leaks.size()))));
    }
}
