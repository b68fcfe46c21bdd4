package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r21f M1: team B ($0.35 a day) silent on the log's last 3 days while team A kept logging. The note read it as
 * the scope having ended, "and its forecast follows them", while team:B's figure was $9.45, the rate before the
 * silence continuing (an ended team: $3.85). Three days do not tell an end from a pause (the end rule reads such a
 * move both ways): the figure may stay at the level before, but the note must say so and name both readings, which
 * the band holds. After 10 silent days the forecast does follow the end, and the note says that.
 */
class AScopeReadAsEndedIsForecastAsItsNoteSaysTest {
    @TempDir
    static Path dir;

    /** 2026-09-01..11-14: team A 20 gpt-4o requests a day ($0.70), team B 10 ($0.35) until {@code bLast}. */
    private static Path log(String name, LocalDate bLast) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            for (String team : new String[]{"A", "B"}) {
                if (team.equals("B") && d.isAfter(bLast)) {
                    continue;
                }
                int n = team.equals("A") ? 20 : 10;
                for (int k = 0; k < n; k++) {
                    int second = (int) ((k + 0.5) * 86400 / n) + (team.equals("A") ? 0 : 60);
                    sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:%02d:%02dZ", second / 3600,
                                    second / 60 % 60, second % 60)).append("\",\"model\":\"gpt-4o\",\"team\":\"").append(team)
                            .append("\",\"usage\":{\"input_tokens\":10000,\"output_tokens\":1000}}\n");
                }
            }
        }
        return TestSupport.write(dir, name, sb.toString());
    }

    private static JsonNode scope(JsonNode j, String name) {
        for (JsonNode s : j.get("scopes")) {
            if (s.get("scope").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError(name + " missing: " + j.get("scopes"));
    }

    private static String note(JsonNode j, String start) {
        for (JsonNode w : j.get("warnings")) {
            if (w.asText().startsWith(start)) {
                return w.asText();
            }
        }
        throw new AssertionError("no note starting '" + start + "': " + j.get("warnings"));
    }

    @Test
    void aTeamSilentOnTheLastThreeDaysHasANoteThatSaysWhatItsFigureDoes() throws IOException {
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--by", "team",
                log("b_stops_3d.jsonl", LocalDate.parse("2026-11-11")).toString()).json();
        JsonNode b = scope(j, "team:B");
        double mtd = b.get("month_to_date_usd").asDouble(), point = b.get("forecast_total_usd").asDouble();
        assertEquals(11 * 0.35, mtd, 0.01, b.toString());
        JsonNode in = b.get("forecast_total_interval");
        // the band holds both readings: ended ($3.85) and continuing (3.85 + 16 x 0.35 = $9.45)
        assertTrue(in.get("lo80").asDouble() <= mtd + 0.01 && in.get("hi80").asDouble() >= mtd + 16 * 0.35 - 0.01, in.toString());
        String n = note(j, "team:B: no requests since 2026-11-11");
        if (point > mtd + 0.005) {
            // was: "... and its forecast follows them" beside a figure of $9.45
            assertFalse(n.contains("its forecast follows them"), n);
            assertTrue(n.contains(String.format(java.util.Locale.ROOT, "$%.2f", point))
                    && n.contains(String.format(java.util.Locale.ROOT, "$%.2f", mtd)), point + " / " + mtd + ": " + n);
        } else {
            assertTrue(n.contains("its forecast follows them"), n);
        }
    }

    @Test
    void aTeamSilentForTenDaysIsForecastAsEndedAsItsNoteSays() throws IOException {
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--by", "team",
                log("b_stops_10d.jsonl", LocalDate.parse("2026-11-04")).toString()).json();
        JsonNode b = scope(j, "team:B");
        assertEquals(4 * 0.35, b.get("forecast_total_usd").asDouble(), 0.01, b.toString());
        assertTrue(note(j, "team:B: no requests since 2026-11-04").contains("its forecast follows them"), j.get("warnings").toString());
    }
}
