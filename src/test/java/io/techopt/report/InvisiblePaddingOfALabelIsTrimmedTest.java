package io.techopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Review r18 F9e: a team with a zero-width space or a BOM in front was a row of its own beside the same team. */
class InvisiblePaddingOfALabelIsTrimmedTest {
    @TempDir
    Path tmp;

    @Test
    void aZeroWidthSpaceOrBomBeforeATeamIsTheSameTeam() throws IOException {
        StringBuilder log = new StringBuilder();
        String[] teams = {"growth", "\\u200bgrowth", "\\ufeffgrowth", "growth\\u200b", "\\u2060growth"};
        for (int i = 0; i < teams.length; i++) {
            log.append("{\"timestamp\":\"2026-10-01T10:0").append(i).append(":00Z\",\"model\":\"gpt-4o-mini\",\"team\":\"")
                    .append(teams[i]).append("\",\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}\n");
        }
        Path file = TestSupport.write(tmp, "pad.jsonl", log.toString());
        TestSupport.Run run = TestSupport.cli("analyze", file.toString(), "--group-by", "team", "-f", "json", "-q");
        assertEquals(0, run.code(), run.err());
        JsonNode rows = run.json().at("/groups/0/rows");
        assertEquals(1, rows.size(), rows.toString());
        assertEquals("growth", rows.get(0).get("key").get("team").asText());
        assertEquals(teams.length, rows.get(0).get("requests").asLong());
    }
}
