package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static io.techopt.forecast.CumulativeIsARunningTotalsBoundsTest.dailyRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r25f M1: a daily log silent for its last seven days before --until was read as a logging outage and no bound
 * reached spend that stopped: $67.08 logged this month, 95% [277.38, 303.22]. After a week of silence the lower bounds
 * reach the spend logged; a few silent days stay an outage the band holds.
 */
class AWeekOfSilenceBeforeAsOfLetsTheLowerBoundsReachSpendStoppedTest {
    @TempDir
    static Path dir;

    /** About $11 a day (10 to 12 $1 requests) from September 1 to November 6. */
    private static Path dailyUntilNovember6() throws IOException {
        return TestSupport.write(dir, "daily.jsonl", dailyRequests("2026-09-01", "2026-11-06", i -> 10 + (i * 5) % 3));
    }

    private static JsonNode until(String day) throws IOException {
        return TestSupport.cli("cost-forecast", "-f", "json", "-q", "--until", day, dailyUntilNovember6().toString()).json();
    }

    @Test
    void aWeekOfSilenceReachesTheSpendLogged() throws IOException {
        JsonNode j = until("2026-11-14");
        double mtd = j.get("month_to_date_usd").asDouble();
        JsonNode in = j.get("forecast_total_interval");
        assertTrue(j.get("forecast_total_usd").asDouble() > mtd + 100, "the point still reads an outage: " + j.get("forecast_total_usd"));
        assertEquals(mtd, in.get("lo95").asDouble(), 0.005, "spend stopped is in the 95% band: " + in);
        assertEquals(mtd, in.get("lo80").asDouble(), 0.005, "spend stopped is in the 80% band: " + in);
        assertTrue(j.get("warnings").toString().contains("lower bounds reach it"), j.get("warnings").toString());
    }

    @Test
    void threeSilentDaysStayAnOutageTheBandHolds() throws IOException {
        JsonNode j = until("2026-11-10");
        double mtd = j.get("month_to_date_usd").asDouble(), point = j.get("forecast_total_usd").asDouble();
        assertTrue(j.get("forecast_total_interval").get("lo80").asDouble() > mtd + 0.5 * (point - mtd),
                "no week of silence: " + j.get("forecast_total_interval"));
    }
}
