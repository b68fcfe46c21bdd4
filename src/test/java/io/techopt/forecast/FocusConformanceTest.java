package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
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

    /** UnitFormat: a plural count unit, optionally after a whole-number block size ("1000 Tokens"). */
    static final Pattern UNIT = Pattern.compile("([1-9][0-9]* )?[A-Z][a-z]*s");
    static final Set<String> TOKEN_KINDS = Set.of("input", "cache_read", "cache_write", "output", "reasoning");

    @Test
    void quantitiesAndUnitsAreNullTogetherAndSetForUsage() {
        for (CSVRecord r : rows) {
            boolean usage = cell(r, "ChargeCategory").equals("Usage") && cell(r, "ChargeClass").isEmpty();
            for (String[] qu : new String[][]{{"PricingQuantity", "PricingUnit"}, {"ConsumedQuantity", "ConsumedUnit"}}) {
                assertEquals(cell(r, qu[0]).isEmpty(), cell(r, qu[1]).isEmpty(), qu[0] + " and " + qu[1] + " in " + r);
                if (usage) {
                    assertFalse(cell(r, qu[0]).isEmpty(), qu[0] + " is required for Usage");
                    assertTrue(UNIT.matcher(cell(r, qu[1])).matches(), "UnitFormat: " + cell(r, qu[1]));
                }
            }
            // a token row prices one token kind: consumed in tokens, priced per million of them, as price lists quote
            assertTrue(TOKEN_KINDS.contains(cell(r, "x_TokenKind")), "one token kind per row: " + cell(r, "x_TokenKind"));
            assertEquals("Tokens", cell(r, "ConsumedUnit"));
            assertEquals("1000000 Tokens", cell(r, "PricingUnit"));
            assertEquals(0, new BigDecimal(cell(r, "ConsumedQuantity")).compareTo(new BigDecimal(cell(r, "PricingQuantity")).movePointRight(6)),
                    "PricingQuantity is ConsumedQuantity in millions: " + r);
            long kindColumns = Long.parseLong(cell(r, "x_InputTokens")) + Long.parseLong(cell(r, "x_CachedInputTokens"))
                    + Long.parseLong(cell(r, "x_CacheWriteTokens")) + Long.parseLong(cell(r, "x_OutputTokens"));
            assertEquals(Long.parseLong(cell(r, "ConsumedQuantity")), kindColumns, "the row's tokens sit in its kind's column only");
        }
    }

    /**
     * FOCUS 1.2 listunitprice.md, contractedunitprice.md, listcost.md, skupriceid.md: a Usage row names its SKU and SKU
     * price, its unit prices are non-negative, and unit price x PricingQuantity is the matching cost, column by column.
     */
    @Test
    void eachRowPricesOneThingAndUnitPriceTimesPricingQuantityIsTheCost() {
        java.util.Map<String, String> priceOfSkuPriceOnADay = new java.util.HashMap<>();
        for (CSVRecord r : rows) {
            for (String c : List.of("ListUnitPrice", "ContractedUnitPrice", "SkuId", "SkuPriceId", "PricingCategory")) {
                assertFalse(cell(r, c).isEmpty(), c + " MUST NOT be null for Usage: " + r);
            }
            assertTrue(cell(r, "SkuPriceId").startsWith(cell(r, "SkuId") + "/"), "one parent SkuId: " + r);
            assertTrue(Set.of("Standard", "Dynamic", "Committed", "Other").contains(cell(r, "PricingCategory")));
            BigDecimal quantity = new BigDecimal(cell(r, "PricingQuantity"));
            for (String[] pc : new String[][]{{"ListUnitPrice", "ListCost"}, {"ContractedUnitPrice", "ContractedCost"}}) {
                assertTrue(NUMERIC.matcher(cell(r, pc[0])).matches(), pc[0] + " NumericFormat: " + cell(r, pc[0]));
                BigDecimal unit = new BigDecimal(cell(r, pc[0]));
                assertTrue(unit.signum() >= 0, pc[0] + " is non-negative");
                BigDecimal cost = new BigDecimal(cell(r, pc[1]));
                BigDecimal product = unit.multiply(quantity);
                assertTrue(product.subtract(cost).abs().compareTo(new BigDecimal("1e-12").max(cost.abs().movePointLeft(12))) <= 0,
                        pc[0] + " x PricingQuantity = " + product + " but " + pc[1] + " = " + cost + " in " + r);
            }
            // a SKU price has one unit price on a day (the price in effect that day)
            String previous = priceOfSkuPriceOnADay.put(cell(r, "SkuPriceId") + "@" + cell(r, "ChargePeriodStart"), cell(r, "ListUnitPrice"));
            assertTrue(previous == null || previous.equals(cell(r, "ListUnitPrice")), "one unit price per SKU price and day: " + r);
        }
    }

    @Test
    void tokensOfEachKindSumToAnalyzesTokenTotalsAndEachModelsCostToItsByModelCost() {
        JsonNode a = TestSupport.cli("analyze", "-q", "-f", "json", log.toString()).json();
        java.util.Map<String, Long> tokens = new java.util.HashMap<>();
        java.util.Map<String, BigDecimal> byModel = new java.util.HashMap<>();
        for (CSVRecord r : rows) {
            tokens.merge(cell(r, "x_TokenKind"), Long.parseLong(cell(r, "ConsumedQuantity")), Long::sum);
            byModel.merge(cell(r, "x_Model"), new BigDecimal(cell(r, "BilledCost")), BigDecimal::add);
        }
        // unpriced models have no list price, so no FOCUS row: their tokens are the only ones missing
        assertEquals(a.at("/tokens/input").asLong() - unpriced(a, "input_tokens"), tokens.getOrDefault("input", 0L));
        assertEquals(a.at("/tokens/cache_read").asLong() - unpriced(a, "cache_read_tokens"), tokens.getOrDefault("cache_read", 0L));
        assertEquals(a.at("/tokens/cache_write").asLong() - unpriced(a, "cache_write_tokens"), tokens.getOrDefault("cache_write", 0L));
        assertEquals(a.at("/tokens/reasoning").asLong() - unpriced(a, "reasoning_tokens"), tokens.getOrDefault("reasoning", 0L));
        assertEquals(a.at("/tokens/output").asLong() - unpriced(a, "output_tokens"),
                tokens.getOrDefault("output", 0L) + tokens.getOrDefault("reasoning", 0L),
                "output rows are the visible output, reasoning rows the rest of analyze's output tokens");
        assertTrue(tokens.getOrDefault("cache_read", 0L) > 0 && tokens.getOrDefault("output", 0L) > 0, tokens.toString());
        for (JsonNode m : a.get("by_model")) {
            if (!m.get("cost_usd").isNull()) {
                assertEquals(m.get("cost_usd").asDouble(), byModel.get(m.get("model").asText()).doubleValue(),
                        1e-9 * Math.max(1e-6, m.get("cost_usd").asDouble()), m.get("model").asText());
            }
        }
    }

    static long unpriced(JsonNode analyze, String key) {
        long n = 0;
        for (JsonNode u : analyze.get("unpriced_models")) {
            n += u.get(key).asLong();
        }
        return n;
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
        JsonNode a = TestSupport.cli("analyze", "-q", "-f", "json", log.toString()).json();
        assertEquals(4000, a.get("requests").asLong());
        assertEquals(4000 - unpriced(a, "requests"), requests, "x_Requests sums to the priced requests (a group's on its first row)");
    }

    /** The bundled sample (analyze: $6.6612336) and a real public trace priced at a list price. */
    @Test
    void billedCostSumsToAnalyzesCostOnTheSampleAndOnARealTrace() throws IOException {
        assertBilledCostIsAnalyzesCost(List.of("samples/requests.jsonl.gz"), 6.6612336);
        Path azure = TestSupport.shared("data/azure-llm-trace-2023/AzureLLMInferenceTrace_conv.csv");
        assertBilledCostIsAnalyzesCost(List.of(azure.toString(), "--default-model", "gpt-4o-mini"), null);
    }

    /** A FOCUS export read back (its BilledCost taken as billed) and exported again keeps its cost and requests. */
    @Test
    void aFocusExportReadBackAndExportedAgainKeepsItsBilledCostAndItsRequests() throws IOException {
        Path first = Files.createTempFile(dir, "first", ".csv");
        assertEquals(0, TestSupport.cli("cost-forecast", "-q", "-f", "json", "--focus-csv", first.toString(), log.toString()).code());
        JsonNode a = TestSupport.cli("analyze", "-q", "-f", "json", log.toString()).json();
        double priced = a.get("cost_usd").asDouble();
        long requests = a.get("requests").asLong() - unpriced(a, "requests");
        JsonNode again = TestSupport.cli("analyze", "-q", "-f", "json", first.toString()).json();
        assertEquals(priced, again.get("cost_usd").asDouble(), 1e-9 * priced, "read back: the billed cost");
        assertEquals(requests, again.get("requests").asLong(), "read back: the requests");
        assertBilledCostIsAnalyzesCost(List.of(first.toString()), priced);
    }

    private static void assertBilledCostIsAnalyzesCost(List<String> input, Double expected) throws IOException {
        List<String> analyzeArgs = new ArrayList<>(List.of("analyze", "-q", "-f", "json"));
        analyzeArgs.addAll(input);
        JsonNode a = TestSupport.cli(analyzeArgs.toArray(String[]::new)).json();
        double cost = a.get("cost_usd").asDouble();
        if (expected != null) {
            assertEquals(expected, cost, 1e-9, "analyze's cost_usd");
        }
        assertTrue(cost > 0 && a.get("requests").asLong() > 0, a.toString());
        Path focus = Files.createTempFile(dir, "focus", ".csv");
        List<String> args = new ArrayList<>(List.of("cost-forecast", "-q", "-f", "json", "--focus-csv", focus.toString()));
        args.addAll(input);
        TestSupport.Run run = TestSupport.cli(args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        BigDecimal billed = BigDecimal.ZERO;
        long requests = 0;
        try (Reader r = Files.newBufferedReader(focus); CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            for (CSVRecord row : p) {
                billed = billed.add(new BigDecimal(row.get("BilledCost")));
                requests += Long.parseLong(row.get("x_Requests"));
                BigDecimal product = new BigDecimal(row.get("ListUnitPrice")).multiply(new BigDecimal(row.get("PricingQuantity")));
                BigDecimal listCost = new BigDecimal(row.get("ListCost"));
                assertTrue(product.subtract(listCost).abs().compareTo(new BigDecimal("1e-12").max(listCost.movePointLeft(12))) <= 0,
                        "ListCost = ListUnitPrice x PricingQuantity: " + row);
            }
        }
        assertEquals(cost, billed.doubleValue(), 1e-9 * cost, input + ": BilledCost sums to analyze's cost_usd");
        assertEquals(a.get("requests").asLong() - unpriced(a, "requests"), requests, input + ": priced requests");
        if (unpriced(a, "requests") > 0) {
            // what the file cannot hold is said, not dropped silently
            args.remove("-q");
            TestSupport.Run loud = TestSupport.cli(args.toArray(String[]::new));
            assertTrue(loud.err().contains(unpriced(a, "requests") + " requests of models without a price ("
                    + a.at("/unpriced_models/0/model").asText()), loud.err());
        }
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
