package io.techopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.core.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r17 #2: a no-break space (U+00A0, U+202F, U+2007) before or after the '@' left the address in clear in every
 * report, the FOCUS CSV and the cache. r17 #3: a user padded with spaces was a second group row under the same pseudonym.
 * r17 #4: two teams named after two different keys were one row "team-[REDACTED]". r17 #8: a budget on a user's
 * address was a second scope beside --by user's scope of the same name.
 */
class NoBreakSpacesPaddingAndKeysInLabelsTest {
    @TempDir
    Path tmp;

    private static final String[] HARD_SPACES = {"\u00a0", "\u202f", "\u2007"};

    private static String line(int i, String user, String team) {
        return "{\"timestamp\":\"2026-10-01T10:" + String.format("%02d", i) + ":00Z\",\"request_id\":\"r" + i
                + "\",\"model\":\"gpt-4o-mini\",\"user\":\"" + user + "\",\"team\":\"" + team
                + "\",\"prompt\":\"mail " + user + " now\",\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}\n";
    }

    @Test
    void aNoBreakSpaceBesideTheAtSignDoesNotHideTheAddress() {
        String plain = Redactor.redact("zed@qcorp.com");
        for (String c : HARD_SPACES) {
            for (String address : new String[]{"zed" + c + "@qcorp.com", "zed@" + c + "qcorp.com", "zed" + c + c + "@qcorp.com"}) {
                String shown = Redactor.redact("mail " + address + " now");
                assertFalse(shown.contains("qcorp"), Integer.toHexString(c.charAt(0)) + ": " + shown);
                assertEquals("mail " + plain + " now", shown);
                assertTrue(Redactor.containsSecret(address), address);
            }
        }
        // a no-break space elsewhere is text, kept as it is
        assertEquals("10\u00a0kg @ home", Redactor.redact("10\u00a0kg @ home"));
        for (String text : new String[]{"follow us\u00a0@techopt", "meet me\u00a0@\u00a0noon"}) {
            assertEquals(text, Redactor.redact(text), "a handle or a time, no address");
        }
    }

    @Test
    void noAddressWithANoBreakSpaceReachesAReportOrTheFocusCsv() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < HARD_SPACES.length; i++) {
            log.append(line(i, "zed" + HARD_SPACES[i] + "@qcorp.com", "x-zed@" + HARD_SPACES[i] + "qcorp.com"));
        }
        Path file = TestSupport.write(tmp, "nbsp.jsonl", log.toString());
        for (String format : new String[]{"json", "csv", "markdown", "html", "table"}) {
            TestSupport.Run run = TestSupport.cliWithEveryCsvTable("analyze", file.toString(), "--group-by", "team+user", "-f", format, "-q");
            assertEquals(0, run.code(), run.err());
            assertFalse(run.out().contains("qcorp"), format + ": " + run.out());
        }
        Path focus = tmp.resolve("focus.csv");
        TestSupport.Run run = TestSupport.cli("cost-forecast", file.toString(), "--by", "user", "--focus-csv", focus.toString(), "-f", "json", "-q");
        assertFalse(run.out().contains("qcorp"), run.out());
        assertTrue(Files.exists(focus), run.err());
        assertFalse(Files.readString(focus).contains("qcorp"), Files.readString(focus));
    }

    @Test
    void aUserPaddedWithSpacesIsTheSameRowAsTheUser() throws IOException {
        Path file = TestSupport.write(tmp, "padded.jsonl", line(0, "leo@example.com", "ops") + line(1, " leo@example.com ", "ops")
                + line(2, "\\u00a0leo@example.com\\t", "ops") + line(3, "amy", " ops "));
        TestSupport.Run run = TestSupport.cli("analyze", file.toString(), "--group-by", "user", "--group-by", "team", "-f", "json", "-q");
        assertEquals(0, run.code(), run.err());
        JsonNode users = run.json().at("/groups/0/rows"), teams = run.json().at("/groups/1/rows");
        assertEquals(2, users.size(), users.toString());
        assertEquals(3, users.get(0).get("requests").asLong(), users.toString());
        assertEquals(Redactor.redact("leo@example.com"), users.get(0).get("key").get("user").asText(), users.toString());
        assertEquals(1, teams.size(), teams.toString());
        assertEquals("ops", teams.get(0).get("key").get("team").asText());
    }

    @Test
    void twoTeamsNamedAfterTwoKeysStayTwoRowsWithoutShowingEitherKey() throws IOException {
        String a = "team-sk-proj-AAAAAAAAAAAAAAAAAAAAAAAA1111", b = "team-sk-proj-BBBBBBBBBBBBBBBBBBBBBBBB2222";
        Path file = TestSupport.write(tmp, "keys.jsonl", line(0, "u1", a) + line(1, "u2", b) + line(2, "u3", a));
        TestSupport.Run run = TestSupport.cli("analyze", file.toString(), "--group-by", "team", "-f", "json", "-q");
        assertEquals(0, run.code(), run.err());
        JsonNode rows = run.json().at("/groups/0/rows");
        assertEquals(2, rows.size(), rows.toString());
        Set<String> labels = new HashSet<>();
        for (JsonNode r : rows) {
            String team = r.get("key").get("team").asText();
            assertTrue(team.matches("team-\\[REDACTED:[0-9a-f]{4}\\]"), team);
            labels.add(team);
        }
        assertEquals(2, labels.size(), labels.toString());
        assertEquals(2, rows.get(0).get("requests").asLong());
        assertFalse(run.out().contains("AAAA") || run.out().contains("BBBB") || run.out().contains("sk-proj"), run.out());
    }

    @Test
    void aBudgetOnAUsersAddressIsTheByUserScopeNotASecondOne() throws IOException {
        Path file = TestSupport.write(tmp, "u.jsonl", line(0, "leo@example.com", "ops") + line(1, "LEO@EXAMPLE.COM", "ops")
                + line(2, "amy", "ops"));
        Path budget = TestSupport.write(tmp, "b.yaml", "budgets:\n  - {scope: \"user:leo@example.com\", monthly_usd: 100}\n");
        TestSupport.Run run = TestSupport.cli("cost-forecast", file.toString(), "--by", "user", "--budget", budget.toString(), "-f", "json", "-q");
        JsonNode scopes = run.json().get("scopes");
        String leo = "user:" + Redactor.redact("leo@example.com");
        int found = 0;
        for (JsonNode s : scopes) {
            if (s.get("scope").asText().equals(leo)) {
                found++;
                assertEquals(100.0, s.get("budget_usd").asDouble(), s.toString());
            }
        }
        assertEquals(1, found, scopes.toString());
        assertFalse(run.out().contains("example.com"), run.out());
    }
}
