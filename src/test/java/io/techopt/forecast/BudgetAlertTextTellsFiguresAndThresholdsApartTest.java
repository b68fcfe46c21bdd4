package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r17 #7: an alert firing on an 80% upper bound just above the budget printed both rounded to cents, "$39.89 ...
 * against a $39.89 budget". r17 #8: the 50, 80 and 100% alerts of one day printed the same sentence three times, with a
 * tiny budget as "$0.00 of its $0.00".
 */
class BudgetAlertTextTellsFiguresAndThresholdsApartTest {
    @TempDir
    Path tmp;

    /** 24 requests a day of a model priced $1 per million input tokens, a million tokens each: exactly $24 a day. */
    private Path flatLog(LocalDate from, LocalDate to) throws IOException {
        StringBuilder b = new StringBuilder();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            for (int h = 0; h < 24; h++) {
                b.append(String.format("{\"timestamp\":\"%sT%02d:30:00Z\",\"model\":\"flat-model\",\"usage\":{\"input_tokens\":1000000,"
                        + "\"output_tokens\":0}}\n", d, h));
            }
        }
        return TestSupport.write(tmp, "flat.jsonl", b.toString());
    }

    private static List<String> dollars(String message) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\$([0-9.]+[0-9])").matcher(message);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void aForecastJustAboveTheBudgetIsShownAboveIt() throws IOException {
        Path log = flatLog(LocalDate.parse("2026-08-20"), LocalDate.parse("2026-10-15"));
        Path prices = TestSupport.write(tmp, "p.json", "{\"flat-model\": {\"input\": 1.0, \"output\": 1.0}}");
        // October at $24 a day is $744.00; a budget a tenth of a cent below it
        Path budget = TestSupport.write(tmp, "b.yaml", "total: 743.999\n");
        TestSupport.Run run = TestSupport.cli("cost-forecast", log.toString(), "--prices", prices.toString(), "--budget",
                budget.toString(), "-f", "json", "-q");
        JsonNode alerts = run.json().get("alerts");
        assertEquals(1, alerts.size(), run.out() + run.err());
        String message = alerts.get(0).get("message").asText();
        List<String> shown = dollars(message);
        assertTrue(shown.contains("743.999"), message);
        assertTrue(Double.parseDouble(shown.get(0)) > 743.999, "the bound shown is above the budget shown: " + message);
    }

    @Test
    void eachThresholdAlertSaysWhichThresholdFired() throws IOException {
        Path log = flatLog(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-02"));
        Path prices = TestSupport.write(tmp, "p.json", "{\"flat-model\": {\"input\": 1.0, \"output\": 1.0}}");
        Path budget = TestSupport.write(tmp, "b.yaml", "total: 0.0001\n");
        TestSupport.Run run = TestSupport.cli("cost-forecast", log.toString(), "--prices", prices.toString(), "--budget",
                budget.toString(), "-f", "json", "-q");
        Set<String> messages = new HashSet<>();
        int actual = 0;
        for (JsonNode a : run.json().get("alerts")) {
            if (!a.get("kind").asText().equals("actual")) {
                continue;
            }
            actual++;
            String m = a.get("message").asText();
            messages.add(m);
            assertTrue(m.contains(Math.round(100 * a.get("threshold").asDouble()) + "%"), m);
            assertFalse(m.contains("$0.00 "), "a non-zero budget is not shown as $0.00: " + m);
        }
        assertEquals(3, actual, run.json().get("alerts").toString());
        assertEquals(3, messages.size(), messages.toString());
    }

    /** The same for an earlier month's overrun: September's $720.00 against a $719.999 budget. */
    @Test
    void anEarlierMonthJustOverTheBudgetIsShownOverIt() throws IOException {
        Path log = flatLog(LocalDate.parse("2026-08-20"), LocalDate.parse("2026-10-15"));
        Path prices = TestSupport.write(tmp, "p.json", "{\"flat-model\": {\"input\": 1.0, \"output\": 1.0}}");
        Path budget = TestSupport.write(tmp, "b.yaml", "total: 719.999\n");
        TestSupport.Run run = TestSupport.cli("cost-forecast", log.toString(), "--prices", prices.toString(), "--budget",
                budget.toString(), "-f", "json", "-q");
        String september = null;
        for (JsonNode a : run.json().get("alerts")) {
            if (a.get("message").asText().contains("in 2026-09")) {
                september = a.get("message").asText();
            }
        }
        assertTrue(september != null, run.json().get("alerts").toString());
        assertEquals(List.of("720.000", "719.999"), dollars(september), september);
    }
}
