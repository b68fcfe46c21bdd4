package io.techopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Review of 625f5b4: teams sk-platform and sk-search became two identical [REDACTED] rows; prose about passwords was masked. */
class NamesThatLookLikeKeysButAreNotTest {
    @TempDir
    Path tmp;

    private static String line(int i, String team, String model, String prompt) {
        return "{\"timestamp\":\"2026-10-01T0" + i % 10 + ":00:00Z\",\"request_id\":\"r" + i + "\",\"model\":\"" + model + "\",\"team\":\"" + team
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}],\"usage\":{\"input_tokens\":10,\"output_tokens\":2}}\n";
    }

    @Test
    void teamsAndModelsNamedSkSomethingKeepTheirNamesAndStayApart() throws Exception {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            log.append(line(i, i % 2 == 0 ? "sk-platform" : "sk-search", "sk-llama-7b", "Hello"));
        }
        Path in = TestSupport.write(tmp, "fp.jsonl", log.toString());
        JsonNode report = TestSupport.cli("analyze", in.toString(), "-g", "team", "-f", "json", "-q").json();
        List<String> teams = new ArrayList<>();
        report.findValues("team").forEach(t -> teams.add(t.asText()));
        assertTrue(teams.contains("sk-platform") && teams.contains("sk-search"), teams.toString());
        String table = TestSupport.cli("analyze", in.toString(), "-g", "team", "-f", "table", "-q").out();
        assertTrue(table.contains("sk-llama-7b"), table);
        assertFalse(table.contains("[REDACTED"), table); // plain or tagged ([REDACTED:ab12], a label's)
    }

    @Test
    void compressWriteKeepsProseAboutAPassword() throws Exception {
        Path in = TestSupport.write(tmp, "prose.jsonl", line(0, "t", "gpt-4o-mini", "Translate 'password: forgotten' to French.")
                + line(1, "t", "gpt-4o-mini", "Use password: Hunter2Secret9 to log in."));
        Path out = tmp.resolve("out.jsonl");
        TestSupport.Run run = TestSupport.cli("compress", in.toString(), "--write", out.toString(), "--rate", "1", "-f", "json", "-q");
        assertEquals(0, run.code(), run.err());
        String written = Files.readString(out);
        assertTrue(written.contains("password: forgotten"), written);
        assertFalse(written.contains("Hunter2Secret9"), written);
    }
}
