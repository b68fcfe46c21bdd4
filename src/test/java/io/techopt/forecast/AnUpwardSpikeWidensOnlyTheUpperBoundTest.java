package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r14 #3. A spike's miss is an upward error, but the intervals counted it both ways: one 10x day in October of a
 * flat $0.70 log pulled November's 80% lower bound to $13.38 (the 16 days left at $0.23 a day), beside a forecast of
 * $20.82.
 */
class AnUpwardSpikeWidensOnlyTheUpperBoundTest {
    @TempDir
    static Path dir;

    @Test
    void oneSpikeDayLeavesTheLowerBoundNearTheUsualDaysAndTheUpperOneAllowsForAnother() throws IOException {
        LocalDate spike = LocalDate.parse("2026-10-08");
        Path log = AShortIncidentOrAStepAtTheEndIsNoRunawayBandTest.log(dir, "one_spike", d -> d.equals(spike) ? 10.0 : 1.0, 0.02);
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString()).json();
        double total = j.get("forecast_total_usd").asDouble();
        JsonNode in = j.get("forecast_total_interval");
        assertEquals(21.0, total, 0.6, j.toString());
        // the usual days' 2% noise over 16 days is cents: the lower bound stays within a dollar of the forecast
        assertTrue(in.get("lo80").asDouble() > total - 1 && in.get("lo95").asDouble() > total - 1.5, in.toString());
        assertTrue(in.get("lo95").asDouble() <= in.get("lo80").asDouble() && in.get("hi80").asDouble() <= in.get("hi95").asDouble(), in.toString());
        // the cumulative band ends where the period's does
        JsonNode end = j.get("cumulative").get(j.get("cumulative").size() - 1);
        assertEquals(in.get("lo80").asDouble(), end.get("lo80").asDouble(), 1e-6, end.toString());
    }

    @Test
    void aThousandfoldDayIsNoUpperBoundOfItsOwnSizeAndTheNoteSaysWhatAnotherWouldAdd() throws IOException {
        // review r14 B4: the spike's own miss calibrated the upper side as an ordinary error: 80% up to $871 of a $20.81 month
        LocalDate spike = LocalDate.parse("2026-10-20");
        Path log = AShortIncidentOrAStepAtTheEndIsNoRunawayBandTest.log(dir, "thousandfold", d -> d.equals(spike) ? 1000.0 : 1.0, 0.02);
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString()).json();
        double total = j.get("forecast_total_usd").asDouble();
        JsonNode in = j.get("forecast_total_interval");
        assertEquals(21.0, total, 0.6, j.toString());
        // 16 days of 2% noise (cents) and at most a day at the spike rule's ceiling (twice $0.70) above the forecast
        assertTrue(in.get("hi80").asDouble() > total && in.get("hi80").asDouble() < total + 1.5, in.toString());
        assertTrue(in.get("hi95").asDouble() >= in.get("hi80").asDouble() && in.get("hi95").asDouble() < total + 2, in.toString());
        double spikeDay = 0;
        for (JsonNode d : j.get("daily")) {
            spikeDay = d.get("date").asText().equals(spike.toString()) ? d.get("cost_usd").asDouble() : spikeDay;
        }
        String w = j.get("warnings").toString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("one more day like 2026-10-20 would add about \\$([0-9.]+) to "
                + "the period total").matcher(w);
        assertTrue(m.find(), w);
        assertEquals(spikeDay - 0.70, Double.parseDouble(m.group(1)), 0.05, w);
    }
}
