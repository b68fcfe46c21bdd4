package io.techopt.forecast;

import io.techopt.TestSupport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12: {@code cost-forecast --focus-csv} conforms to FOCUS 1.2, checked rule by rule, column by column, as the
 * specification (FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec, tag v1.2, specification/columns/*.md) states them.
 */
class FocusConformanceTest {
    /** The 21 columns FOCUS 1.2 says MUST be present in a FOCUS dataset. */
    static final List<String> MANDATORY = List.of("BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency",
            "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription",
            "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost",
            "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName");
    /** Every column FOCUS 1.2 defines; anything else must carry the x_ prefix. */
    static final Set<String> FOCUS_COLUMNS = Set.of("AvailabilityZone", "BilledCost", "BillingAccountId",
            "BillingAccountName", "BillingAccountType", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart",
            "CapacityReservationId", "CapacityReservationStatus", "ChargeCategory", "ChargeClass", "ChargeDescription",
            "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "CommitmentDiscountCategory",
            "CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountQuantity", "CommitmentDiscountStatus",
            "CommitmentDiscountType", "CommitmentDiscountUnit", "ConsumedQuantity", "ConsumedUnit", "ContractedCost",
            "ContractedUnitPrice", "EffectiveCost", "InvoiceId", "InvoiceIssuerName", "ListCost", "ListUnitPrice",
            "PricingCategory", "PricingCurrency", "PricingCurrencyContractedUnitPrice", "PricingCurrencyEffectiveCost",
            "PricingCurrencyListUnitPrice", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "RegionId",
            "RegionName", "ResourceId", "ResourceName", "ResourceType", "ServiceCategory", "ServiceName",
            "ServiceSubcategory", "SkuId", "SkuMeter", "SkuPriceDetails", "SkuPriceId", "SubAccountId", "SubAccountName",
            "SubAccountType", "Tags");
    static final Set<String> CHARGE_CATEGORIES = Set.of("Usage", "Purchase", "Tax", "Credit", "Adjustment");
    static final Set<String> SERVICE_CATEGORIES = Set.of("AI and Machine Learning", "Analytics", "Business Applications",
            "Compute", "Databases", "Developer Tools", "Multicloud", "Identity", "Integration", "Internet of Things",
            "Management and Governance", "Media", "Migration", "Mobile", "Networking", "Security", "Storage", "Web", "Other");
    static final Set<String> AI_SUBCATEGORIES = Set.of("AI Platforms", "Bots", "Generative AI", "Machine Learning",
            "Natural Language Processing", "Other (AI and Machine Learning)");
    /** NumericFormat: integer, decimal or mEn with an unsigned positive exponent; no sign for positives, no commas. */
    static final Pattern NUMERIC = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?(E-?[0-9]+)?");
    /** DateTimeFormat: extended ISO 8601 in UTC, YYYY-MM-DDTHH:mm:ssZ. */
    static final Pattern DATE_TIME = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");

    @TempDir
    static Path dir;
    static Path log;
    static List<String> header;
    static List<CSVRecord> rows;

    @BeforeAll
    static void export() throws IOException {
        // 50 days: charges in two billing periods
        log = dir.resolve("50d.jsonl.gz");
        assertEquals(0, TestSupport.cli("samples", "generate", "--requests", "4000", "--seed", "5", "--days", "50",
                "--out", log.toString()).code());
        Path focus = dir.resolve("focus.csv");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-q", "-f", "json", "--focus-csv", focus.toString(),
                "--billing-account-id", "org-acme-42", "--billing-account-name", "ACME Research", log.toString());
        assertEquals(0, run.code(), run.err());
        try (Reader r = Files.newBufferedReader(focus); CSVParser p = CSVFormat.RFC4180.parse(r)) {
            List<CSVRecord> all = p.getRecords();
            header = all.get(0).toList();
            rows = all.subList(1, all.size());
        }
        assertTrue(rows.size() > 50, "rows: " + rows.size());
    }

    static String cell(CSVRecord r, String column) {
        return r.get(header.indexOf(column));
    }

    @Test
    void everyMandatoryColumnIsPresentAndEveryOtherColumnIsFocusOrXPrefixed() {
        for (String c : MANDATORY) {
            assertTrue(header.contains(c), "missing mandatory column " + c + " in " + header);
        }
        boolean custom = false;
        for (String c : header) {
            assertTrue(FOCUS_COLUMNS.contains(c) || c.startsWith("x_"), "non-FOCUS column without x_: " + c);
            assertFalse(custom && !c.startsWith("x_"), "custom columns come after all FOCUS columns: " + header);
            custom |= c.startsWith("x_");
        }
        assertEquals(header.size(), Set.copyOf(header).size(), "no column twice");
        for (CSVRecord r : rows) {
            assertEquals(header.size(), r.size(), r.toString());
        }
    }

    @Test
    void columnsThatMustNotBeNullAreNeverNull() {
        for (String c : List.of("BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd",
                "BillingPeriodStart", "ChargeCategory", "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart",
                "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost", "ProviderName", "PublisherName",
                "ServiceCategory", "ServiceName")) {
            for (CSVRecord r : rows) {
                assertFalse(cell(r, c).isEmpty(), c + " is null in " + r);
            }
        }
    }

    @Test
    void billingAccountComesFromTheOptions() {
        for (CSVRecord r : rows) {
            assertEquals("org-acme-42", cell(r, "BillingAccountId"));
            assertEquals("ACME Research", cell(r, "BillingAccountName"));
        }
    }

    @Test
    void costColumnsAreDecimalsInNumericFormatAndAgree() {
        for (CSVRecord r : rows) {
            for (String c : List.of("BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "PricingQuantity", "ConsumedQuantity")) {
                assertTrue(NUMERIC.matcher(cell(r, c)).matches(), c + " not in NumericFormat: " + cell(r, c));
            }
            BigDecimal billed = new BigDecimal(cell(r, "BilledCost"));
            assertTrue(billed.signum() >= 0, "Usage at list price is not negative");
            // no negotiated or amortised discounts exist for a recomputed list price
            for (String c : List.of("EffectiveCost", "ListCost", "ContractedCost")) {
                assertEquals(0, billed.compareTo(new BigDecimal(cell(r, c))), c + " vs BilledCost in " + r);
            }
        }
    }

    @Test
    void billingCurrencyIsAnIso4217Code() {
        for (CSVRecord r : rows) {
            String code = cell(r, "BillingCurrency");
            assertTrue(code.matches("[A-Z]{3}"), code);
            assertEquals(code, Currency.getInstance(code).getCurrencyCode());
        }
    }

    @Test
    void chargeCategoryAndClassTakeOnlyAllowedValues() {
        for (CSVRecord r : rows) {
            assertTrue(CHARGE_CATEGORIES.contains(cell(r, "ChargeCategory")), cell(r, "ChargeCategory"));
            // null unless the row corrects a previously invoiced period, and then exactly "Correction"
            assertEquals("", cell(r, "ChargeClass"));
        }
    }

    @Test
    void serviceCategoryAndSubcategoryTakeOnlyAllowedValues() {
        for (CSVRecord r : rows) {
            assertTrue(SERVICE_CATEGORIES.contains(cell(r, "ServiceCategory")), cell(r, "ServiceCategory"));
            if (header.contains("ServiceSubcategory")) {
                assertEquals("AI and Machine Learning", cell(r, "ServiceCategory"));
                assertTrue(AI_SUBCATEGORIES.contains(cell(r, "ServiceSubcategory")), cell(r, "ServiceSubcategory"));
            }
        }
    }

    @Test
    void periodsAreUtcAndTheBillingPeriodCoversTheChargePeriod() {
        Set<String> periods = new java.util.HashSet<>();
        for (CSVRecord r : rows) {
            for (String c : List.of("BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd")) {
                assertTrue(DATE_TIME.matcher(cell(r, c)).matches(), c + ": " + cell(r, c));
            }
            Instant bs = Instant.parse(cell(r, "BillingPeriodStart"));
            Instant be = Instant.parse(cell(r, "BillingPeriodEnd"));
            Instant cs = Instant.parse(cell(r, "ChargePeriodStart"));
            Instant ce = Instant.parse(cell(r, "ChargePeriodEnd"));
            assertTrue(cs.isBefore(ce), "charge period start is before its exclusive end");
            assertTrue(!bs.isAfter(cs) && !ce.isAfter(be), "billing period " + bs + ".." + be + " covers " + cs + ".." + ce);
            ZonedDateTime start = bs.atZone(ZoneOffset.UTC);
            assertEquals(1, start.getDayOfMonth(), "a billing period is a calendar month");
            assertEquals(start.plusMonths(1).toInstant(), be, "inclusive start, exclusive end");
            periods.add(cell(r, "BillingPeriodStart"));
        }
        assertTrue(periods.size() >= 2, "the 50-day log spans two billing periods: " + periods);
    }

    @Test
    void quantitiesAndUnitsAreNullTogetherAndSetForUsage() {
        for (CSVRecord r : rows) {
            boolean usage = cell(r, "ChargeCategory").equals("Usage") && cell(r, "ChargeClass").isEmpty();
            for (String[] qu : new String[][]{{"PricingQuantity", "PricingUnit"}, {"ConsumedQuantity", "ConsumedUnit"}}) {
                assertEquals(cell(r, qu[0]).isEmpty(), cell(r, qu[1]).isEmpty(), qu[0] + " and " + qu[1] + " in " + r);
                if (usage) {
                    assertFalse(cell(r, qu[0]).isEmpty(), qu[0] + " is required for Usage");
                    assertEquals("Tokens", cell(r, qu[1]), "UnitFormat: a plural count unit");
                }
            }
            // every token kind: full-rate input, cache reads, cache writes and output (cli.md: one definition everywhere)
            long tokens = Long.parseLong(cell(r, "x_InputTokens")) + Long.parseLong(cell(r, "x_CachedInputTokens"))
                    + Long.parseLong(cell(r, "x_CacheWriteTokens")) + Long.parseLong(cell(r, "x_OutputTokens"));
            assertEquals(tokens, Long.parseLong(cell(r, "PricingQuantity")), "tokens priced");
            assertEquals(tokens, Long.parseLong(cell(r, "ConsumedQuantity")), "tokens consumed");
        }
    }

    @Test
    void tagsAreKeyValueFormatAndNamesAreNeverEmpty() throws IOException {
        for (CSVRecord r : rows) {
            assertTrue(TestSupport.JSON.readTree(cell(r, "Tags")).isObject(), "Tags is a JSON object");
            for (String c : List.of("ProviderName", "PublisherName", "InvoiceIssuerName", "ServiceName", "SkuId")) {
                assertEquals(cell(r, c).strip(), cell(r, c), c + " StringHandling: no padding");
            }
        }
    }

    @Test
    void billedCostSumsToAnalyzesCostOnTheSameLog() {
        double analyze = TestSupport.cli("analyze", "-q", "-f", "json", log.toString()).json().get("cost_usd").asDouble();
        double billed = 0;
        long requests = 0;
        for (CSVRecord r : rows) {
            billed += Double.parseDouble(cell(r, "BilledCost"));
            requests += Long.parseLong(cell(r, "x_Requests"));
        }
        assertEquals(analyze, billed, 1e-9 * analyze, "BilledCost sums to analyze's cost_usd");
        assertEquals(4000, requests);
    }

    @Test
    void withoutAccountOptionsTheAccountIsStillNeverNullAndTheUserIsTold() throws IOException {
        Path focus = dir.resolve("no-account.csv");
        TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "--focus-csv", focus.toString(), log.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("--billing-account-id"), run.err());
        try (Reader r = Files.newBufferedReader(focus); CSVParser p = CSVFormat.RFC4180.parse(r)) {
            List<CSVRecord> all = new ArrayList<>(p.getRecords());
            List<String> h = all.get(0).toList();
            for (CSVRecord row : all.subList(1, all.size())) {
                assertFalse(row.get(h.indexOf("BillingAccountId")).isEmpty());
                assertFalse(row.get(h.indexOf("BillingAccountName")).isEmpty());
            }
        }
    }
}
