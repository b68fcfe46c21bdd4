package io.techopt.forecast;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.techopt.core.AtomicOutput;
import io.techopt.core.Charges;
import io.techopt.core.Redactor;
import io.techopt.report.CsvWriter;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finance exports: a FOCUS 1.2 cost and usage file and the daily forecast. Each charge row prices one thing (the
 * specification's unit-price rule): per day x provider x model x team, the tokens of one kind (x_TokenKind: input,
 * cache_read, cache_write, output, reasoning) that one SKU price (SkuPriceId: price key / kind [/batch]
 * [/above_N_tokens]) priced. PricingUnit is "1000000 Tokens", as price lists quote them, PricingQuantity the tokens in
 * millions, ListUnitPrice the list rate per million and ListCost = ListUnitPrice x PricingQuantity; ConsumedQuantity
 * counts the tokens; x_PriceEffective is the date of the dated price that priced the row (analyze's price_effective;
 * empty for an undated catalog such as LiteLLM's, and for billed rows). Costs are techopt's recomputed list prices, so BilledCost sums to analyze-logs' cost_usd.
 * Requests a billing export logged with their cost only are one row per group at the billed price per request.
 * Every FOCUS 1.2 mandatory column is written with the value rules; techopt's own columns carry the x_ prefix and
 * come after the FOCUS ones.
 */
public final class FocusCsv {
    /** Written when no --billing-account-id / --billing-account-name is given: the columns must not be null. */
    public static final String UNASSIGNED = "unassigned";

    /** Prices are quoted per million tokens; unit prices keep 12 significant digits (more than any price list has). */
    static final String TOKEN_UNIT = "1000000 Tokens";
    private static final MathContext PRICE_DIGITS = new MathContext(12);
    /** Costs keep 15 significant digits, what the double they were summed in holds. */
    private static final MathContext COST_DIGITS = new MathContext(15);

    public static final List<String> COLUMNS = List.of("BilledCost", "BillingAccountId", "BillingAccountName",
            "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
            "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "ConsumedQuantity",
            "ConsumedUnit", "ContractedCost", "ContractedUnitPrice", "EffectiveCost", "InvoiceIssuerName", "ListCost",
            "ListUnitPrice", "PricingCategory", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
            "ServiceCategory", "ServiceName", "ServiceSubcategory", "SkuId", "SkuPriceId", "Tags", "x_Model",
            "x_TokenKind", "x_InputTokens", "x_CachedInputTokens", "x_CacheWriteTokens", "x_OutputTokens",
            "x_ReasoningTokens", "x_Requests", "x_PriceEffective");

    /** Who bills the rows: FOCUS's BillingAccountId and BillingAccountName. */
    public record Account(String id, String name) {
        public Account {
            id = id == null || id.isBlank() ? UNASSIGNED : id.strip();
            name = name == null || name.isBlank() ? UNASSIGNED : name.strip();
        }
    }

    private static final Map<String, String> PROVIDERS = Map.ofEntries(Map.entry("openai", "OpenAI"),
            Map.entry("anthropic", "Anthropic"), Map.entry("google", "Google"), Map.entry("gemini", "Google"),
            Map.entry("vertex_ai", "Google"), Map.entry("azure", "Microsoft"), Map.entry("bedrock", "AWS"),
            Map.entry("mistral", "Mistral AI"), Map.entry("deepseek", "DeepSeek"), Map.entry("xai", "xAI"),
            Map.entry("cohere", "Cohere"), Map.entry("groq", "Groq"), Map.entry("together_ai", "Together AI"),
            Map.entry("deepinfra", "DeepInfra"), Map.entry("fireworks_ai", "Fireworks AI"),
            // every provider prefix the price book knows, so one file never mixes display names with ids (review r16 #11)
            Map.entry("azure_ai", "Microsoft"), Map.entry("sagemaker", "AWS"), Map.entry("openrouter", "OpenRouter"),
            Map.entry("perplexity", "Perplexity"), Map.entry("ollama", "Ollama"), Map.entry("databricks", "Databricks"),
            Map.entry("watsonx", "IBM"), Map.entry("cerebras", "Cerebras"), Map.entry("sambanova", "SambaNova"),
            Map.entry("hosted_vllm", "vLLM"), Map.entry("vllm", "vLLM"), Map.entry("nvidia_nim", "NVIDIA"),
            Map.entry("replicate", "Replicate"), Map.entry("huggingface", "Hugging Face"), Map.entry("anyscale", "Anyscale"),
            Map.entry("cloudflare", "Cloudflare"), Map.entry("friendliai", "FriendliAI"), Map.entry("github", "GitHub"),
            Map.entry("nebius", "Nebius"), Map.entry("novita", "Novita AI"), Map.entry("lambda_ai", "Lambda"),
            Map.entry("hyperbolic", "Hyperbolic"), Map.entry("meta_llama", "Meta"));

    private FocusCsv() {
    }

    /**
     * ProviderName (and the columns named after it), never empty as FOCUS 1.2 requires: the log's provider, else (no
     * provider field, or a blank one: review r23f FOCUS) the price catalog's for the model (gpt-4o: OpenAI), else Unknown.
     */
    static String providerName(String logged, String catalog) {
        for (String provider : new String[]{logged, catalog}) {
            String name = provider == null ? ""
                    : Redactor.redact(PROVIDERS.getOrDefault(provider.strip().toLowerCase(Locale.ROOT), provider.strip())).strip();
            // a name of spaces or invisible characters only reads as empty
            if (name.codePoints().anyMatch(Character::isLetterOrDigit)) {
                return name;
            }
        }
        return "Unknown";
    }

    /** Writes the charges; what the file could not hold (requests of unpriced models) is in the returned charges. */
    public static void write(Path out, Charges charges, Account account) throws IOException {
        var json = JsonMapper.builder().build();
        AtomicOutput.write(out, w -> {
            CsvWriter csv = new CsvWriter(w);
            csv.row(COLUMNS);
            // one CSV row a row of the charges' columns, each cell read from its column
            for (int r = 0; r < charges.size(); r++) {
                LocalDate day = charges.day(r);
                String kind = charges.kind(r), chargeSku = charges.sku(r), model = charges.model(r);
                long chargeQuantity = charges.quantity(r);
                LocalDate month = day.withDayOfMonth(1);
                String providerName = providerName(charges.provider(r), charges.catalogProvider(r));
                String shownModel = model == null ? "(none)" : Redactor.redact(model);
                String team = charges.team(r);
                String tags = team == null ? "{}" : json.writeValueAsString(Map.of("team", Redactor.label(team)));
                boolean billed = kind.equals("billed");
                String sku = billed ? shownModel : Redactor.redact(charges.priceKey(r));
                String skuPrice = sku + "/" + chargeSku;
                BigDecimal quantity;
                BigDecimal unitPrice;
                String unit;
                String description;
                BigDecimal listCost = null;
                if (billed) {
                    // cost-only records: the price is what the log billed per request
                    quantity = BigDecimal.valueOf(chargeQuantity);
                    BigDecimal billedCost = new BigDecimal(charges.costUsd(r)).round(COST_DIGITS);
                    if (chargeQuantity > 0) {
                        unitPrice = billedCost.divide(quantity, new MathContext(20));
                        listCost = unitPrice.multiply(quantity).round(COST_DIGITS);
                    } else {
                        // rows that stand for no request (x_Requests 0 throughout): no price per request can be stated
                        unitPrice = BigDecimal.ZERO;
                        listCost = billedCost;
                    }
                    unit = "Requests";
                    description = "LLM API requests of " + shownModel + " at the cost the billing export logged";
                } else {
                    quantity = BigDecimal.valueOf(chargeQuantity).movePointLeft(6);
                    unitPrice = new BigDecimal(charges.usdPerToken(r)).movePointRight(6).round(PRICE_DIGITS);
                    unit = TOKEN_UNIT;
                    description = shownModel + " " + kind.replace('_', ' ') + " tokens at " + plain(unitPrice)
                            + " USD per 1M" + (chargeSku.contains("/batch") ? " (Batch API)" : "")
                            + (chargeSku.contains("/above_") ? " (long-context tier)" : "")
                            + (chargeSku.startsWith("cache_write_1h") ? " (1-hour cache)" : "");
                }
                String cost = plain(listCost != null ? listCost : unitPrice.multiply(quantity).round(COST_DIGITS));
                long tokens = billed ? 0 : chargeQuantity;
                csv.row(cost, account.id(), account.name(), "USD", instant(month.plusMonths(1)), instant(month), "Usage",
                        null, description, "Usage-Based", instant(day.plusDays(1)), instant(day),
                        String.valueOf(chargeQuantity), billed ? "Requests" : "Tokens", cost, plain(unitPrice), cost,
                        providerName, cost, plain(unitPrice), "Standard", plain(quantity), unit, providerName, providerName,
                        "AI and Machine Learning", providerName + " API", "Generative AI", sku, skuPrice, tags, shownModel,
                        billed ? null : kind,
                        kind.equals("input") ? tokens : 0, kind.equals("cache_read") ? tokens : 0,
                        kind.equals("cache_write") ? tokens : 0,
                        kind.equals("output") || kind.equals("reasoning") ? tokens : 0,
                        kind.equals("reasoning") ? tokens : 0, charges.requests(r), charges.priceEffective(r));
            }
            csv.flush();
        });
    }

    /** NumericFormat: plain digits, no exponent, no trailing zeros. */
    private static String plain(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    private static String instant(LocalDate d) {
        return d + "T00:00:00Z";
    }

    /** date, forecast, lo80, hi80, lo95, hi95 for every forecast day. */
    public static void writeForecast(Path out, ForecastResult f) throws IOException {
        AtomicOutput.write(out, w -> {
            CsvWriter csv = new CsvWriter(w);
            csv.row("date", "forecast", "lo80", "hi80", "lo95", "hi95");
            for (ForecastResult.Point p : f.forecast()) {
                csv.row(p.date(), p.costUsd(), p.lo80(), p.hi80(), p.lo95(), p.hi95());
            }
            csv.flush();
        });
    }

}
