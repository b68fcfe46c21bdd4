package io.techopt.forecast;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r25f L1: the forecast rows (JSON and --forecast-csv) left out the rest of a partial last day that the period
 * total counts, so a finance user summing them got less than forecast_total_usd ($292.28 for $297.28); a logging
 * outage's estimate was left out the same way. Month-to-date plus the rows is now the total, with --by too.
 * Review r25f L4: money carried float residue (24.999999999999996); every money figure of every output is rounded
 * half-even to a billionth of a dollar.
 */
class ForecastRowsAddUpToTheTotalTest {
    @TempDir
    static Path dir;
    static Path partial, outage, endsOnTheMonthsLastDay;

    /**
     * Hourly gpt-4o requests of two teams from 2026-08-01 to 2026-11-14, tokens varying by the hour (so sums leave float
     * residue); the last day stops at {@code lastHour}; no request on the days from {@code darkFrom} to {@code darkTo}.
     */
    static Path log(Path dir, String name, int lastHour, LocalDate darkFrom, LocalDate darkTo) throws IOException {
        return log(dir, name, LocalDate.parse("2026-11-14"), lastHour, darkFrom, darkTo);
    }

    static Path log(Path dir, String name, LocalDate end, int lastHour, LocalDate darkFrom, LocalDate darkTo) throws IOException {
        StringBuilder sb = new StringBuilder();
        int k = 0;
        for (LocalDate d = LocalDate.parse("2026-08-01"); !d.isAfter(end); d = d.plusDays(1)) {
            if (darkFrom != null && !d.isBefore(darkFrom) && !d.isAfter(darkTo)) {
                continue;
            }
            for (int h = 0; h <= (d.equals(end) ? lastHour : 23); h++, k++) {
                int tokens = 800 + 37 * (k % 11);
                sb.append(String.format("{\"timestamp\":\"%sT%02d:30:00Z\",\"model\":\"gpt-4o\",\"team\":\"%s\","
                        + "\"usage\":{\"input_tokens\":%d,\"output_tokens\":%d}}%n", d, h, h % 3 == 0 ? "B" : "A", 10 * tokens, tokens));
            }
        }
        return TestSupport.write(dir, name, sb.toString());
    }

    @BeforeAll
    static void logs() throws IOException {
        partial = log(dir, "partial-last-day.jsonl", 11, null, null);
        endsOnTheMonthsLastDay = log(dir, "ends-november-30.jsonl", LocalDate.parse("2026-11-30"), 11, null, null);
        outage = log(dir, "outage.jsonl", 23, LocalDate.parse("2026-11-03"), LocalDate.parse("2026-11-05"));
    }

    private static JsonNode forecast(String... args) {
        TestSupport.Run run = TestSupport.cli(args);
        assertEquals(0, run.code(), run.err());
        try {
            // the numbers as written, not as a double reads them back
            return TestSupport.JSON.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(run.out());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static double rowsSum(JsonNode j) {
        double s = 0;
        for (JsonNode p : j.get("forecast")) {
            s += p.get("cost_usd").asDouble();
        }
        return s;
    }

    private static void assertRowsAddUp(JsonNode j, String what) {
        double mtd = j.get("month_to_date_usd").asDouble(), total = j.get("forecast_total_usd").asDouble();
        assertEquals(total, mtd + rowsSum(j), 1e-6, what + ": month_to_date " + mtd + " + rows " + rowsSum(j) + " vs total " + total);
    }

    @Test
    void thePartialLastDaysRestIsARowSoTheRowsAddUpToTheTotal() throws IOException {
        Path csv = dir.resolve("forecast.csv");
        JsonNode j = forecast("cost-forecast", "-f", "json", "-q", "--forecast-csv", csv.toString(), partial.toString());
        assertRowsAddUp(j, "partial last day");
        JsonNode first = j.get("forecast").get(0);
        assertEquals("2026-11-14", first.get("date").asText(), "the as-of day's row holds the hours the log missed");
        assertTrue(first.get("cost_usd").asDouble() > 0.2, first.toString());
        assertTrue(j.get("warnings").toString().contains("plus the rows' cost_usd is forecast_total_usd"),
                j.get("warnings").toString());
        List<String> lines = Files.readAllLines(csv);
        double csvSum = 0;
        for (String line : lines.subList(1, lines.size())) {
            csvSum += Double.parseDouble(line.split(",")[1]);
        }
        assertEquals(j.get("forecast_total_usd").asDouble(), j.get("month_to_date_usd").asDouble() + csvSum, 1e-6, "--forecast-csv");
        assertRowsAddUp(forecast("cost-forecast", "-f", "json", "-q", "--by", "team", partial.toString()), "--by team");
        JsonNode quarter = forecast("cost-forecast", "-f", "json", "-q", "--horizon", "quarter", partial.toString());
        assertEquals(quarter.get("forecast_total_usd").asDouble(), quarter.get("quarter_to_date_usd").asDouble() + rowsSum(quarter),
                1e-6, "--horizon quarter: quarter to date plus the rows");
    }

    /**
     * fe19b: a period that starts after the as-of day (--horizon 30d: 2026-11-15 to 2026-12-14) counted the estimated
     * rest of the partial 2026-11-14 in its total ($0.39) though no row or day of the period holds it.
     */
    @Test
    void aPartialAsOfDayBeforeThePeriodIsNotCountedInIt() {
        JsonNode j = forecast("cost-forecast", "-f", "json", "-q", "--horizon", "30d", partial.toString());
        assertEquals("2026-11-15", j.get("forecast").get(0).get("date").asText(), "the period starts the day after as of");
        // nothing of the period is logged: its rows are the whole total
        assertEquals(j.get("forecast_total_usd").asDouble(), rowsSum(j), 1e-6, "--horizon 30d: the rows vs the total");
        JsonNode cumulative = j.get("cumulative");
        if (cumulative != null && cumulative.size() > 0) {
            JsonNode lastDay = cumulative.get(cumulative.size() - 1);
            assertEquals(j.get("forecast_total_usd").asDouble(), lastDay.get("forecast_usd").asDouble(), 1e-6, "the running total ends at the total");
        }
    }

    /** The same with a log ending at noon on November 30: December's total counted that afternoon, and so did its budget alert. */
    @Test
    void aPartialLastDayOfTheMonthBeforeIsNotCountedInTheNextMonthNorInItsAlert() throws IOException {
        Path budget = TestSupport.write(dir, "budget.yaml", "{total: 5}\n");
        JsonNode j = forecast("cost-forecast", "-f", "json", "-q", "--budget", budget.toString(), endsOnTheMonthsLastDay.toString());
        assertEquals("2026-12-01", j.get("forecast").get(0).get("date").asText());
        assertEquals(j.get("forecast_total_usd").asDouble(), rowsSum(j), 1e-6, "December: the rows vs the total");
        // the alert fires on the 80% upper bound forecast_total_interval prints, the month's own
        List<Double> forecastAlerts = new ArrayList<>();
        j.get("alerts").forEach(a -> {
            if (a.get("kind").asText().equals("forecast") && a.get("expected_date").asText().startsWith("2026-12")) {
                forecastAlerts.add(a.get("value_usd").asDouble());
            }
        });
        assertEquals(List.of(j.get("forecast_total_interval").get("hi80").asDouble()), forecastAlerts, j.get("alerts").toString());
    }

    @Test
    void anOutagesEstimatedDaysAreRowsSoTheRowsAddUpToTheTotal() {
        JsonNode j = forecast("cost-forecast", "-f", "json", "-q", outage.toString());
        assertTrue(j.get("warnings").toString().contains("logging outage"), j.get("warnings").toString());
        assertRowsAddUp(j, "an outage in the month");
        List<String> estimated = new ArrayList<>();
        j.get("forecast").forEach(p -> {
            if (p.get("date").asText().compareTo("2026-11-14") <= 0) {
                estimated.add(p.get("date").asText());
            }
        });
        assertEquals(List.of("2026-11-03", "2026-11-04", "2026-11-05"), estimated);
    }

    /** Every money figure as written: at most nine decimals (a billionth of a dollar), no float residue. */
    private static void assertMoneyRounded(JsonNode node, String path, List<String> bad) {
        if (node.isObject()) {
            node.fields().forEachRemaining((Map.Entry<String, JsonNode> e) -> {
                String k = e.getKey(), at = path + "." + k;
                boolean money = k.endsWith("_usd") || k.matches("(lo|hi)(80|95)") || k.equals("burn_rate_usd_per_day");
                if (money && e.getValue().isNumber() && new BigDecimal(e.getValue().asText()).stripTrailingZeros().scale() > ForecastResult.USD_SCALE) {
                    bad.add(at + "=" + e.getValue().asText());
                }
                assertMoneyRounded(e.getValue(), at, bad);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                assertMoneyRounded(node.get(i), path + "[" + i + "]", bad);
            }
        }
    }

    @Test
    void moneyIsRoundedToABillionthOfADollarEverywhere() throws IOException {
        for (String[] args : List.of(new String[]{partial.toString()}, new String[]{outage.toString(), "--by", "team"},
                new String[]{partial.toString(), "--horizon", "quarter"})) {
            List<String> cmd = new ArrayList<>(List.of("cost-forecast", "-f", "json", "-q"));
            cmd.addAll(List.of(args));
            List<String> bad = new ArrayList<>();
            assertMoneyRounded(forecast(cmd.toArray(String[]::new)), "", bad);
            assertEquals(List.of(), bad.subList(0, Math.min(5, bad.size())), String.join(" ", args) + ": " + bad.size() + " figures");
        }
        Path csv = dir.resolve("rounded.csv");
        forecast("cost-forecast", "-f", "json", "-q", "--forecast-csv", csv.toString(), outage.toString());
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            for (String cell : line.substring(line.indexOf(',') + 1).split(",")) {
                assertTrue(new BigDecimal(cell).stripTrailingZeros().scale() <= ForecastResult.USD_SCALE, line);
            }
        }
    }
}
