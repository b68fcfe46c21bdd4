package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adversarial finding (review of main at 49215d4): cost-forecast left out a $50 request logged yesterday as "stray"
 * (as_of stayed a month earlier, no alert, --fail-on-alert exit 0 against a $50 budget), and a $825 request before
 * the log was left out of daily while analyze and FOCUS counted it. The latest day with requests sets "as of"; only
 * a run before the log's body that is lighter than the rest (fewer requests and less spend), and not in the month
 * being evaluated, is left out of the fitted series.
 */
class HeavyOrRecentSpendIsNeverLeftOutTest {
    @TempDir
    static Path dir;

    private static Path sampleWith(String name, String... lines) throws IOException {
        String text;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(Path.of("samples/requests.jsonl.gz")))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return TestSupport.write(dir, name, text.strip() + "\n" + String.join("\n", lines) + "\n");
    }

    private static String record(String timestamp, String model, long input, long output) {
        return "{\"timestamp\":\"" + timestamp + "\",\"model\":\"" + model + "\",\"usage\":{\"input_tokens\":" + input
                + ",\"output_tokens\":" + output + "}}";
    }

    private static List<String> alerts(JsonNode j) {
        List<String> got = new ArrayList<>();
        j.get("alerts").forEach(a -> got.add(a.get("kind").asText() + " " + a.get("threshold").asDouble()));
        return got;
    }

    private static double dailySum(JsonNode j) {
        double s = 0;
        for (JsonNode d : j.get("daily")) {
            s += d.get("cost_usd").asDouble();
        }
        return s;
    }

    @Test
    void aHeavyRequestYesterdayAfterAMonthWithoutRequestsFiresTheBudgetGate() throws IOException {
        // $50.002 of gpt-4o on 2026-11-29, a month after the sample's last day; a $50 monthly budget
        Path log = sampleWith("nov-heavy.jsonl", record("2026-11-29T10:00:00Z", "gpt-4o", 20_000_000, 200));
        Path budget = TestSupport.write(dir, "b50.yaml", "budgets:\n  - {scope: total, monthly_usd: 50}\n");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-q", "-f", "json", "--budget", budget.toString(),
                "--fail-on-alert", log.toString());
        assertEquals(4, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals("2026-11-29", j.get("as_of").asText());
        assertEquals(0, j.get("excluded_days").size(), j.get("excluded_days").toString());
        assertEquals(50.002, j.get("month_to_date_usd").asDouble(), 1e-6);
        assertTrue(alerts(j).containsAll(List.of("actual 0.5", "actual 0.8", "actual 1.0")), alerts(j).toString());
        // the silent days between are said to count as zero spend
        assertTrue(j.get("warnings").toString().contains("2026-10-31 to 2026-11-28"), j.get("warnings").toString());
    }

    @Test
    void aLightRequestAfterTheLogSetsAsOfAndCountsInItsMonth() throws IOException {
        // $0.0045: lighter than the log, yet the latest day with requests, and November's only spend
        Path log = sampleWith("nov-light.jsonl", record("2026-11-29T10:00:00Z", "gpt-4o", 1000, 200));
        JsonNode j = TestSupport.cli("cost-forecast", "-q", "-f", "json", log.toString()).json();
        assertEquals("2026-11-29", j.get("as_of").asText());
        assertEquals(0, j.get("excluded_days").size(), j.get("excluded_days").toString());
        assertEquals(0.0045, j.get("month_to_date_usd").asDouble(), 1e-9);
        double analyzed = TestSupport.cli("analyze", "-f", "json", "-q", log.toString()).json().get("cost_usd").asDouble();
        assertEquals(analyzed, dailySum(j), 1e-6);
    }

    @Test
    void aRequestBeforeTheLogThatCostsMoreThanTheLogIsKeptInDaily() throws IOException {
        // one $825 claude-opus-4 request on 2024-01-05: fewer requests than the log, but more spend than all of it
        Path log = sampleWith("heavy-before.jsonl", record("2024-01-05T10:00:00Z", "claude-opus-4-20250514", 50_000_000, 1_000_000));
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-q", "-f", "json", log.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals("2026-10-30", j.get("as_of").asText());
        assertEquals(0, j.get("excluded_days").size(), j.get("excluded_days").toString());
        double analyzed = TestSupport.cli("analyze", "-f", "json", "-q", log.toString()).json().get("cost_usd").asDouble();
        assertEquals(analyzed, dailySum(j), 1e-6, "daily reconciles with analyze, the $825 request included");
        assertFalse(j.get("warnings").toString().contains("left out of the forecast"), j.get("warnings").toString());
    }

    @Test
    void aLightRequestEarlierInTheMonthBeingEvaluatedCountsInMonthToDate() throws IOException {
        // $1 a day from Nov 15 to Nov 24, and one $0.01 request on Nov 2: November's spend is $10.01
        StringBuilder sb = new StringBuilder(record("2026-11-02T12:00:00Z", "gpt-4o", 4000, 0)).append('\n');
        for (int i = 0; i < 10; i++) {
            sb.append(record(LocalDate.parse("2026-11-15").plusDays(i) + "T12:00:00Z", "gpt-4o", 400_000, 0)).append('\n');
        }
        Path log = TestSupport.write(dir, "nov-early.jsonl", sb.toString());
        Path budget = TestSupport.write(dir, "b1001.yaml", "total: 10.005\n");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-q", "-f", "json", "--budget", budget.toString(),
                "--fail-on-alert", log.toString());
        JsonNode j = run.json();
        assertEquals("2026-11-24", j.get("as_of").asText());
        assertEquals(10.01, j.get("month_to_date_usd").asDouble(), 1e-9);
        assertTrue(alerts(j).contains("actual 1.0"), alerts(j).toString());
        assertEquals(4, run.code(), run.err());
    }
}
