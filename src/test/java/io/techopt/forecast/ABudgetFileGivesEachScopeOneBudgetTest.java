package io.techopt.forecast;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two budgets on one scope (team:B at $10 and at $20, or "total" and "TOTAL") were both read and the first one used,
 * with no word of the other: a $20 budget silently checked at $10. The file is the user's to fix: a usage error naming
 * the scope and both amounts.
 */
class ABudgetFileGivesEachScopeOneBudgetTest {
    @TempDir
    Path dir;

    @Test
    void twoBudgetsOnOneScopeAreAUsageErrorNamingBoth() throws IOException {
        Path f = TestSupport.write(dir, "b.yaml", "budgets:\n  - {scope: \"team:B\", monthly_usd: 10}\n"
                + "  - {scope: total, monthly_usd: 50}\n  - {scope: \"Team:B\", monthly_usd: 20}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Budgets.load(f));
        assertTrue(e.getMessage().contains("'team:B' has two budgets ($10.00 and $20.00)"), e.getMessage());
    }

    @Test
    void totalSpelledTwoWaysIsOneScope() throws IOException {
        Path f = TestSupport.write(dir, "t.yaml", "{total: 50, TOTAL: 60}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Budgets.load(f));
        assertTrue(e.getMessage().contains("'total' has two budgets"), e.getMessage());
    }

    @Test
    void differentScopesStayBudgetsOfTheirOwn() throws IOException {
        Path f = TestSupport.write(dir, "ok.yaml", "budgets:\n  - {scope: \"team:B\", monthly_usd: 10}\n"
                + "  - {scope: \"team:b\", monthly_usd: 20}\n  - {scope: \"model:B\", monthly_usd: 5}\n");
        assertEquals(3, Budgets.load(f).size());
    }
}
