package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Adversarial findings: a forecast of nothing priced, analyze-only notes, real spend after an outage, short aliases. */
class UnpricedAndOutageForecastTest {
    @TempDir
    static Path dir;

    /** days of n requests of model each (100k input + 20k output tokens: $0.45 a request for gpt-4o), from start. */
    private static void days(StringBuilder sb, String model, LocalDate start, int days, int n) {
        for (int d = 0; d < days; d++) {
            for (int k = 0; k < n; k++) {
                sb.append("{\"timestamp\":\"").append(start.plusDays(d)).append(String.format("T%02d:%02d:00Z", 10 + k % 10, k % 60))
                        .append("\",\"model\":\"").append(model).append("\",\"team\":\"t\",\"latency_ms\":500,")
                        .append("\"usage\":{\"input_tokens\":100000,\"output_tokens\":20000}}\n");
            }
        }
    }

    private static Path sharedData(String relative) {
        return io.techopt.TestSupport.shared(relative);
    }

    /** It reported a $0 forecast with coverage80 and coverage95 1.0 and exit 0; empty input is exit 2 (BadInputTableTest). */
    @Test
    void aLogWhoseRequestsAreAllUnpricedIsExit2NamingTheModelsAndHowToPriceThem() throws IOException {
        StringBuilder sb = new StringBuilder();
        days(sb, "acme-llm-x", LocalDate.parse("2026-10-01"), 28, 3);
        Path log = TestSupport.write(dir, "unpriced.jsonl", sb.toString());
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", log.toString());
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("no priced requests to forecast from"), run.err());
        assertTrue(run.err().contains("acme-llm-x") && run.err().contains("84 requests"), run.err());
        assertTrue(run.err().contains("--prices"), run.err());
        assertFalse(run.out().contains("coverage80"), "no report: " + run.out());
    }

    /** The real Azure trace read with a model the price book has only under dated names. */
    @Test
    void theAzureTraceWithAnUnpricedDefaultModelIsExit2NamingItAndTheDatedNamesThatWouldPriceIt() {
        Path azure = sharedData("data/azure-llm-trace-2023/AzureLLMInferenceTrace_code.csv");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", azure.toString(), "--default-model",
                "claude-sonnet-4");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("no priced requests to forecast from") && run.err().contains("claude-sonnet-4"), run.err());
    }

    /**
     * pricing.md rule 3 resolves a dated name to its short one, never a short alias to a dated price: the unpriced
     * warning says which catalog names would price it, in analyze as in cost-forecast.
     */
    @Test
    void aShortAliasStaysUnpricedAndItsWarningNamesTheDatedNamesThatWouldPriceIt() throws IOException {
        StringBuilder sb = new StringBuilder();
        days(sb, "claude-sonnet-4", LocalDate.parse("2026-10-01"), 3, 2);
        days(sb, "gpt-4o", LocalDate.parse("2026-10-01"), 3, 2);
        Path log = TestSupport.write(dir, "alias.jsonl", sb.toString());
        for (String command : List.of("analyze", "cost-forecast")) {
            JsonNode j = TestSupport.cli(command, "-f", "json", "-q", log.toString()).json();
            String w = j.get("warnings").toString();
            assertTrue(w.contains("model 'claude-sonnet-4' has no price") && w.contains("claude-sonnet-4-20250514"),
                    command + ": " + w);
        }
    }

    /**
     * A partly priced log: the priced spend is reported, and a warning names the unpriced models and their requests
     * (a third unpriced is over the 5% rule: no forecast figure, MostlyUnpricedLogForecastsNothingTest).
     */
    @Test
    void aPartlyPricedLogReportsThePricedSpendAndNamesTheUnpricedModelsAndTheirRequests() throws IOException {
        StringBuilder priced = new StringBuilder();
        days(priced, "gpt-4o", LocalDate.parse("2026-10-01"), 20, 4);
        StringBuilder both = new StringBuilder(priced);
        days(both, "acme-llm-x", LocalDate.parse("2026-10-01"), 20, 2);
        JsonNode p = TestSupport.cli("cost-forecast", "-f", "json", "-q",
                TestSupport.write(dir, "priced.jsonl", priced.toString()).toString()).json();
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json",
                TestSupport.write(dir, "both.jsonl", both.toString()).toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(p.get("month_to_date_usd").asDouble(), j.get("month_to_date_usd").asDouble(), 1e-9);
        assertTrue(j.get("month_to_date_usd").asDouble() > 0);
        String w = j.get("warnings").toString();
        assertTrue(w.contains("model 'acme-llm-x' has no price (40 requests"), w);
        assertTrue(w.contains("40 of 120 requests"), w);
    }

    /** Notes on figures only analyze outputs (latency_ms, savings, sessions...) explained keys the report lacks. */
    @Test
    void warningsCarryNoNotesOnFiguresThatOnlyAnalyzeOutputs() throws IOException {
        StringBuilder sb = new StringBuilder();
        days(sb, "gpt-4o", LocalDate.parse("2026-10-01"), 20, 2);
        days(sb, "acme-llm-x", LocalDate.parse("2026-10-01"), 20, 1);
        Path log = TestSupport.write(dir, "notes.jsonl", sb.toString().replace(",\"latency_ms\":500", ""));
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString()).json();
        assertTrue(TestSupport.cli("analyze", "-f", "json", "-q", log.toString()).json().get("warnings").toString()
                .contains("latency_ms"), "analyze has such notes for this log");
        for (JsonNode n : j.get("warnings")) {
            for (String key : List.of("exact_repeat_rate", "latency_ms", "by_model", "savings", "sessions")) {
                assertFalse(n.asText().startsWith(key), n.asText());
            }
        }
        assertTrue(j.get("warnings").toString().contains("has no price"), "other analyze warnings stay: " + j.get("warnings"));
    }

    /**
     * The stray-run rule dropped three full-volume October days after a 4-day outage: as_of stayed 2026-09-30 and
     * month_to_date 0 ($27 of real spend missing). A run as heavy as a typical day is real traffic and is kept.
     */
    @Test
    void fullVolumeDaysAfterAShortOutageAreKeptAndTheGapIsNamed() throws IOException {
        StringBuilder sb = new StringBuilder();
        days(sb, "gpt-4o", LocalDate.parse("2026-09-01"), 30, 20);
        days(sb, "gpt-4o", LocalDate.parse("2026-10-05"), 3, 20);
        Path log = TestSupport.write(dir, "outage.jsonl", sb.toString());
        Path budget = TestSupport.write(dir, "b10.yaml", "total: 10\n");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "--budget", budget.toString(),
                "--fail-on-alert", log.toString());
        assertEquals(4, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals("2026-10-07", j.get("as_of").asText());
        assertEquals(27.0, j.get("month_to_date_usd").asDouble(), 1e-6);
        assertTrue(j.get("warnings").toString().contains("from 2026-10-01 to 2026-10-04"), j.get("warnings").toString());
        assertFalse(run.err().contains("alerts evaluated as of"), run.err());
    }

    /**
     * A thin run (one record a day, against 20) after the same outage is kept too: the latest day with requests sets
     * "as of" and its month's spend is what the alerts see (review of 49215d4: a run after a gap left out as stray hid
     * a crossed budget); the silent days are named as zero spend.
     */
    @Test
    void aThinRunAfterAnOutageIsKeptAndSetsAsOf() throws IOException {
        StringBuilder sb = new StringBuilder();
        days(sb, "gpt-4o", LocalDate.parse("2026-09-01"), 30, 20);
        days(sb, "gpt-4o", LocalDate.parse("2026-10-05"), 3, 1);
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json",
                TestSupport.write(dir, "thin.jsonl", sb.toString()).toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals("2026-10-07", j.get("as_of").asText());
        assertEquals(0, j.get("excluded_days").size(), j.get("excluded_days").toString());
        assertEquals(27.0 / 20, j.get("month_to_date_usd").asDouble(), 1e-6);
        assertTrue(j.get("warnings").toString().contains("from 2026-10-01 to 2026-10-04"), j.get("warnings").toString());
    }
}
