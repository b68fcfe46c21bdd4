package io.techopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.core.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r18 F6: a team named "password: …", "…?api_key=…" or "db-passwd=…" was tagged by the label rule, then the
 * renderers' redaction masked the tag again as a secret value, so two teams showed as two identical "[REDACTED]" rows.
 */
class EveryRedactionInALabelIsTaggedTest {
    @TempDir
    Path tmp;

    private static final String[] TEAMS = {"password: Hunter2Secret!", "password: Other9Secret?",
            "https://api.example.com/v1?api_key=Zx9aaaaaaaaaaaaaaaaaaaaa", "https://api.example.com/v1?api_key=Qq1bbbbbbbbbbbbbbbbbbbbb",
            "db-passwd=abcDEF123456", "db-passwd=zyxWVU987654", "Cookie: sid=abcdef0123456789", "x?api_key=Zx9cccccccccccc&x=1",
            "authorization: Token abcdef0123456789xyz"};

    @Test
    void aTaggedLabelIsNotMaskedAgainWhenShown() {
        for (String team : TEAMS) {
            String label = Redactor.label(team);
            assertTrue(label.contains("[REDACTED:"), team + " -> " + label);
            assertEquals(label, Redactor.redact(label), team);
        }
    }

    @Test
    void twoTeamsDifferingInTheirSecretAreTwoDifferentRowsInEveryFormat() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < TEAMS.length; i++) {
            log.append("{\"timestamp\":\"2026-10-01T10:0").append(i).append(":00Z\",\"model\":\"gpt-4o-mini\",\"team\":")
                    .append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(TEAMS[i])).append(",\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}\n");
        }
        Path file = TestSupport.write(tmp, "pw.jsonl", log.toString());
        TestSupport.Run run = TestSupport.cli("analyze", file.toString(), "--group-by", "team", "-f", "json", "-q");
        assertEquals(0, run.code(), run.err());
        Set<String> shown = new HashSet<>();
        for (JsonNode r : run.json().at("/groups/0/rows")) {
            String team = r.get("key").get("team").asText();
            assertTrue(team.contains("[REDACTED:"), team);
            shown.add(team);
        }
        assertEquals(TEAMS.length, shown.size(), shown.toString());
        TestSupport.Run csv = TestSupport.cli("analyze", file.toString(), "--group-by", "team", "-f", "csv", "--table", "by_team", "-q");
        assertEquals(TEAMS.length + 1, csv.out().lines().distinct().count(), csv.out());
        for (String secret : new String[]{"Hunter2", "Other9", "Zx9", "Qq1", "abcDEF", "zyxWVU", "abcdef0123"}) {
            assertFalse(run.out().contains(secret) || csv.out().contains(secret), secret);
        }
    }
}
