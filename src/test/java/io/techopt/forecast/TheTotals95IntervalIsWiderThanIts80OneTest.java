package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r27n MED-1: on the sample at --until 2026-10-26 the month-end total's 95% interval was [6.138, 7.331] beside
 * the 80% [6.142, 7.326], 1.007 times as wide (10-29: 1.002), while the daily bands were 1.6 times as wide: with
 * fewer than 19 sums of days measured, the conformal 95% quantile is only the largest error, which a few errors alike
 * put next to the 80% one. A finance reader got a "95%" interval promising no more than the 80% one.
 */
class TheTotals95IntervalIsWiderThanIts80OneTest {
    @ParameterizedTest
    @ValueSource(strings = {"2026-10-26", "2026-10-29"})
    void theSamplesMonthEnd95IntervalIsAsWideAsANormalErrorsAtLeast(String until) {
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--until", until,
                "samples/requests.jsonl.gz").json();
        JsonNode i = j.get("forecast_total_interval");
        double total = j.get("forecast_total_usd").asDouble();
        double up80 = i.get("hi80").asDouble() - total, up95 = i.get("hi95").asDouble() - total;
        // z95 / z80 = 1.53; the lower side may stop at month to date, so the upper side is checked
        assertTrue(up95 >= 1.5 * up80, "upper 95% half-width " + up95 + " vs 80% " + up80 + ": " + i);
        assertTrue(i.get("lo95").asDouble() <= i.get("lo80").asDouble(), i.toString());
    }
}
