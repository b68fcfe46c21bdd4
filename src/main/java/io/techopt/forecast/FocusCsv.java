package io.techopt.forecast;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.techopt.analyze.AnalyzeResult;
import io.techopt.analyze.Dimension;
import io.techopt.pricing.PriceBook;
import io.techopt.report.AtomicOutput;
import io.techopt.report.CsvWriter;
import io.techopt.report.Redactor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finance exports: a FOCUS 1.2 cost and usage file (one row per day x provider x model x team) and the daily
 * forecast. Costs are techopt's recomputed list prices, so BilledCost sums to analyze-logs' cost_usd. Every FOCUS 1.2
 * mandatory column is written with the specification's value rules; techopt's own columns carry the x_ prefix and
 * come after the FOCUS ones.
 */
public final class FocusCsv {
    /** The grouping the FOCUS file needs from the analysis. */
    public static final List<Dimension> GROUPING = List.of(Dimension.DAY, Dimension.PROVIDER, Dimension.MODEL, Dimension.TEAM);

    /** Written when no --billing-account-id / --billing-account-name is given: the columns must not be null. */
    public static final String UNASSIGNED = "unassigned";

    public static final List<String> COLUMNS = List.of("BilledCost", "BillingAccountId", "BillingAccountName",
            "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
            "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "ConsumedQuantity",
            "ConsumedUnit", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity",
            "PricingUnit", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName", "ServiceSubcategory",
            "SkuId", "Tags", "x_Model", "x_InputTokens", "x_CachedInputTokens", "x_CacheWriteTokens", "x_OutputTokens", "x_Requests",
            "x_Unpriced");

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
            Map.entry("deepinfra", "DeepInfra"), Map.entry("fireworks_ai", "Fireworks AI"));

    private FocusCsv() {
    }

    public static void write(Path out, AnalyzeResult a, PriceBook prices, Account account) throws IOException {
        AnalyzeResult.GroupTable table = a.groups().stream()
                .filter(g -> g.by().equals(GROUPING.stream().map(Dimension::id).toList())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the analysis lacks the day x provider x model x team grouping"));
        var json = JsonMapper.builder().build();
        AtomicOutput.write(out, w -> {
            CsvWriter csv = new CsvWriter(w);
            csv.row(COLUMNS);
            List<AnalyzeResult.GroupRow> rows = new java.util.ArrayList<>(table.rows());
            rows.sort(java.util.Comparator.comparing((AnalyzeResult.GroupRow r) -> r.key().get("day"))
                    .thenComparing(r -> r.key().get("provider")).thenComparing(r -> r.key().get("model"))
                    .thenComparing(r -> r.key().get("team")));
            for (AnalyzeResult.GroupRow r : rows) {
                LocalDate day = LocalDate.parse(r.key().get("day"));
                LocalDate month = day.withDayOfMonth(1);
                String provider = r.key().get("provider");
                String model = r.key().get("model");
                String team = r.key().get("team");
                String providerName = provider.equals("(none)") ? "Unknown"
                        : Redactor.redact(PROVIDERS.getOrDefault(provider.toLowerCase(Locale.ROOT), provider.strip()));
                PriceBook.Resolution res = prices.resolve(model, provider.equals("(none)") ? null : provider);
                String shownModel = Redactor.redact(model);
                Double cost = r.costUsd();
                String tags = team.equals("(none)") ? "{}" : json.writeValueAsString(Map.of("team", Redactor.redact(team)));
                long tokens = r.inputTokens() + r.cacheReadTokens() + r.cacheWriteTokens() + r.outputTokens(); // every token kind
                csv.row(cost, account.id(), account.name(), "USD", instant(month.plusMonths(1)), instant(month), "Usage",
                        null, "LLM API tokens for " + shownModel, "Usage-Based", instant(day.plusDays(1)), instant(day),
                        tokens, "Tokens", cost, cost, providerName, cost, tokens, "Tokens", providerName, providerName,
                        "AI and Machine Learning", providerName + " API", "Generative AI",
                        res == null ? shownModel : Redactor.redact(res.entry().key()), tags, shownModel, r.inputTokens(),
                        r.cacheReadTokens(), r.cacheWriteTokens(), r.outputTokens(), r.requests(), res == null ? "true" : "false");
            }
            csv.flush();
        });
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
