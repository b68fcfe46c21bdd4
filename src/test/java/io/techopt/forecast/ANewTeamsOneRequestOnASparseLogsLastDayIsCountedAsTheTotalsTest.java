package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static io.techopt.forecast.CumulativeIsARunningTotalsBoundsTest.sparseThenBurst;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r24g M2 (and r23f N2): a $1 request of team a on about one day in ten, then one request of a team x new on
 * the last day (11-14, 16 days left). The total reads a dearer request as one event on the log's share of days, its
 * 80% band reaching the most days with spend the days left hold (4 of 16: mtd $7 + 4 x $6 = $31), while team x's
 * band reached its request on every day left: $6 + 16 x $6 = $102 (a $1 request: $17). A scope's one day of a day's
 * requests is counted as the total's is.
 */
class ANewTeamsOneRequestOnASparseLogsLastDayIsCountedAsTheTotalsTest {
    @TempDir
    static Path dir;

    /** The $1 gpt-4o requests of sparseThenBurst(0) as team a's, then one request of team x on 11-14. */
    private static JsonNode byTeam(String name, int outputTokens) throws IOException {
        String log = sparseThenBurst(0).replace("\"model\":\"gpt-4o\"", "\"model\":\"gpt-4o\",\"team\":\"a\"")
                + "{\"timestamp\":\"2026-11-14T10:15:00Z\",\"model\":\"gpt-4o\",\"team\":\"x\",\"usage\":{\"input_tokens\":200000,"
                + "\"output_tokens\":" + outputTokens + "}}\n";
        return TestSupport.cli("cost-forecast", "--by", "team", "-f", "json", "-q",
                TestSupport.write(dir, name, log).toString()).json();
    }

    private static JsonNode scope(JsonNode j, String name) {
        for (JsonNode s : j.get("scopes")) {
            if (s.get("scope").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError(name + " not in " + j.get("scopes"));
    }

    /** Its band holds its request on the log's count of days at the 80% tail, not on every day left. */
    private static void assertCountedAsTheTotals(JsonNode j, double request) {
        JsonNode x = scope(j, "team:x"), in = x.get("forecast_total_interval");
        double mtd = x.get("month_to_date_usd").asDouble(), hi80 = in.get("hi80").asDouble(), everyDay = mtd + 16 * request;
        // by hand: such a request on at most 4 of the 16 days left (a share of 3.5/29, its beta-binomial 80% tail)
        assertTrue(hi80 <= mtd + 4 * request + 1e-9, "hi80 " + hi80 + " within the count of days (" + (mtd + 4 * request)
                + "), not every day (" + everyDay + "): " + in);
        assertTrue(hi80 >= mtd + 2 * request, "the band still reaches more such days: " + in);
        assertTrue(in.get("hi95").asDouble() < everyDay && in.get("hi95").asDouble() >= hi80, in.toString());
        double point = x.get("forecast_total_usd").asDouble();
        assertTrue(point > mtd && point <= hi80 && in.get("lo80").asDouble() <= mtd + 1e-9, point + " in " + in);
        // the total's own reading of the same log holds the scope's
        assertTrue(j.get("forecast_total_interval").get("hi80").asDouble() >= hi80, j.get("forecast_total_interval").toString());
        assertTrue(j.get("warnings").toString().contains("at most 4 of the 16 days left"), j.get("warnings").toString());
    }

    @Test
    void aNewTeamsOneSixDollarRequestReachesTheTotalsCountOfDaysNotEveryDay() throws IOException {
        assertCountedAsTheTotals(byTeam("x6.jsonl", 550000), 6.00);
    }

    @Test
    void aNewTeamsOneDollarRequestFollowsTheSameRule() throws IOException {
        assertCountedAsTheTotals(byTeam("x1.jsonl", 50000), 1.00);
    }
}
