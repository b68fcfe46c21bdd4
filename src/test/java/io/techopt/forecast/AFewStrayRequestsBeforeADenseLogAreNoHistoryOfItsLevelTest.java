package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static io.techopt.forecast.CumulativeIsARunningTotalsBoundsTest.dailyRequests;
import static io.techopt.forecast.CumulativeIsARunningTotalsBoundsTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r25f H2: five stray $1 requests in July before a log of about $28 a day from August 1 made July a level
 * with logging outages, and the fit jumped to August's level (alpha 0.849): $874.41, 80% [309.00 = month to date,
 * 1488.67] where --since 2026-08-01 gave $855.81 [788.52, 923.11]. Stray requests before a log really begins are no
 * history of its level: the fit starts where the dense log starts, and a note says so.
 */
class AFewStrayRequestsBeforeADenseLogAreNoHistoryOfItsLevelTest {
    @TempDir
    static Path dir;

    private static final List<String> STRAYS = List.of("2026-07-03", "2026-07-08", "2026-07-14", "2026-07-20", "2026-07-26");

    /** About $28 a day (24 to 32 $1 requests) from August 1 to September 11. */
    private static String denseFromAugust() {
        return dailyRequests("2026-08-01", "2026-09-11", i -> 24 + (i * 5) % 9);
    }

    @Test
    void theFitStartsWhereTheDenseLogStarts() throws IOException {
        StringBuilder strays = new StringBuilder();
        STRAYS.forEach(d -> strays.append(request(d + "T10:15:00Z")));
        Path withStrays = TestSupport.write(dir, "strays.jsonl", strays + denseFromAugust());
        Path dense = TestSupport.write(dir, "dense.jsonl", denseFromAugust());
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", withStrays.toString()).json();
        JsonNode since = TestSupport.cli("cost-forecast", "-f", "json", "-q", dense.toString()).json();
        assertEquals(STRAYS, TestSupport.JSON.convertValue(j.get("excluded_days"), List.class));
        assertEquals(since.get("forecast_total_usd").asDouble(), j.get("forecast_total_usd").asDouble(), 1e-9);
        for (String k : List.of("lo80", "hi80", "lo95", "hi95")) {
            assertEquals(since.get("forecast_total_interval").get(k).asDouble(),
                    j.get("forecast_total_interval").get(k).asDouble(), 1e-9, k);
        }
        double mtd = j.get("month_to_date_usd").asDouble();
        assertTrue(j.get("forecast_total_interval").get("lo80").asDouble() > mtd + 10 * 20,
                "the 80% band holds the days left at about their level, not month to date: " + j.get("forecast_total_interval"));
        assertTrue(j.get("warnings").toString().contains("the fit starts on 2026-08-01"), j.get("warnings").toString());
    }
}
