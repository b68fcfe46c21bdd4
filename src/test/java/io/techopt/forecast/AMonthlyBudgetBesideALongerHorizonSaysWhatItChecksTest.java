package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r21f M3: with --horizon quarter and a monthly budget the scopes table printed budget_usd $7.00 beside the
 * quarter's forecast_total_usd $22.61, and only the month of the first forecast day was checked against the budget,
 * with no note saying either. A note now says the budget is monthly and that each month of the period is evaluated; with --horizon month there is no such note.
 */
class AMonthlyBudgetBesideALongerHorizonSaysWhatItChecksTest {
    @TempDir
    static Path dir;

    @Test
    void aQuarterOrThirtyDayHorizonWithABudgetSaysTheBudgetIsMonthly() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            for (int h = 0; h < 24; h++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:30:00Z", h))
                        .append("\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":9000,\"output_tokens\":667}}\n");
            }
        }
        Path log = TestSupport.write(dir, "flat.jsonl", sb.toString());
        Path budget = TestSupport.write(dir, "b.yaml", "budgets:\n  - {scope: total, monthly_usd: 25}\n");
        for (String horizon : new String[]{"quarter", "30d"}) {
            JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--horizon", horizon, "--budget",
                    budget.toString(), log.toString()).json();
            String w = j.get("warnings").toString();
            // later months are checked too now (EachMonthOfALongerHorizonIsCheckedAgainstItsMonthlyBudgetTest)
            assertTrue(w.contains("budgets are monthly") && w.contains("first forecast day (2026-11)")
                    && w.contains("Each month of the period is evaluated"), horizon + ": " + w);
        }
        JsonNode month = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", budget.toString(), log.toString()).json();
        assertFalse(month.get("warnings").toString().contains("budgets are monthly"), month.get("warnings").toString());
    }
}
