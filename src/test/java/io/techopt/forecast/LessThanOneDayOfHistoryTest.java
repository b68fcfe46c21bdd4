package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adversarial finding (review of 80e7e05): the real one-hour Azure trace (18:15-19:14 on 2023-11-16) was taken as a
 * full day's spend and a month forecast from it ($87.11, burn rate $5.81 a day, exit 0); the Mooncake replay trace,
 * anchored at an invented 2020-01-01, forecast $749.96 for January 2020. Less than one full day of history measures
 * no day's spend: the forecast figures are null with a note, and an anchored replay trace says its dates are invented.
 */
class LessThanOneDayOfHistoryTest {
    private static Path sharedData(String relative) {
        return io.techopt.TestSupport.shared(relative);
    }

    private static void assertNoForecastFromAPartialDay(JsonNode j, String what) {
        String w = j.get("warnings").toString();
        assertTrue(j.has("forecast_total_usd") && j.get("forecast_total_usd").isNull(), what + ": " + j.get("forecast_total_usd"));
        assertTrue(j.has("burn_rate_usd_per_day") && j.get("burn_rate_usd_per_day").isNull(), what + ": " + j.get("burn_rate_usd_per_day"));
        assertTrue(j.get("forecast_total_interval").get("hi95").isNull(), what + ": " + j.get("forecast_total_interval"));
        assertEquals(0, j.get("forecast").size(), what + ": no forecast day from a partial day");
        assertTrue(j.get("scopes").get(0).get("forecast_total_usd").isNull(), what + ": " + j.get("scopes"));
        assertTrue(w.contains("less than one full day") && w.contains("forecast_total_usd"), what + ": " + w);
        j.get("cumulative").forEach(c -> assertTrue(c.get("forecast_usd").isNull(), what + ": " + c));
        // review r21f L3: no model was fitted to these figures (was "linear trend (0.0000 USD/day change)")
        assertTrue(j.has("method") && j.get("method").isNull(), what + ": " + j.get("method"));
        j.get("scopes").forEach(s -> assertTrue(s.get("method").isNull(), what + ": " + s));
    }

    @Test
    void theOneHourAzureTraceForecastsNothingAndSaysItCoversLessThanADay() {
        Path azure = sharedData("data/azure-llm-trace-2023/AzureLLMInferenceTrace_conv.csv");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "-q", azure.toString(), "--default-model", "gpt-4o-mini");
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertNoForecastFromAPartialDay(j, "azure conv");
        assertTrue(j.get("warnings").toString().contains("2023-11-16T18:15"), j.get("warnings").toString());
        // what was logged is still reported, equal to analyze's cost
        double analyzed = TestSupport.cli("analyze", "-f", "json", "-q", azure.toString(), "--default-model", "gpt-4o-mini")
                .json().get("cost_usd").asDouble();
        assertEquals(analyzed, j.get("month_to_date_usd").asDouble(), 1e-9);
        assertEquals(analyzed, j.get("daily").get(0).get("cost_usd").asDouble(), 1e-9);
        // every human format renders the missing figures without failing
        for (String format : new String[]{"table", "markdown", "html", "csv"}) {
            TestSupport.Run r = TestSupport.cli("cost-forecast", "-f", format, "-q", azure.toString(), "--default-model", "gpt-4o-mini");
            assertEquals(0, r.code(), format + ": " + r.err());
        }
    }

    @Test
    void theMooncakeReplayTraceSaysItsDatesAreAnInventedAnchorAndForecastsNothing() {
        Path mooncake = sharedData("data/mooncake-trace/conversation_trace.jsonl");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "-q", mooncake.toString(), "--default-model", "gpt-4o-mini");
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertNoForecastFromAPartialDay(j, "mooncake");
        String w = j.get("warnings").toString();
        assertTrue(w.contains("anchored at an invented start") && w.contains("--since"), w);
    }
    /**
     * Adversarial finding (review of 49215d4): a one-hour trace plus one $0.00004 record two years earlier was
     * forecast as a month ($2,142, burn rate $102 a day): the stray was left out of the series, but the history's
     * span was measured from analyze's period, which still included it. The span is measured on the days fitted.
     */
    @Test
    void aStrayRecordLeftOutBeforeAOneHourTraceDoesNotMakeItAFullDay(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("{\"timestamp\":\"2024-03-01T10:00:00Z\",\"model\":\"gpt-4o\","
                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}\n");
        java.time.Instant start = java.time.Instant.parse("2026-11-10T00:00:00Z");
        for (int i = 0; i < 200; i++) { // 2026-11-10 00:00 to 01:00, $0.51 each
            sb.append("{\"timestamp\":\"").append(start.plusMillis(i * 3_600_000L / 199)).append("\",\"model\":\"gpt-4o\",")
                    .append("\"usage\":{\"input_tokens\":200000,\"output_tokens\":1000}}\n");
        }
        Path log = Files.writeString(dir.resolve("h1-stray.jsonl"), sb.toString());
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals("[\"2024-03-01\"]", j.get("excluded_days").toString());
        assertNoForecastFromAPartialDay(j, "one hour after a stray");
        assertTrue(j.get("warnings").toString().contains("2026-11-10T00:00:00Z"), j.get("warnings").toString());
    }
}
