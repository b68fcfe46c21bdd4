package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r23f L-f: an ended model (MIG --by model, model:acme-z) printed hi80 1.282e-12, the residue of sums that
 * cancel, as a bound. Bounds within 1e-9 of zero are $0; real sub-cent figures (a $0.001 month) stay as they are.
 */
class AnEndedScopesBoundIsZeroNotFloatResidueTest {
    @Test
    void floatResidueIsZeroAndSubCentFiguresAndNullsStay() {
        ForecastResult.Interval in = new ForecastResult.Interval(0.0, 1.282e-12, -3e-13, 0.001047);
        assertEquals(0.0, in.hi80()); // was 1.282e-12
        assertEquals(0.0, in.lo95());
        assertEquals(0.001047, in.hi95());
        assertNull(ForecastResult.Interval.UNMEASURED.hi80());
    }

    /** Review r23f L-c: the --by sum note read "$0.01; the total's own fit reads $0.00" for $0.009444 and $0.001957. */
    @Test
    void notesGiveSubDollarFiguresInSignificantDigits() {
        assertEquals("0.00944", Dollars.of(0.009444));
        assertEquals("0.00196", Dollars.of(0.001957));
        assertEquals("26.95", Dollars.of(26.951));
        assertEquals("0.00", Dollars.of(0));
    }

    /**
     * Review r24g L-f: on LiteLLM's fixtures --by model, gpt-4o-2024-05-13 and gpt-4o-mini-2024-07-18 (one request each,
     * months before the end) were forecast at 8.6e-15 and 1.2e-16, outside their own bounds of $0.
     */
    @Test
    void aModelLastUsedMonthsAgoIsForecastAtZeroNotFloatResidue() {
        JsonNode j = TestSupport.cli("cost-forecast", "--by", "model", "-f", "json", "-q",
                TestSupport.shared("data/litellm-logs").toString()).json();
        int old = 0;
        for (JsonNode s : j.get("scopes")) {
            double point = s.get("forecast_total_usd").asDouble();
            assertTrue(point == 0 || point >= 1e-9, s.toString());
            assertTrue(point <= s.get("forecast_total_interval").get("hi80").asDouble(), s.toString());
            old += s.get("scope").asText().matches("model:gpt-4o-(2024-05-13|mini-2024-07-18)") ? 1 : 0;
        }
        assertEquals(2, old, j.get("scopes").toString());
    }
}
