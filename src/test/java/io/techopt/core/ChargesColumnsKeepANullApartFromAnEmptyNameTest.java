package io.techopt.core;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Charges hold their rows as tablesaw columns, whose StringColumn stores null as "" (its missing value). A log may name
 * a provider or team "" (FOCUS then writes ProviderName "" and Tags {"team":""}, where no provider gives the catalog's
 * or Unknown and no team {}), so a row must read back exactly as appended: the first columns version wrote Unknown and
 * {} for the blank ones (found by /tmp/tab16c/compare.sh, blanks.jsonl).
 */
class ChargesColumnsKeepANullApartFromAnEmptyNameTest {
    @Test
    void everyRowReadsBackAsAppendedNullsAndEmptyNamesApart() {
        LocalDate day = LocalDate.of(2026, 6, 1);
        List<Charge> rows = List.of(
                new Charge(day, "", "", "gpt-4o", "", "gpt-4o", "input", "input", 2.5e-6, 100, 2.5e-4, 1,
                        LocalDate.of(2025, 2, 6), null),
                new Charge(day, null, null, null, null, null, "billed", "as_billed", Double.NaN, 3, 0.25, 3, null, "openai"),
                new Charge(day.plusDays(1), "openai", "OpenAI", "o1", "b", "o1", "reasoning", "output/batch", 3e-5, 300,
                        9e-3, 0, null, ""));
        Charges charges = new Charges();
        rows.forEach(charges::append);
        charges.unpriced(4, List.of("nopriced-x"));

        assertEquals(rows, charges.charges());
        assertEquals(3, charges.size());
        assertEquals("", charges.provider(0));
        assertEquals(null, charges.provider(1));
        assertEquals("", charges.team(0));
        assertEquals(null, charges.team(1));
        assertEquals("", charges.catalogProvider(2));
        assertEquals(4, charges.unpricedRequests());
        assertEquals(List.of("nopriced-x"), charges.unpricedModels());
    }
}
