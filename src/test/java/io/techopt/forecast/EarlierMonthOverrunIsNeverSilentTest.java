package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 (note6): the latest day with requests sets "as of", so one light record after a long silence moved the
 * month evaluated past a month that overran its budget: the overrun went unreported and --fail-on-alert exited 0. What a
 * finance user expects: a month before the silence that crossed its monthly budget is an alert though "as of" moved
 * past it, and the light record still sets "as of" (a recent request is never left out); it is marked past, so an
 * overrun alone no longer fails --fail-on-alert (review r25f L3). A log that runs on without
 * such a silence evaluates the month before the one evaluated only (CostForecastCommandTest#alertsFireAtEachThresholdOnTheDayTheyAreCrossed).
 */
class EarlierMonthOverrunIsNeverSilentTest {
    @TempDir
    Path dir;

    /** $30 a day of gpt-4o (10 requests of 800k input, 100k output tokens, $3 each) on 2026-10-01..20: $600 in October. */
    private static StringBuilder october() {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (int d = 1; d <= 20; d++) {
            for (int k = 0; k < 10; k++) {
                sb.append(String.format("{\"timestamp\":\"2026-10-%02dT%02d:00:00Z\",\"request_id\":\"r%d\",\"model\":\"gpt-4o\","
                        + "\"usage\":{\"input_tokens\":800000,\"output_tokens\":100000}}\n", d, 8 + k, n++));
            }
        }
        return sb;
    }

    private TestSupport.Run forecast(String log) throws IOException {
        Path budget = TestSupport.write(dir, "budget.yaml", "budgets:\n  - {scope: total, monthly_usd: 500}\n");
        return TestSupport.cli("cost-forecast", TestSupport.write(dir, "log.jsonl", log).toString(), "--budget", budget.toString(),
                "--fail-on-alert", "-q", "-f", "json");
    }

    private static List<String> actualAlerts(JsonNode j) {
        List<String> out = new ArrayList<>();
        j.get("alerts").forEach(a -> {
            if (a.get("kind").asText().equals("actual")) {
                out.add(a.get("threshold").asDouble() + " " + a.get("expected_date").asText() + " " + Math.round(a.get("value_usd").asDouble()));
            }
        });
        return out;
    }

    @Test
    void anOctoberOverrunStillAlertsWhenALightRecordAfterASilenceMovesAsOfIntoNovember() throws IOException {
        // a 1,000-token request on 2026-11-25 after 35 silent days
        TestSupport.Run run = forecast(october() + "{\"timestamp\":\"2026-11-25T10:00:00Z\",\"request_id\":\"late\","
                + "\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}\n");
        JsonNode j = run.json();
        assertEquals("2026-11-25", j.get("as_of").asText(), "the light record still sets as of");
        // October crossed $500 on the 17th ($510) and ended at $600
        assertEquals(List.of("1.0 2026-10-17 600"), actualAlerts(j), j.get("alerts").toString());
        String message = j.get("alerts").get(0).get("message").asText();
        assertTrue(message.contains("2026-10") && message.contains("$600.00") && message.contains("$500.00"), message);
        assertEquals(4, run.code(), "--fail-on-alert: the overrun fires the gate\n" + run.err());
    }

    @Test
    void aLightRecordOnTheLastDayOfAnOverrunMonthAfterASilenceStillReportsThatMonthsOverrun() throws IOException {
        // after ten silent days the log ends on 2026-10-31 at 23:00 (as of), so the month evaluated is November
        StringBuilder log = october();
        log.append("{\"timestamp\":\"2026-10-31T23:00:00Z\",\"request_id\":\"end\",\"model\":\"gpt-4o\","
                + "\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}\n");
        TestSupport.Run run = forecast(log.toString());
        JsonNode j = run.json();
        assertEquals("2026-10-31", j.get("as_of").asText());
        assertTrue(actualAlerts(j).contains("1.0 2026-10-17 600"), j.get("alerts").toString());
        assertTrue(j.get("alerts").get(0).get("past").asBoolean(), j.get("alerts").toString());
        // October's overrun alone already happened: reported, no exit 4 (review r25f L3, APastMonthsOverrunIsReportedButFailsNoGateTest)
        assertEquals(0, run.code(), run.err());
    }

    @Test
    void aMonthUnderItsBudgetBeforeTheMonthEvaluatedRaisesNoAlert() throws IOException {
        // the same October at $15 a day ($300): under budget; then a light record in November
        String log = october().toString().replace("\"input_tokens\":800000,\"output_tokens\":100000",
                "\"input_tokens\":400000,\"output_tokens\":50000")
                + "{\"timestamp\":\"2026-11-25T10:00:00Z\",\"request_id\":\"late\",\"model\":\"gpt-4o\","
                + "\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}\n";
        TestSupport.Run run = forecast(log);
        assertEquals(List.of(), actualAlerts(run.json()), run.json().get("alerts").toString());
    }
}
